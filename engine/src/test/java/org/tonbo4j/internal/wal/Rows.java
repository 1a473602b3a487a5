package org.tonbo4j.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;

/** Schemas, rows and assertions shared by the WAL tests. */
final class Rows {
    /** One column of every type (all nullable but the key), key = (k, s). */
    static final Schema ALL_TYPES = Schema.builder()
            .column("k", ColumnType.INT64, false)
            .column("b", ColumnType.BOOLEAN)
            .column("i8", ColumnType.INT8)
            .column("i16", ColumnType.INT16)
            .column("i32", ColumnType.INT32)
            .column("i64", ColumnType.INT64)
            .column("f32", ColumnType.FLOAT32)
            .column("f64", ColumnType.FLOAT64)
            .column("s", ColumnType.STRING, false)
            .column("bin", ColumnType.BINARY)
            .column("d", ColumnType.DATE)
            .column("ts", ColumnType.TIMESTAMP)
            .column("tz", ColumnType.TIMESTAMP_TZ)
            .column("dec", ColumnType.decimal(12, 3))
            .column("big", ColumnType.decimal(38, 10))
            .primaryKey("k", "s")
            .build();

    /** The benchmark shape: an INT64 key and 8 mixed columns. */
    static final Schema MIXED = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING)
            .column("age", ColumnType.INT32)
            .column("score", ColumnType.FLOAT64)
            .column("active", ColumnType.BOOLEAN)
            .column("created", ColumnType.TIMESTAMP)
            .column("balance", ColumnType.decimal(12, 2))
            .column("tag", ColumnType.BINARY)
            .column("count", ColumnType.INT64)
            .primaryKey("id")
            .build();

    private Rows() {
    }

    static Object[] mixedRow(long id, Random rnd) {
        return new Object[] {id, "user-" + id, rnd.nextInt(100), rnd.nextDouble(), rnd.nextBoolean(),
            LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id & 0xFFFFFFFL), BigDecimal.valueOf(rnd.nextInt(1_000_000), 2),
            new byte[] {(byte) id, 1, 2, 3}, (long) rnd.nextInt()};
    }

    /** A random all-types row; about a third of the nullable values are null. */
    static Object[] allTypesRow(long k, Random rnd) {
        Object[] r = new Object[] {k, rnd.nextBoolean(), (byte) rnd.nextInt(), (short) rnd.nextInt(), rnd.nextInt(),
            rnd.nextLong(), rnd.nextFloat() - 0.5f, rnd.nextGaussian() * 1e300, "s\u00e9\u4e2d" + rnd.nextInt(),
            bytes(rnd, rnd.nextInt(20)), LocalDate.ofEpochDay(rnd.nextInt(2_000_000) - 1_000_000),
            LocalDateTime.of(1900 + rnd.nextInt(300), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24),
                    rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1_000_000) * 1000),
            Instant.ofEpochSecond(rnd.nextInt() * 10L, rnd.nextInt(1_000_000) * 1000L),
            BigDecimal.valueOf(rnd.nextLong() % 1_000_000_000_000L, 3),
            new BigDecimal(new java.math.BigInteger(120, rnd)).movePointLeft(10).multiply(BigDecimal.valueOf(rnd.nextBoolean() ? 1 : -1))};
        for (int i = 1; i < r.length; i++) {
            if (i != 8 && rnd.nextInt(3) == 0) {
                r[i] = null;
            }
        }
        return r;
    }

    static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static Entry put(Schema schema, long seq, Object[] row) {
        return new Entry(new KeyCodec(schema).encodeRow(row), seq, false, row);
    }

    /** A tombstone: only the key columns of {@code row} are kept. */
    static Entry delete(Schema schema, long seq, Object[] row) {
        Object[] key = new Object[row.length];
        for (int k : schema.keyIndexes()) {
            key[k] = row[k];
        }
        return new Entry(new KeyCodec(schema).encodeRow(key), seq, true, key);
    }

    static List<Entry> batch(Schema schema, long firstSeq, int n, long seed) {
        Random rnd = new Random(seed);
        List<Entry> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] row = schema == ALL_TYPES ? allTypesRow(rnd.nextLong(), rnd) : mixedRow(rnd.nextLong(), rnd);
            b.add(rnd.nextInt(5) == 0 ? delete(schema, firstSeq + i, row) : put(schema, firstSeq + i, row));
        }
        return b;
    }

    static void assertSame(List<Entry> expected, List<Entry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Entry e = expected.get(i);
            Entry a = actual.get(i);
            assertEquals(e.seq, a.seq);
            assertEquals(e.tombstone, a.tombstone);
            assertArrayEquals(e.key, a.key);
            assertEquals(e.values.length, a.values.length);
            for (int c = 0; c < e.values.length; c++) {
                Object x = e.values[c];
                Object y = a.values[c];
                if (x instanceof byte[]) {
                    assertArrayEquals((byte[]) x, (byte[]) y);
                } else if (x instanceof Float) {
                    assertEquals(Float.floatToRawIntBits((Float) x), Float.floatToRawIntBits((Float) y));
                } else if (x instanceof Double) {
                    assertEquals(Double.doubleToRawLongBits((Double) x), Double.doubleToRawLongBits((Double) y));
                } else {
                    assertEquals(x, y, "entry " + i + " column " + c);
                }
            }
        }
    }
}
