package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

/** The compact column vectors of decoded row groups: every type, nulls, extremes, layouts and sizes. */
class ColumnVectorTest {
    private static final Schema ALL = allTypes();
    private static final KeyCodec ALL_CODEC = new KeyCodec(ALL);

    /** Reads a file back twice (decoded, then cached) and checks every entry; returns the first row group. */
    private static RowGroupData roundTrip(Schema schema, List<Entry> entries, long rowGroupBytes) throws IOException {
        sort(entries);
        MemoryStorage storage = new MemoryStorage();
        write(storage, "v.parquet", schema, options(Compression.ZSTD, rowGroupBytes, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, "v.parquet", schema, new BlockCache(64 << 20))) {
            for (int pass = 0; pass < 2; pass++) {
                List<Entry> actual = readAll(r);
                assertEquals(entries.size(), actual.size());
                for (int i = 0; i < entries.size(); i++) {
                    assertEntryEquals(entries.get(i), actual.get(i));
                }
            }
            return r.readRowGroup(0, null);
        }
    }

    @Test
    void everyTypeWithExtremesAndNulls() throws IOException {
        List<Entry> entries = new ArrayList<>(SstRoundTripTest.extremeEntries());
        entries.add(entry(ALL_CODEC, 40, false, 77L, false, (byte) -1, (short) -1, -1, -1L, -0.0f, -0.0d, "\uD83D\uDE00",
                new byte[] {-1}, LocalDate.ofEpochDay(0), LocalDateTime.of(1970, 1, 1, 0, 0), Instant.ofEpochSecond(0, 1000),
                new BigDecimal("0.01"), new BigDecimal("0.0001"),
                new BigDecimal(BigInteger.TEN.pow(38).subtract(BigInteger.ONE), 10)));
        entries.add(entry(ALL_CODEC, 41, false, 78L, true, (byte) 0, (short) 0, 0, 0L, Float.NEGATIVE_INFINITY,
                Double.NaN, "", new byte[0], null, null, null, null, null, null));
        Random rnd = new Random(7);
        for (long id = 1000; id < 1300; id++) { // nulls on both sides of 64-row mask words
            entries.add(entry(ALL_CODEC, id, false, randomAllTypesRow(rnd, id)));
        }
        RowGroupData d = roundTrip(ALL, entries, 64 << 20);
        assertInstanceOf(ColumnVectors.Booleans.class, d.column(1));
        assertInstanceOf(ColumnVectors.Bytes.class, d.column(2));
        assertInstanceOf(ColumnVectors.Shorts.class, d.column(3));
        assertInstanceOf(ColumnVectors.Ints.class, d.column(4));
        assertInstanceOf(ColumnVectors.Longs.class, d.column(5));
        assertInstanceOf(ColumnVectors.Floats.class, d.column(6));
        assertInstanceOf(ColumnVectors.Doubles.class, d.column(7));
        assertInstanceOf(ColumnVectors.Blob.class, d.column(9));
        assertInstanceOf(ColumnVectors.Ints.class, d.column(10));
        assertInstanceOf(ColumnVectors.Longs.class, d.column(11));
        assertInstanceOf(ColumnVectors.Longs.class, d.column(12));
        assertInstanceOf(ColumnVectors.Ints.class, d.column(13));
        assertInstanceOf(ColumnVectors.Longs.class, d.column(14));
        assertInstanceOf(ColumnVectors.Decimals.class, d.column(15));
    }

    @Test
    void allNullColumnsAndMaskBoundaries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < 200; id++) {
            Object[] v = new Object[ALL.columnCount()];
            v[0] = id;
            if (id == 63 || id == 64 || id == 127 || id == 128) {
                v[8] = "s" + id;
                v[5] = id;
            }
            entries.add(entry(ALL_CODEC, 1, false, v));
        }
        RowGroupData d = roundTrip(ALL, entries, 64 << 20);
        assertNull(d.entry(62).values[8]);
        assertEquals("s63", d.entry(63).values[8]);
        assertEquals(64L, d.entry(64).values[5]);
        assertNull(d.entry(65).values[5]);
    }

    private static Schema strings() {
        return Schema.builder()
                .column(Column.required("id", ColumnType.INT32))
                .column("low", ColumnType.STRING)
                .column("high", ColumnType.STRING)
                .column("bin", ColumnType.BINARY)
                .primaryKey("id")
                .build();
    }

    @Test
    void dictionaryAndBlobStrings() throws IOException {
        Schema schema = strings();
        KeyCodec codec = new KeyCodec(schema);
        String[] low = {"", "a", "\uD83D\uDE00 non-BMP", "caf\u00e9", "\u0000"};
        List<Entry> entries = new ArrayList<>();
        Random rnd = new Random(3);
        for (int id = -5000; id < 5000; id++) {
            String high = id % 97 == 0 ? null : "row " + id + " " + Long.toHexString(rnd.nextLong()) + "\uD834\uDD1E";
            byte[] bin = id % 13 == 0 ? null : new byte[] {(byte) id, (byte) (id >> 8)};
            entries.add(entry(codec, 1, false, id, id % 11 == 0 ? null : low[Math.floorMod(id, low.length)], high, bin));
        }
        RowGroupData d = roundTrip(schema, entries, 64 << 20);
        assertInstanceOf(ColumnVectors.DictionaryStrings.class, d.column(1), "low cardinality keeps the dictionary");
        assertInstanceOf(ColumnVectors.Blob.class, d.column(2), "past the dictionary limit: one blob");
        assertInstanceOf(ColumnVectors.Blob.class, d.column(3));
        assertInstanceOf(ColumnVectors.Ints.class, d.column(0));
        assertTrue(d.entry(0).values[1] == d.entry(5).values[1], "dictionary strings are shared");
    }

    @Test
    void compositeKeysVariableLengthLookups() throws IOException {
        Schema schema = composite();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = new ArrayList<>();
        Random rnd = new Random(11);
        for (int i = 0; i < 3000; i++) {
            String s = "k" + "x".repeat(rnd.nextInt(5)) + (i % 50);
            if (i % 9 == 0) {
                entries.add(tombstone(schema, codec, i + 1, s, i));
            } else {
                entries.add(entry(codec, i + 1, false, s, i, rnd.nextDouble(), i % 7 == 0 ? null : "n" + i));
            }
        }
        sort(entries);
        MemoryStorage storage = new MemoryStorage();
        write(storage, "c.parquet", schema, options(Compression.SNAPPY, 16 << 10, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, "c.parquet", schema, new BlockCache(64 << 20))) {
            assertTrue(r.rowGroupCount() > 1);
            List<Entry> all = readAll(r);
            for (int i = 0; i < entries.size(); i++) {
                assertEntryEquals(entries.get(i), all.get(i));
            }
            for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                RowGroupData d = r.readRowGroup(rg, null);
                for (int i = 0; i < d.rows(); i++) {
                    byte[] k = d.key(i);
                    int lb = d.lowerBound(k);
                    assertTrue(lb <= i && KeyCodec.compare(d.key(lb), k) == 0);
                    assertTrue(lb == 0 || KeyCodec.compare(d.key(lb - 1), k) < 0);
                    byte[] after = java.util.Arrays.copyOf(k, k.length + 1);
                    int next = d.lowerBound(after);
                    assertTrue(next == d.rows() || KeyCodec.compare(d.key(next), after) >= 0);
                }
                assertEquals(0, d.lowerBound(new byte[0]));
            }
            for (int pass = 0; pass < 12; pass++) { // page lookups, then the cached key blocks
                for (Entry e : entries.subList(0, 200)) {
                    Entry got = r.get(e.key, new Object[] {e.values[0], e.values[1]}, Long.MAX_VALUE, null);
                    assertArrayEquals(e.key, got.key);
                }
            }
        }
    }

    @Test
    void cachedSizesAreCompact() throws IOException {
        Schema schema = Schema.builder()
                .column(Column.required("id", ColumnType.INT64))
                .column("v", ColumnType.INT64)
                .column("d", ColumnType.decimal(12, 2))
                .column("day", ColumnType.DATE)
                .primaryKey("id")
                .build();
        KeyCodec codec = new KeyCodec(schema);
        int rows = 50_000;
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < rows; id++) {
            entries.add(entry(codec, 1, false, id, id * 3, BigDecimal.valueOf(id, 2), LocalDate.ofEpochDay(id % 1000)));
        }
        MemoryStorage storage = new MemoryStorage();
        write(storage, "s.parquet", schema, options(Compression.ZSTD, 1 << 20, rows), entries);
        BlockCache cache = new BlockCache(256 << 20);
        try (SstReader r = SstReader.open(storage, "s.parquet", schema, cache)) {
            readAll(r);
            // Per row: key 8 + key column 8 + seq 8 + tombstone 1 + 8 + 8 + 4 = 45 bytes.
            long expected = 45L * rows;
            assertTrue(cache.usedBytes() >= expected, "used " + cache.usedBytes());
            assertTrue(cache.usedBytes() < expected + 1024L * cache.size(), "used " + cache.usedBytes());
        }
    }
}
