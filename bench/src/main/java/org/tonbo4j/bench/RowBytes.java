package org.tonbo4j.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The RocksDB side's row encoding: what an application storing the benchmark table in a
 * key-value store would write. Stateless and thread-safe.
 *
 * <p>Key: the INT64 id as 8 bytes big-endian with the sign bit flipped, so that byte order is
 * numeric order (RocksDB's default comparator is bytewise). Value, little-endian, no padding,
 * no null flags (every column is NOT NULL), column names and types implied by the schema:
 * <pre>
 *   c1 INT64 8 | c2 INT32 4 | c3 FLOAT64 8 | c4 varint length + UTF-8 | c5 varint length + UTF-8
 *   | c6 BOOLEAN 1 | c7 DATE as INT32 epoch day 4 | c8 DECIMAL(12,2) as INT64 unscaled 8
 * </pre>
 * About 60 bytes a row for this data set (the low-cardinality string is stored as text, as an
 * application without a dictionary would).
 */
final class RowBytes {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private RowBytes() {
    }

    static byte[] key(long id) {
        byte[] k = new byte[8];
        LONG_BE.set(k, 0, id ^ Long.MIN_VALUE);
        return k;
    }

    static long id(byte[] key) {
        return (long) LONG_BE.get(key, 0) ^ Long.MIN_VALUE;
    }

    /** Encodes columns c1..c8 of {@code values} (schema order, id at 0). */
    static byte[] value(Object[] values) {
        byte[] s4 = ((String) values[4]).getBytes(StandardCharsets.UTF_8);
        byte[] s5 = ((String) values[5]).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + 4 + 8 + varintSize(s4.length) + s4.length + varintSize(s5.length) + s5.length + 1 + 4 + 8];
        int p = 0;
        LONG_LE.set(out, p, (long) (Long) values[1]);
        p += 8;
        INT_LE.set(out, p, (int) (Integer) values[2]);
        p += 4;
        LONG_LE.set(out, p, Double.doubleToRawLongBits((Double) values[3]));
        p += 8;
        p = putBytes(out, p, s4);
        p = putBytes(out, p, s5);
        out[p++] = (byte) ((Boolean) values[6] ? 1 : 0);
        INT_LE.set(out, p, (int) ((LocalDate) values[7]).toEpochDay());
        p += 4;
        LONG_LE.set(out, p, ((BigDecimal) values[8]).unscaledValue().longValueExact());
        return out;
    }

    /** Decodes a key and value into the values of all columns, schema order. */
    static Object[] decode(byte[] key, byte[] value) {
        Object[] v = new Object[BenchData.COLUMNS];
        v[0] = id(key);
        int p = 0;
        v[1] = (long) LONG_LE.get(value, p);
        p += 8;
        v[2] = (int) INT_LE.get(value, p);
        p += 4;
        v[3] = Double.longBitsToDouble((long) LONG_LE.get(value, p));
        p += 8;
        int[] pos = {p};
        v[4] = getString(value, pos);
        v[5] = getString(value, pos);
        p = pos[0];
        v[6] = value[p++] != 0;
        v[7] = LocalDate.ofEpochDay((int) INT_LE.get(value, p));
        p += 4;
        v[8] = BigDecimal.valueOf((long) LONG_LE.get(value, p), BenchData.DECIMAL_SCALE);
        return v;
    }

    private static int varintSize(int n) {
        int size = 1;
        while ((n >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int putBytes(byte[] out, int p, byte[] b) {
        int n = b.length;
        while ((n & ~0x7f) != 0) {
            out[p++] = (byte) ((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out[p++] = (byte) n;
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    private static String getString(byte[] in, int[] pos) {
        int p = pos[0];
        int n = 0;
        int shift = 0;
        byte b;
        do {
            b = in[p++];
            n |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        pos[0] = p + n;
        return new String(in, p, n, StandardCharsets.UTF_8);
    }
}
