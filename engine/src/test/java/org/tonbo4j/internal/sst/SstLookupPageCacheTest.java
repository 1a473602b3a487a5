package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.assertEntryEquals;
import static org.tonbo4j.internal.sst.SstTestData.entry;
import static org.tonbo4j.internal.sst.SstTestData.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Point lookups in a file whose row groups do not fit the cache: they read pages, keep the
 * decompressed pages in the cache and reuse their readers, and always return the right rows.
 */
class SstLookupPageCacheTest {

    @Test
    void lookupsBeyondTheCacheReadPagesCacheThemAndStayCorrect() throws IOException {
        Schema schema = SstProjectionTest.wide();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(11);
        // Key blocks larger than three quarters of the cache: lookups must not load them whole.
        List<Entry> entries = SstTestData.wideEntries(codec, rnd, 150_000);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(3), schema,
                new SstWriterOptions(64 << 20, 8 << 10, Compression.ZSTD, 1, 0.01, entries.size()), entries);
        BlockCache cache = new BlockCache(4 << 20);
        cache.put("another-file", 0, 0, new Object(), 3 << 20); // the cache has no room for whole row groups
        try (SstReader r = SstReader.open(storage, FileNames.sst(3), schema, cache)) {
            int[] picks = new int[300];
            int window = rnd.nextInt(entries.size() - 1000);
            for (int i = 0; i < picks.length; i++) {
                picks[i] = window + rnd.nextInt(1000); // pages that fit the quarter of the cache left
            }
            long hits = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int i : picks) {
                    cache.get("another-file", 0, 0); // other data stays the most recently used
                    Entry expected = entries.get(i);
                    long key = (long) expected.values[0];
                    assertEntryEquals(expected, r.get(expected.key, new Object[] {key}, Long.MAX_VALUE, null));
                    assertNull(r.get(codec.encodeKey(key + 1), new Object[] {key + 1}, Long.MAX_VALUE, null));
                }
                if (pass == 0) {
                    assertNull(cache.get(FileNames.sst(3), 0, BlockCache.KEYS), "no whole key block was loaded");
                    assertTrue(cache.size() > 1, "decompressed pages are cached");
                    hits = cache.hits();
                }
            }
            // The second pass asked for the same rows: each lookup found its pages in the cache.
            assertTrue(cache.hits() - hits >= picks.length, (cache.hits() - hits) + " page hits for " + picks.length + " lookups");
        }
    }

    /**
     * A cached key block, value columns too large to cache: a lookup finds its row in the key
     * block and reads only that row's value pages (the right version, tombstones, projections).
     */
    @Test
    void aCachedKeyBlockLeadsLookupsToTheRowsValuePages() throws IOException {
        Schema schema = SstProjectionTest.wide();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(13);
        List<Entry> entries = new ArrayList<>();
        long seq = 1_000_000;
        for (long id = 0; id < 20_000; id++) {
            int versions = id % 10 == 0 ? 3 : 1;
            for (int v = 0; v < versions; v++) {
                if (id % 17 == 0 && v == 0) {
                    entries.add(SstTestData.tombstone(schema, codec, seq--, id * 2));
                    continue;
                }
                Object[] values = new Object[9];
                values[0] = id * 2;
                for (int c = 1; c < 9; c++) {
                    values[c] = c % 2 == 1 ? "value " + rnd.nextLong() : rnd.nextDouble();
                }
                entries.add(entry(codec, seq--, false, values));
            }
        }
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(4), schema,
                new SstWriterOptions(64 << 20, 8 << 10, Compression.ZSTD, 1, 0.01, entries.size()), entries);
        BlockCache cache = new BlockCache(4 << 20);
        cache.put("another-file", 0, 0, new Object(), 3 << 20); // room for the key block, not the values
        boolean[] projected = new boolean[9];
        projected[0] = true;
        projected[3] = true;
        try (SstReader r = SstReader.open(storage, FileNames.sst(4), schema, cache)) {
            // All columns first (too large to cache), then a projection (small enough that the
            // cache may take it: only the answers are checked).
            for (int n = 0; n < 800; n++) {
                boolean[] columns = n < 400 ? null : projected;
                cache.get("another-file", 0, 0);
                int at = rnd.nextInt(entries.size());
                Entry e = entries.get(at);
                long key = (long) e.values[0];
                // The newest version at or below a random snapshot: the entries are newest first per key.
                long maxSeq = e.seq + (rnd.nextBoolean() ? 0 : 1);
                int first = at;
                while (first > 0 && java.util.Arrays.equals(entries.get(first - 1).key, e.key) && entries.get(first - 1).seq <= maxSeq) {
                    first--;
                }
                Entry expected = entries.get(first);
                Entry got = r.get(e.key, new Object[] {key}, maxSeq, columns);
                if (columns == null) {
                    assertEntryEquals(expected, got);
                } else {
                    assertEquals(expected.seq, got.seq);
                    assertEquals(expected.tombstone, got.tombstone);
                    assertEquals(expected.values[3], got.values[3]);
                    assertNull(got.values[1], "a column not asked for is not read");
                }
                assertNull(r.get(codec.encodeKey(key + 1), new Object[] {key + 1}, Long.MAX_VALUE, columns));
                if (n == 399) {
                    assertTrue(cache.get(FileNames.sst(4), 0, BlockCache.KEYS) != null, "the key block is cached");
                    for (int c = 1; c < 9; c++) {
                        assertNull(cache.get(FileNames.sst(4), 0, c), "value column " + c + " was not decoded whole");
                    }
                }
            }
        }
    }

    @Test
    void aChecksumCollisionDecompressesInsteadOfReturningTheWrongPage() throws IOException {
        byte[] page = new byte[4096];
        new Random(5).nextBytes(page);
        for (int i = 0; i < page.length; i += 3) {
            page[i] = 7; // compressible
        }
        CompressionCodecFactory.BytesInputCompressor zstd =
                PureJavaCodecs.INSTANCE.getCompressor(CompressionCodecName.ZSTD);
        byte[] compressed = zstd.compress(BytesInput.from(page)).toByteArray();
        BlockCache cache = new BlockCache(1 << 20);
        byte[] other = compressed.clone();
        other[other.length / 2] ^= 1;
        cache.putPage("f", PageCachingCodecs.contentId(compressed),
                new PageCachingCodecs.Page(other, new byte[page.length]), 2L * page.length);
        CompressionCodecFactory.BytesInputDecompressor d =
                new PageCachingCodecs(cache, "f").getDecompressor(CompressionCodecName.ZSTD);
        assertArrayEquals(page, d.decompress(BytesInput.from(compressed), page.length).toByteArray());
        // Now the real page is cached and served from there.
        long hits = cache.hits();
        assertArrayEquals(page, d.decompress(BytesInput.from(compressed), page.length).toByteArray());
        assertEquals(hits + 1, cache.hits());
    }
}
