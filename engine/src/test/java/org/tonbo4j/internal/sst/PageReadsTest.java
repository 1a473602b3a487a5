package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.assertEntryEquals;
import static org.tonbo4j.internal.sst.SstTestData.assertValueEquals;
import static org.tonbo4j.internal.sst.SstTestData.entry;
import static org.tonbo4j.internal.sst.SstTestData.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * Single rows read straight from pages ({@link PageReads}) equal what was written, for every
 * column type, nulls, dictionary and plain pages (a dictionary that falls back mid-chunk),
 * several versions of a key and tombstones, with and without a cache; damaged pages are a
 * {@link CorruptionException}, failing storage an IOException.
 */
class PageReadsTest {
    private static final Schema SCHEMA = SstTestData.allTypes();
    private static final KeyCodec CODEC = new KeyCodec(SCHEMA);
    private static final String NAME = FileNames.sst(5);
    private static final int SEQ = ParquetSchemas.seqIndex(SCHEMA);
    private static final int TOMBSTONE = ParquetSchemas.tombstoneIndex(SCHEMA);

    /** Sorted entries: some keys with older versions, some tombstones; strings first from a few values, then unique. */
    private static List<Entry> entries(int keys) {
        Random rnd = new Random(17);
        List<Entry> out = new ArrayList<>();
        long seq = 10 * keys;
        for (long id = 0; id < keys; id++) {
            int versions = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(3) : 1;
            for (int v = 0; v < versions; v++) {
                if (rnd.nextInt(15) == 0) {
                    out.add(SstTestData.tombstone(SCHEMA, CODEC, seq--, id));
                    continue;
                }
                Object[] row = SstTestData.randomAllTypesRow(rnd, id);
                if (row[8] != null && id >= keys / 2) {
                    row[8] = "unique-" + id + "-" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
                }
                out.add(entry(CODEC, seq--, false, row));
            }
        }
        return out;
    }

    private static MemoryStorage written(List<Entry> entries) throws IOException {
        MemoryStorage storage = new MemoryStorage();
        write(storage, NAME, SCHEMA, new SstWriterOptions(128 << 10, 8 << 10, Compression.ZSTD, 1, 0.01, entries.size()),
                entries);
        return storage;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 64L << 20})
    void everyRowOfEveryColumnIsWhatWasWritten(long cacheBytes) throws IOException {
        List<Entry> entries = entries(3000);
        MemoryStorage storage = written(entries);
        BlockCache cache = new BlockCache(cacheBytes);
        try (SstReader r = SstReader.open(storage, NAME, SCHEMA, cache)) {
            assertTrue(r.rowGroupCount() > 1, r.rowGroupCount() + " row group(s)");
            PageReads pages = r.pageReads();
            for (int pass = 0; pass < 2; pass++) { // the second pass reads from the cache when there is one
                int global = 0;
                for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                    for (long row = 0; row < r.rowGroupRowCount(rg); row++, global++) {
                        Entry e = entries.get(global);
                        assertEquals(e.seq, pages.value(rg, SEQ, row), "seq of row " + global);
                        assertEquals(e.tombstone, pages.value(rg, TOMBSTONE, row), "tombstone of row " + global);
                        for (int c = 0; c < SCHEMA.columnCount(); c++) {
                            assertValueEquals(e.values[c], pages.value(rg, c, row), "column " + c + " of row " + global);
                        }
                    }
                }
                assertEquals(entries.size(), global);
            }
            if (cacheBytes > 0) {
                assertTrue(cache.hits() > entries.size() * SCHEMA.columnCount(), cache.hits() + " cache hits");
            }
        }
    }

    /** Lookups by key through the reader, with a cache too small for any row group: the page path. */
    @Test
    void lookupsBeyondTheCacheReturnTheNewestVisibleVersion() throws IOException {
        List<Entry> entries = entries(600);
        MemoryStorage storage = written(entries);
        try (SstReader r = SstReader.open(storage, NAME, SCHEMA, new BlockCache(64 << 10))) {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                boolean newest = i == 0 || !java.util.Arrays.equals(entries.get(i - 1).key, e.key);
                Object[] key = {e.values[0]};
                if (newest) {
                    assertEntryEquals(e, r.get(e.key, key, Long.MAX_VALUE, null));
                }
                // As of just after this version was written: this version.
                assertEntryEquals(e, r.get(e.key, key, e.seq, null));
            }
            long oldest = entries.stream().mapToLong(x -> x.seq).min().orElseThrow();
            Entry first = entries.get(0);
            assertNull(r.get(first.key, new Object[] {first.values[0]}, oldest - 1, null));
        }
    }

    @Test
    void damagedPagesAreCorruptionErrors() throws IOException {
        List<Entry> entries = entries(1500);
        byte[] good = written(entries).readAll(NAME);
        int detected = 0;
        long footerStart = good.length - 8 - footerLength(good);
        int step = (int) Math.max(97, footerStart / 120);
        for (int i = 4; i < footerStart; i += step) {
            byte[] b = good.clone();
            b[i] ^= (byte) 0x5A;
            try (SstReader r = SstReader.open(storageWith(b), NAME, SCHEMA, BlockCache.disabled())) {
                PageReads pages = r.pageReads();
                for (int c = 0; c < SCHEMA.columnCount(); c++) {
                    for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                        for (long row = 0; row < r.rowGroupRowCount(rg); row += 101) {
                            if (pages.indexed(rg, c)) {
                                pages.value(rg, c, row);
                            }
                        }
                    }
                }
            } catch (CorruptionException e) {
                assertEquals(NAME, e.file());
                detected++;
            } catch (Throwable t) {
                throw new AssertionError("flipping byte " + i + " of " + good.length + " gave " + t, t);
            }
        }
        assertTrue(detected > 0, "no damage detected");
    }

    @Test
    void storageFailuresAreIoErrorsNotCorruption() throws IOException {
        List<Entry> entries = entries(1500);
        byte[] good = written(entries).readAll(NAME);
        long dataEnd = good.length - 8 - footerLength(good);
        Storage failing = SstTestData.failingBefore(storageWith(good), dataEnd);
        try (SstReader r = SstReader.open(failing, NAME, SCHEMA, BlockCache.disabled())) {
            // PageReads reports the storage's failure as such; the reader unwraps it for its callers.
            IOException e = assertThrows(StorageInputFile.StorageIOException.class, () -> r.pageReads().value(0, 8, 3));
            assertEquals("disk on fire", e.getCause().getMessage());
            Entry first = entries.get(0);
            IOException g = assertThrows(IOException.class, () -> r.get(first.key, new Object[] {first.values[0]},
                    Long.MAX_VALUE, null));
            assertEquals("disk on fire", g.getMessage());
        }
    }

    private static int footerLength(byte[] file) {
        int n = file.length;
        return (file[n - 8] & 0xff) | (file[n - 7] & 0xff) << 8 | (file[n - 6] & 0xff) << 16 | (file[n - 5] & 0xff) << 24;
    }

    private static Storage storageWith(byte[] content) throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (WritableFile f = storage.create(NAME)) {
            f.write(content, 0, content.length);
        }
        return storage;
    }
}
