package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.testing.ModelChecker;

/**
 * Model-based randomized test: random puts, deletes, batches, gets, scans (bounds, prefixes,
 * reverse, limit, projection), snapshots, flushes, compactions and reopens, checked against a
 * TreeMap oracle, in several configurations.
 *
 * <p>Operation count: {@code -Dtonbo.test.ops=N} (total over the memory configurations; default
 * 200,000). Replay a failure with the printed seed: {@code -Dtonbo.test.seed=S}.
 */
class ModelTest {
    private static final long TOTAL_OPS = Long.getLong("tonbo.test.ops", 200_000);

    static long seed() {
        Long fixed = Long.getLong("tonbo.test.seed");
        return fixed != null ? fixed : System.nanoTime();
    }

    /** Tiny memtables, files, row groups and pages: constant flushing and compaction. */
    static Options tiny() {
        return Options.builder().memtableBytes(16 << 10).targetFileBytes(12 << 10).rowGroupBytes(4 << 10)
                .pageBytes(512).level0CompactionTrigger(2).level0StopWritesTrigger(6).level1MaxBytes(24 << 10)
                .levelSizeMultiplier(2).maxLevels(5).cacheBytes(1 << 20).build();
    }

    @Test
    void tinyFilesWithCompaction() {
        run("tinyFilesWithCompaction", tiny(), TOTAL_OPS * 2 / 5);
    }

    @Test
    void compactionOff() {
        run("compactionOff", tiny().toBuilder().compactionEnabled(false).memtableBytes(32 << 10).build(), TOTAL_OPS / 5);
    }

    /** Every transaction commits as a bulk file (see {@code Options.bulkCommitBytes}), mixed with WAL writes. */
    @Test
    void bulkCommits() {
        run("bulkCommits", tiny().toBuilder().bulkCommitBytes(1).build(), TOTAL_OPS / 5);
    }

    @Test
    void defaults() {
        run("defaults", Options.defaults(), TOTAL_OPS * 2 / 5);
    }

    @Test
    void localDiskIntervalSync(@TempDir Path dir) throws Exception {
        long seed = seed();
        Options o = tiny().toBuilder().syncPolicy(SyncPolicy.interval(Duration.ofMillis(5))).build();
        try (LocalStorage storage = new LocalStorage(dir)) {
            new ModelChecker(storage, o, seed, "localDiskIntervalSync").run(Math.max(2000, TOTAL_OPS / 40));
        }
    }

    private static void run(String name, Options options, long ops) {
        long seed = seed();
        new ModelChecker(new MemoryStorage(), options, seed, name).run(Math.max(1000, ops));
    }

    @Test
    void oracleKeyOrderMatchesEngine() {
        // The oracle orders strings by code point; so must the engine (UTF-8 byte order).
        Schema s = ModelChecker.schema();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), s, Options.defaults())) {
            String[] ks = {"", "\u0000", "a", "a\u0000", "a\u0000b", "ab", "\uFFFF", "\uD83D\uDE00", "\u00e9"};
            for (String k : ks) {
                t.insert(Row.of(s, 1, k, null, 7L, null, null, null));
            }
            t.flush();
            java.util.List<String> got = new java.util.ArrayList<>();
            try (RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(r -> got.add(r.getString("k2")));
            }
            java.util.List<String> want = new java.util.ArrayList<>(java.util.List.of(ks));
            want.sort(ModelChecker::compareCodePoints);
            assertEquals(want, got);
        } catch (RuntimeException e) {
            fail(e);
        }
    }
}
