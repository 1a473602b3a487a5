package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background compaction moves L0 files whose key ranges are disjoint (from each other and from
 * the level below) instead of rewriting them — the common case of keys that grow with time — and
 * rewrites when ranges overlap or when tombstones would reach the bottom level. Reads see the
 * same rows either way, also after reopening.
 */
class TrivialMoveTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    private static final int FILES = 6;
    private static final int PER_FILE = 500;

    private static Options options() {
        return Options.builder().level0CompactionTrigger(4).syncPolicy(SyncPolicy.never()).build();
    }

    private static Set<String> ssts(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("sst"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Writes FILES flushed batches; keyOf(file, i) gives the keys. Returns when compaction is idle. */
    private static void load(Table<Row> t, java.util.function.LongBinaryOperator keyOf) throws Exception {
        for (int f = 0; f < FILES; f++) {
            for (int i = 0; i < PER_FILE; i++) {
                long k = keyOf.applyAsLong(f, i);
                t.insert(Row.of(SCHEMA, k, "v" + k));
            }
            t.flush();
        }
        for (int i = 0; i < 500 && t.stats().levels().get(0).files() >= 4; i++) {
            Thread.sleep(10);
        }
        assertTrue(t.stats().levels().get(0).files() < 4, "compaction ran: " + t.stats());
    }

    private static long count(Table<Row> t) {
        long n = 0;
        try (RowIterator<Row> it = t.scan()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void disjointFilesMoveWithoutRewrite(@TempDir Path dir) throws Exception {
        Set<String> before;
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, Options.builder().level0CompactionTrigger(100).build())) {
            for (int f = 0; f < 4; f++) {
                for (int i = 0; i < PER_FILE; i++) {
                    long k = (long) f * PER_FILE + i;
                    t.insert(Row.of(SCHEMA, k, "v" + k));
                }
                t.flush();
            }
            before = ssts(dir);
            assertEquals(4, before.size());
        }
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, options())) {
            for (int i = 0; i < 500 && t.stats().levels().get(0).files() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, t.stats().levels().get(0).files(), "L0 emptied: " + t.stats());
            assertEquals(4, t.stats().levels().get(1).files(), "the four files are now L1: " + t.stats());
            assertTrue(t.stats().compactions() >= 1);
            assertEquals(before, ssts(dir), "moved, not rewritten: the same files");
            assertEquals(4L * PER_FILE, count(t));
            assertEquals("v1234", t.get(1234L).orElseThrow().getString("v"));
        }
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, options())) {
            assertEquals(4L * PER_FILE, count(t), "after reopening");
            assertEquals(4, t.stats().levels().get(1).files());
        }
    }

    @Test
    void overlappingFilesAreRewritten(@TempDir Path dir) throws Exception {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, options())) {
            Set<String> seen = new TreeSet<>();
            load(t, (f, i) -> i * FILES + f); // every file spans the whole key range
            seen.addAll(ssts(dir));
            assertEquals((long) FILES * PER_FILE, count(t));
            assertTrue(t.stats().levels().get(1).files() >= 1);
            assertNotEquals(FILES, seen.size(), "merged into fewer files: " + seen);
        }
    }

    @Test
    void tombstonesHeadingForTheBottomAreRewrittenAway(@TempDir Path dir) throws Exception {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, Options.builder().level0CompactionTrigger(100).build())) {
            for (int f = 0; f < 4; f++) {
                for (int i = 0; i < PER_FILE; i++) {
                    long k = (long) f * PER_FILE + i;
                    t.insert(Row.of(SCHEMA, k, "v" + k));
                }
                if (f == 3) {
                    t.delete(1999L); // a tombstone in the last file: it must not survive into the bottom level
                }
                t.flush();
            }
        }
        Set<String> before = ssts(dir);
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, options())) {
            for (int i = 0; i < 500 && t.stats().levels().get(0).files() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, t.stats().levels().get(0).files());
            assertNotEquals(before, ssts(dir), "rewritten");
            assertEquals(4L * PER_FILE - 1, count(t));
            assertTrue(t.get(1999L).isEmpty());
        }
    }
}
