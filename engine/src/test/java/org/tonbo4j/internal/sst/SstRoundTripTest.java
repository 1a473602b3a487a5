package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;

class SstRoundTripTest {
    private static final Schema SCHEMA = allTypes();
    private static final KeyCodec CODEC = new KeyCodec(SCHEMA);

    /** Extreme values, nulls, tombstones and several versions of one key. */
    static List<Entry> extremeEntries() {
        List<Entry> entries = new ArrayList<>();
        entries.add(entry(CODEC, 10, false, Long.MIN_VALUE, true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE,
                Long.MIN_VALUE, Float.NaN, Double.NEGATIVE_INFINITY, "", new byte[0], LocalDate.of(-9999, 1, 1),
                LocalDateTime.of(-200000, 1, 1, 0, 0), Instant.ofEpochSecond(-9_000_000_000_000L, 123_456_000),
                new BigDecimal("-9999999.99"), new BigDecimal("-99999999999999.9999"),
                new BigDecimal("-9999999999999999999999999999.9999999999")));
        entries.add(entry(CODEC, 11, false, -1L, false, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE,
                Long.MAX_VALUE, Float.MAX_VALUE, Double.MIN_VALUE, "a\u0000b\uD83D\uDE00\u00e9\uFFFF",
                new byte[] {0, -1, 0, 127, -128}, LocalDate.of(9999, 12, 31),
                LocalDateTime.of(200000, 12, 31, 23, 59, 59, 999_999_000), Instant.ofEpochSecond(9_000_000_000_000L, 999_999_000),
                new BigDecimal("9999999.99"), new BigDecimal("99999999999999.9999"),
                new BigDecimal("9999999999999999999999999999.9999999999")));
        entries.add(entry(CODEC, 12, false, 0L, null, null, null, null, null, -0.0f, Double.NaN, null, null, null, null,
                null, new BigDecimal("0.00"), new BigDecimal("-0.0001"), new BigDecimal("-0.0000000001")));
        // Three versions of key 5: a tombstone on top of two puts.
        entries.add(tombstone(SCHEMA, CODEC, 30, 5L));
        entries.add(entry(CODEC, 20, false, 5L, true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "new", new byte[] {7},
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 12, 0), Instant.EPOCH,
                new BigDecimal("1.50"), new BigDecimal("2.0000"), new BigDecimal("3.0000000000")));
        entries.add(entry(CODEC, 13, false, 5L, false, (byte) 0, (short) 0, 0, 0L, 0f, 0d, "old", new byte[] {8},
                LocalDate.of(1970, 1, 1), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000),
                Instant.ofEpochSecond(-1, 500_000_000), new BigDecimal("-1.50"), new BigDecimal("-2.0000"),
                new BigDecimal("-3.0000000000")));
        entries.add(entry(CODEC, 1, false, Long.MAX_VALUE, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        sort(entries);
        return entries;
    }

    static List<Entry> randomEntries(int n, long seed) {
        Random rnd = new Random(seed);
        List<Entry> entries = new ArrayList<>();
        long seq = 1;
        for (long id = 0; id < n; id++) {
            int versions = rnd.nextInt(8) == 0 ? 3 : 1;
            for (int v = 0; v < versions; v++) {
                if (rnd.nextInt(10) == 0) {
                    entries.add(tombstone(SCHEMA, CODEC, seq++, id * 7 - n));
                } else {
                    entries.add(entry(CODEC, seq++, false, randomAllTypesRow(rnd, id * 7 - n)));
                }
            }
        }
        sort(entries);
        return entries;
    }

    private static void roundTrip(Storage storage, String name, SstWriterOptions opts, List<Entry> entries)
            throws IOException {
        SstMeta meta = write(storage, name, SCHEMA, opts, entries);
        assertEquals(entries.size(), meta.rowCount());
        assertArrayEquals(entries.get(0).key, meta.minKey());
        assertArrayEquals(entries.get(entries.size() - 1).key, meta.maxKey());
        assertEquals(entries.stream().mapToLong(e -> e.seq).min().getAsLong(), meta.minSeq());
        assertEquals(entries.stream().mapToLong(e -> e.seq).max().getAsLong(), meta.maxSeq());
        try (var f = storage.open(name)) {
            assertEquals(f.length(), meta.fileBytes());
        }
        try (SstReader r = SstReader.open(storage, name, SCHEMA, new BlockCache(1 << 20))) {
            assertEquals(entries.size(), r.rowCount());
            assertEntriesEqual(entries, readAll(r));
            assertEntriesEqual(entries, readAll(r)); // again, from the cache
        }
    }

    @Test
    void extremeValuesNullsTombstonesAndVersions() throws IOException {
        roundTrip(new MemoryStorage(), FileNames.sst(1), options(Compression.ZSTD, 1 << 20, 10), extremeEntries());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCompression(Compression c) throws IOException {
        List<Entry> entries = randomEntries(2000, c.ordinal());
        roundTrip(new MemoryStorage(), FileNames.sst(2), options(c, 32 << 10, entries.size()), entries);
    }

    @Test
    void manyRowGroupsOnLocalStorage(@TempDir Path dir) throws IOException {
        List<Entry> entries = randomEntries(3000, 42);
        Storage storage = new LocalStorage(dir);
        roundTrip(storage, FileNames.sst(3), options(Compression.ZSTD, 4 << 10, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, FileNames.sst(3), SCHEMA, BlockCache.disabled())) {
            assertTrue(r.rowGroupCount() > 10, "row groups: " + r.rowGroupCount());
            for (var block : r.footer().getBlocks()) {
                for (var chunk : block.getColumns()) {
                    assertTrue(chunk.getColumnIndexReference() != null, "column index of " + chunk.getPath());
                    assertTrue(chunk.getOffsetIndexReference() != null, "offset index of " + chunk.getPath());
                    assertTrue(chunk.getStatistics() != null && !chunk.getStatistics().isEmpty(), "statistics");
                }
                assertTrue(block.getColumns().get(0).getBloomFilterOffset() > 0, "bloom filter on the key");
            }
            for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                RowGroupData d = r.readRowGroup(rg, new boolean[SCHEMA.columnCount()]);
                assertArrayEquals(d.key(0), r.rowGroupMinKey(rg));
                assertArrayEquals(d.key(d.rows() - 1), r.rowGroupMaxKey(rg));
                if (rg > 0) {
                    // All versions of a key share one row group.
                    assertTrue(KeyCodec.compare(r.rowGroupMaxKey(rg - 1), r.rowGroupMinKey(rg)) < 0);
                }
                assertTrue(!d.hasColumn(1), "undecoded column");
                assertTrue(d.hasColumn(0), "key column is always decoded");
            }
        }
    }

    @Test
    void writerRejectsOutOfOrderAndAbortDeletes() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        String name = FileNames.sst(4);
        SstWriter w = new SstWriter(storage, name, SCHEMA, options(Compression.ZSTD, 1 << 20, 10));
        Entry a = tombstone(SCHEMA, CODEC, 5, 1L);
        w.add(a);
        assertThrows(IllegalStateException.class, () -> w.add(tombstone(SCHEMA, CODEC, 5, 1L)), "same seq");
        assertThrows(IllegalStateException.class, () -> w.add(tombstone(SCHEMA, CODEC, 6, 1L)), "seq ascending");
        assertThrows(IllegalStateException.class, () -> w.add(tombstone(SCHEMA, CODEC, 9, 0L)), "key descending");
        w.add(tombstone(SCHEMA, CODEC, 4, 1L));
        assertTrue(storage.exists(name));
        w.abort();
        w.abort();
        assertFalse(storage.exists(name));
        assertThrows(IllegalStateException.class, () -> w.add(tombstone(SCHEMA, CODEC, 1, 2L)));
    }

    @Test
    void badValueFailsTheWriterWhichThenAborts() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        String name = FileNames.sst(5);
        try (SstWriter w = new SstWriter(storage, name, SCHEMA, options(Compression.ZSTD, 1 << 20, 10))) {
            Object[] row = new Object[SCHEMA.columnCount()];
            row[0] = 1L;
            row[4] = "not an int";
            Entry bad = new Entry(CODEC.encodeRow(row), 1, false, row);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.add(bad));
            assertTrue(e.getMessage().contains("i32"), e.getMessage());
            assertThrows(IllegalStateException.class, w::finish);
        }
        assertFalse(storage.exists(name));
        try (SstWriter w = new SstWriter(storage, name, SCHEMA, options(Compression.ZSTD, 1 << 20, 10))) {
            assertThrows(IllegalStateException.class, w::finish, "empty file");
        }
        assertFalse(storage.exists(name));
    }

    @Test
    void estimatedBytesGrows() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (SstWriter w = new SstWriter(storage, FileNames.sst(6), SCHEMA, options(Compression.ZSTD, 8 << 10, 1000))) {
            long before = w.estimatedBytes();
            for (Entry e : randomEntries(1000, 7)) {
                w.add(e);
            }
            assertTrue(w.estimatedBytes() > before + 1000, "estimate " + w.estimatedBytes());
            assertTrue(w.rowCount() >= 1000);
            SstMeta meta = w.finish();
            assertTrue(meta.fileBytes() > 0);
            w.close(); // no-op after finish
        }
        assertTrue(storage.exists(FileNames.sst(6)));
    }
}
