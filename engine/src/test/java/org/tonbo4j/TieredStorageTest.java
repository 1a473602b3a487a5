package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.TieredStorage;

/**
 * Placement per level: SSTs are created where their level lives, compaction moves data across
 * the boundary by rewriting (never by a trivial move that would leave a file in the wrong
 * place), and a table reopened with another placement still finds every file.
 */
class TieredStorageTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    private static final Options OPTIONS = Options.builder().memtableBytes(16 << 10).targetFileBytes(8 << 10)
            .rowGroupBytes(4 << 10).pageBytes(512).level0CompactionTrigger(2).level1MaxBytes(16 << 10)
            .levelSizeMultiplier(2).maxLevels(5).build();

    private static long filesFrom(TableStats s, int fromLevel, int toLevel) {
        return s.levels().stream().filter(l -> l.level() >= fromLevel && l.level() < toLevel).mapToLong(TableStats.Level::files).sum();
    }

    private static void write(Table<Row> t, int from, int n) {
        for (int i = from; i < from + n; i++) {
            t.insert(Row.of(SCHEMA, (long) (i * 7919 % 20000), "value-" + i + "-" + "x".repeat(40)));
            if (i % 500 == 499) {
                t.flush();
            }
        }
        t.flush();
    }

    @Test
    void levelsLiveWhereTheyArePlacedAndMoveThroughCompaction(@TempDir Path dir) throws Exception {
        LocalStorage hot = new LocalStorage(dir.resolve("hot"));
        MemoryStorage cold = new MemoryStorage();
        TableStats stats;
        try (Table<Row> t = Tonbo.open(TieredStorage.builder(hot).levelsFrom(2, cold).build(), SCHEMA, OPTIONS)) {
            write(t, 0, 6000);
            t.compact();
            stats = t.stats();
            assertTrue(filesFrom(stats, 2, 99) > 0, "data reached L2+: " + stats.levels());
            assertEquals(filesFrom(stats, 0, 2), hot.list("sst/").size(), "L0-L1 files are local: " + stats.levels());
            assertEquals(filesFrom(stats, 2, 99), cold.list("sst/").size(), "L2+ files are remote: " + stats.levels());
            assertTrue(hot.exists("CURRENT") && !hot.list("wal/").isEmpty(), "WAL and manifest stay on the primary");
            assertEquals(List.of(), cold.list("wal/"));
            assertEquals(List.of(), cold.list("MANIFEST-"));
        }
        // Reopen with everything from L1 remote: every file is still found where it is.
        try (Table<Row> t = Tonbo.open(TieredStorage.builder(hot).levelsFrom(1, cold).build(), SCHEMA, OPTIONS)) {
            assertEquals(stats.totalFiles(), t.stats().totalFiles());
            long rows = 0;
            try (RowIterator<Row> it = t.scan()) {
                while (it.hasNext()) {
                    it.next();
                    rows++;
                }
            }
            assertEquals(6000, rows);
            write(t, 6000, 2000);
            t.compact();
            TableStats s = t.stats();
            assertEquals(filesFrom(s, 0, 1), hot.list("sst/").size(), "after compaction only L0 is local: " + s.levels());
            assertEquals(filesFrom(s, 1, 99), cold.list("sst/").size(), "L1+ moved to the remote tier: " + s.levels());
        }
    }
}
