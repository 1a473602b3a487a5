package org.tonbo4j.s3;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.Options;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.TieredStorage;
import org.tonbo4j.testing.ModelChecker;

/**
 * The engine's model-based randomized test (random writes, reads, snapshots, flushes,
 * compactions and reopens checked against a TreeMap oracle) on a table wholly in S3 and on a
 * table split between local disk (WAL, manifest, L0–L1) and S3 (L2 and deeper).
 *
 * <p>Operations per configuration: {@code -Dtonbo.test.s3.ops=N} (default 3,000; every write is
 * a PUT). Replay a failure with the printed seed: {@code -Dtonbo.test.seed=S}.
 */
class S3ModelTest {
    private static final long OPS = Long.getLong("tonbo.test.s3.ops", 3_000);

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
    void wholeTableInS3() throws Exception {
        try (S3Storage s3 = S3Storage.open(S3TestServer.config("model-s3").readBlockBytes(4096).build())) {
            new ModelChecker(s3, tiny(), seed(), "s3").run(OPS);
        }
    }

    @Test
    void wholeTableInS3IntervalSyncNoCache() throws Exception {
        Options o = tiny().toBuilder().syncPolicy(SyncPolicy.interval(java.time.Duration.ofMillis(5))).build();
        try (S3Storage s3 = S3Storage.open(S3TestServer.config("model-s3-nocache").memoryCacheBytes(0).build())) {
            new ModelChecker(s3, o, seed(), "s3-interval-nocache").run(OPS);
        }
    }

    @Test
    void hotLevelsLocalColdLevelsInS3(@TempDir Path dir) throws Exception {
        S3Storage s3 = S3Storage.open(S3TestServer.config("model-tiered").build());
        try (TieredStorage tiered = TieredStorage.builder(new LocalStorage(dir)).levelsFrom(2, s3).build()) {
            new ModelChecker(tiered, tiny(), seed(), "local+s3").run(OPS);
        }
    }

    @Test
    void everyLevelInS3WalLocalWithDiskCache(@TempDir Path dir) throws Exception {
        S3Storage s3 = S3Storage.open(S3TestServer.config("model-tiered0").readBlockBytes(8192)
                .memoryCacheBytes(64 << 10).diskCache(dir.resolve("cache"), 256 << 10).build());
        try (TieredStorage tiered = TieredStorage.builder(new LocalStorage(dir.resolve("db"))).levelsFrom(0, s3).build()) {
            new ModelChecker(tiered, tiny(), seed(), "wal-local+s3-diskcache").run(OPS);
        }
    }
}
