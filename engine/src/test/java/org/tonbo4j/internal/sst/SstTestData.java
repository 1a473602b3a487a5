package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.Storage;

/** Schemas, entries and helpers shared by the SST tests. */
final class SstTestData {
    private SstTestData() {
    }

    /** One column of every type; key = id (INT64). */
    static Schema allTypes() {
        return Schema.builder()
                .column(Column.required("id", ColumnType.INT64))
                .column("b", ColumnType.BOOLEAN)
                .column("i8", ColumnType.INT8)
                .column("i16", ColumnType.INT16)
                .column("i32", ColumnType.INT32)
                .column("i64", ColumnType.INT64)
                .column("f32", ColumnType.FLOAT32)
                .column("f64", ColumnType.FLOAT64)
                .column("s", ColumnType.STRING)
                .column("bin", ColumnType.BINARY)
                .column("d", ColumnType.DATE)
                .column("ts", ColumnType.TIMESTAMP)
                .column("tstz", ColumnType.TIMESTAMP_TZ)
                .column("dec9", ColumnType.decimal(9, 2))
                .column("dec18", ColumnType.decimal(18, 4))
                .column("dec38", ColumnType.decimal(38, 10))
                .primaryKey("id")
                .build();
    }

    /** A composite key over (s STRING, n INT32) plus two value columns. */
    static Schema composite() {
        return Schema.builder()
                .column(Column.required("s", ColumnType.STRING))
                .column(Column.required("n", ColumnType.INT32))
                .column("v", ColumnType.FLOAT64)
                .column("note", ColumnType.STRING)
                .primaryKey("s", "n")
                .build();
    }

    static SstWriterOptions options(Compression c, long rowGroupBytes, long expectedRows) {
        return new SstWriterOptions(rowGroupBytes, 1024, c, 1, 0.01, expectedRows);
    }

    /**
     * Rows of {@link SstProjectionTest#wide()}: even INT64 keys 0, 2, 4, ..., strings and doubles
     * drawn from {@code rnd}, sequence numbers from 1.
     */
    static List<Entry> wideEntries(KeyCodec codec, Random rnd, int rows) {
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < rows; id++) {
            Object[] v = new Object[9];
            v[0] = id * 2;
            for (int c = 1; c < 9; c++) {
                v[c] = c % 2 == 1 ? "value " + rnd.nextLong() : rnd.nextDouble();
            }
            entries.add(entry(codec, id + 1, false, v));
        }
        return entries;
    }

    static Entry entry(KeyCodec codec, long seq, boolean tombstone, Object... values) {
        return new Entry(codec.encodeRow(values), seq, tombstone, values);
    }

    /** A tombstone: key columns only. */
    static Entry tombstone(Schema schema, KeyCodec codec, long seq, Object... keyValues) {
        Object[] values = new Object[schema.columnCount()];
        for (int i = 0; i < keyValues.length; i++) {
            values[schema.keyIndex(i)] = keyValues[i];
        }
        return new Entry(codec.encodeRow(values), seq, true, values);
    }

    /** A random full row of {@link #allTypes()} with some nulls. */
    static Object[] randomAllTypesRow(Random rnd, long id) {
        Object[] v = new Object[16];
        v[0] = id;
        v[1] = rnd.nextBoolean();
        v[2] = (byte) rnd.nextInt();
        v[3] = (short) rnd.nextInt();
        v[4] = rnd.nextInt();
        v[5] = rnd.nextLong();
        v[6] = rnd.nextFloat() * 1000 - 500;
        v[7] = rnd.nextGaussian() * 1e6;
        v[8] = "name-" + rnd.nextInt(1000);
        byte[] b = new byte[rnd.nextInt(12)];
        rnd.nextBytes(b);
        v[9] = b;
        v[10] = LocalDate.ofEpochDay(rnd.nextInt(40000) - 20000);
        v[11] = LocalDateTime.of(2000, 1, 1, 0, 0).plusNanos((rnd.nextLong() % 1_000_000_000_000_000L) * 1000);
        v[12] = Instant.ofEpochSecond(rnd.nextInt(), rnd.nextInt(1_000_000) * 1000L);
        v[13] = BigDecimal.valueOf(rnd.nextInt(2_000_000_000) - 1_000_000_000L, 2).remainder(BigDecimal.valueOf(10_000_000));
        v[13] = ((BigDecimal) v[13]).setScale(2);
        v[14] = BigDecimal.valueOf(rnd.nextLong() % 100_000_000_000_000L, 4);
        v[15] = new BigDecimal(new java.math.BigInteger(120, rnd), 10).negate();
        for (int c = 1; c < v.length; c++) {
            if (rnd.nextInt(10) == 0) {
                v[c] = null;
            }
        }
        return v;
    }

    /** Sorts entries into SST order: key ascending, seq descending. */
    static void sort(List<Entry> entries) {
        entries.sort(Comparator.<Entry, byte[]>comparing(e -> e.key, KeyCodec::compare)
                .thenComparing(e -> -e.seq));
    }

    static SstMeta write(Storage storage, String name, Schema schema, SstWriterOptions opts, List<Entry> entries)
            throws IOException {
        try (SstWriter w = new SstWriter(storage, name, schema, opts)) {
            for (Entry e : entries) {
                w.add(e);
            }
            return w.finish();
        }
    }

    /** {@code inner}, with every read of a file that starts before byte {@code end} failing ("disk on fire"). */
    static Storage failingBefore(Storage inner, long end) {
        return new CountingStorage(inner) {
            @Override
            public org.tonbo4j.storage.ReadableFile open(String name) throws IOException {
                org.tonbo4j.storage.ReadableFile f = super.open(name);
                return new org.tonbo4j.storage.ReadableFile() {
                    @Override
                    public long length() throws IOException {
                        return f.length();
                    }

                    @Override
                    public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                        if (position < end) {
                            throw new IOException("disk on fire");
                        }
                        f.readFully(position, buf, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        f.close();
                    }
                };
            }
        };
    }

    /** All rows of a file, row group by row group, every column. */
    static List<Entry> readAll(SstReader r) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (int rg = 0; rg < r.rowGroupCount(); rg++) {
            RowGroupData d = r.readRowGroup(rg, null);
            for (int i = 0; i < d.rows(); i++) {
                out.add(d.entry(i));
            }
        }
        return out;
    }

    static void assertEntryEquals(Entry expected, Entry actual) {
        assertArrayEquals(expected.key, actual.key, "key");
        assertEquals(expected.seq, actual.seq, "seq");
        assertEquals(expected.tombstone, actual.tombstone, "tombstone of seq " + expected.seq);
        assertEquals(expected.values.length, actual.values.length);
        for (int c = 0; c < expected.values.length; c++) {
            assertValueEquals(expected.values[c], actual.values[c], "column " + c + " of seq " + expected.seq);
        }
    }

    static void assertValueEquals(Object expected, Object actual, String what) {
        if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual, what);
        } else if (expected instanceof Float && ((Float) expected).isNaN()) {
            assertEquals(Float.class, actual.getClass(), what);
            assertEquals(true, ((Float) actual).isNaN(), what);
        } else {
            assertEquals(expected, actual, what);
            if (expected != null) {
                assertEquals(expected.getClass(), actual.getClass(), what);
            }
        }
    }

    static void assertEntriesEqual(List<Entry> expected, List<Entry> actual) {
        assertEquals(expected.size(), actual.size(), "row count");
        for (int i = 0; i < expected.size(); i++) {
            assertEntryEquals(expected.get(i), actual.get(i));
        }
    }
}
