package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.TableStats;
import org.tonbo4j.Tonbo;

/**
 * What reads cost in requests, seen through the table's stats: a cold point lookup takes a
 * few ranged GETs, the same lookup again takes none (caches), and a restart with the disk
 * cache needs no GET for blocks it already fetched.
 */
class S3CostTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("a", ColumnType.STRING).column("b", ColumnType.INT64).primaryKey("id").build();

    private static long gets(TableStats s) {
        return s.storageCounters().getOrDefault("s3.get", 0L);
    }

    @Test
    void pointLookupsCostFewGetsAndCachesRemoveThem(@TempDir Path dir) throws Exception {
        S3Config config = S3TestServer.config("cost").diskCache(dir, 64L << 20).build();
        Options options = Options.builder().memtableBytes(1 << 20).build();
        try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
            for (long i = 0; i < 50_000; i += 1000) {
                java.util.List<Row> batch = new java.util.ArrayList<>();
                for (long j = i; j < i + 1000; j++) {
                    batch.add(Row.of(SCHEMA, j, "name-" + j, j * 3));
                }
                t.insertAll(batch); // one group commit, one PUT
            }
            t.flush();
            t.compact();
        }
        for (int restart = 0; restart < 2; restart++) {
            try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
                long before = gets(t.stats());
                assertEquals(12_345L * 3, t.get(12_345L).orElseThrow().getLong("b"));
                long cold = gets(t.stats()) - before;
                long hits = t.stats().storageCounters().get("s3.cache.disk.hits");
                if (restart == 0) {
                    assertTrue(cold >= 1 && cold <= 8, "a cold point lookup takes a few GETs: " + cold);
                } else {
                    assertEquals(0, cold, "after a restart the disk cache serves the blocks fetched before");
                    assertTrue(hits > 0, "disk cache hits are counted");
                }
                before = gets(t.stats());
                t.get(12_345L);
                t.get(12_346L);
                assertEquals(0, gets(t.stats()) - before, "warm lookups take no GET");
            }
        }
    }

    /**
     * On S3 the first lookups in a row group read its pages (column and offset index, one page
     * per column) instead of downloading and decoding the whole row group into the cache.
     */
    @Test
    void coldLookupsReadPagesNotWholeRowGroups() throws Exception {
        S3Config config = S3TestServer.config("cost-pages").readBlockBytes(8 << 10).build();
        Options options = Options.builder().memtableBytes(32 << 20).build();
        long sstBytes;
        try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
            java.util.List<Row> batch = new java.util.ArrayList<>();
            for (long j = 0; j < 200_000; j++) {
                batch.add(Row.of(SCHEMA, j, "name-" + j + "-" + (j * 7919 % 100_003), j * 3));
            }
            t.insertAll(batch);
            t.flush();
            sstBytes = t.stats().totalBytes();
        }
        try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
            boolean first = true;
            for (long k = 1_000; k < 200_000; k += 40_000) {
                long b0 = t.stats().storageCounters().get("s3.get.bytes");
                long g0 = gets(t.stats());
                assertEquals(k * 3, t.get(k).orElseThrow().getLong("b"));
                long bytes = t.stats().storageCounters().get("s3.get.bytes") - b0;
                long n = gets(t.stats()) - g0;
                String what = "cold lookup of " + k + ": " + n + " GETs, " + bytes + " bytes of a " + sstBytes + "-byte SST";
                // The first one also fetches the bloom filter and the page indexes.
                assertTrue(bytes < sstBytes / (first ? 3 : 10), what);
                assertTrue(n >= 1 && n <= 10, what);
                first = false;
            }
        }
    }

    /** Recovery reads a WAL of many small chunk objects ahead, several at once, in order. */
    @Test
    void walRecoveryReadsEveryChunkInOrder() throws Exception {
        S3Config config = S3TestServer.config("cost-wal").build();
        // flushOnClose off: the rows must still be in the WAL when the table reopens
        Options options = Options.builder().memtableBytes(32 << 20).flushOnClose(false).build();
        try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
            for (long i = 0; i < 160; i++) {
                t.insert(Row.of(SCHEMA, i % 80, "v" + i, i)); // one group commit, one chunk object each
            }
        }
        try (S3Storage s3 = S3Storage.open(config); Table<Row> t = Tonbo.open(s3, SCHEMA, options)) {
            for (long k = 0; k < 80; k++) {
                long last = k + 80;
                assertEquals(last, t.get(k).orElseThrow().getLong("b"), "the newest write of key " + k + " survives recovery");
            }
            assertTrue(gets(t.stats()) >= 160, "every chunk was read: " + t.stats().storageCounters());
        }
    }
}
