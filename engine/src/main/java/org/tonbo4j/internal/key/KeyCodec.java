package org.tonbo4j.internal.key;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * Order-preserving ("memcomparable") encoding of primary keys: comparing two encoded keys as
 * unsigned bytes ({@link #compare}) orders them as their values, key column by key column.
 * Each component is self-delimiting, so the encoding of a key prefix is a byte prefix of the
 * encoding of every key that starts with it. Stateless and thread-safe.
 *
 * <p>Per component: integers, dates and timestamps as big-endian with the sign bit flipped;
 * floats as IEEE bits with the sign bit flipped for positives and all bits flipped for
 * negatives (NaN canonicalised, ordered last); booleans as one byte 0/1; strings (UTF-8) and
 * binaries with every 0x00 written as 0x00 0xFF and a 0x00 0x01 terminator; decimals as the
 * unscaled value at the column's scale, 8 bytes (precision up to 18) or 16 bytes, sign flipped.
 * The format is described in docs/format/sst.md and never changes within a format version.
 */
public final class KeyCodec {
    private final Schema schema;
    private final ColumnType[] types;
    /** The encoded size of every key when all key columns have fixed-width encodings, else -1. */
    private final int fixedBytes;

    public KeyCodec(Schema schema) {
        this.schema = schema;
        this.types = new ColumnType[schema.keyColumnCount()];
        int fixed = 0;
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.column(schema.keyIndex(i)).type();
            int w = fixedWidth(types[i]);
            fixed = fixed < 0 || w < 0 ? -1 : fixed + w;
        }
        this.fixedBytes = fixed;
    }

    private static int fixedWidth(ColumnType t) {
        switch (t.kind()) {
            case BOOLEAN: case INT8: return 1;
            case INT16: return 2;
            case INT32: case FLOAT32: case DATE: return 4;
            case INT64: case FLOAT64: case TIMESTAMP: case TIMESTAMP_TZ: return 8;
            default: return -1;
        }
    }

    /** Compares encoded keys as unsigned bytes. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    public int keyColumnCount() {
        return types.length;
    }

    /** Encodes the key of a full row (values in schema order). */
    public byte[] encodeRow(Object[] row) {
        Buf out = new Buf(estimate());
        for (int i = 0; i < types.length; i++) {
            Object v = row[schema.keyIndex(i)];
            if (v == null) {
                throw new IllegalArgumentException("primary key column '" + schema.column(schema.keyIndex(i)).name() + "' is null");
            }
            encode(types[i], v, out, i);
        }
        return out.toArray();
    }

    /** Encodes a whole key given in key order. */
    public byte[] encodeKey(Object... key) {
        if (key.length != types.length) {
            throw new IllegalArgumentException("the primary key has " + types.length + " column(s), got " + key.length + " value(s)");
        }
        return encodePrefix(key);
    }

    /** Encodes the first {@code prefix.length} key components (a prefix of the key), for bounds. */
    public byte[] encodePrefix(Object... prefix) {
        if (prefix.length > types.length) {
            throw new IllegalArgumentException("the primary key has " + types.length + " column(s), got " + prefix.length + " value(s)");
        }
        Buf out = new Buf(estimate());
        for (int i = 0; i < prefix.length; i++) {
            if (prefix[i] == null) {
                throw new IllegalArgumentException("key value " + i + " is null; key columns are never null");
            }
            encode(types[i], prefix[i], out, i);
        }
        return out.toArray();
    }

    /**
     * The smallest byte string greater than every string that starts with {@code prefix}, or
     * null if there is none (all bytes 0xFF).
     */
    public static byte[] prefixSuccessor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if ((prefix[i] & 0xFF) != 0xFF) {
                byte[] s = Arrays.copyOf(prefix, i + 1);
                s[i]++;
                return s;
            }
        }
        return null;
    }

    /** The buffer size to start from: exact for fixed-width keys (no copy at the end). */
    private int estimate() {
        return fixedBytes > 0 ? fixedBytes : 9 * types.length + 8;
    }

    private void encode(ColumnType t, Object v, Buf out, int component) {
        try {
            switch (t.kind()) {
                case BOOLEAN: out.put(((Boolean) v) ? 1 : 0); break;
                case INT8: out.put((((Byte) v) ^ 0x80) & 0xFF); break;
                case INT16: out.putShort((short) (((Short) v) ^ 0x8000)); break;
                case INT32: out.putInt(((Integer) v) ^ Integer.MIN_VALUE); break;
                case INT64: out.putLong(((Long) v) ^ Long.MIN_VALUE); break;
                case FLOAT32: {
                    float f = (Float) v;
                    int bits = Float.isNaN(f) ? 0x7fc00000 : Float.floatToIntBits(f);
                    out.putInt(bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE);
                    break;
                }
                case FLOAT64: {
                    double d = (Double) v;
                    long bits = Double.isNaN(d) ? 0x7ff8000000000000L : Double.doubleToLongBits(d);
                    out.putLong(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
                    break;
                }
                case STRING: out.putEscaped(((String) v).getBytes(StandardCharsets.UTF_8)); break;
                case BINARY: out.putEscaped((byte[]) v); break;
                case DATE: out.putInt((int) ((LocalDate) v).toEpochDay() ^ Integer.MIN_VALUE); break;
                case TIMESTAMP: out.putLong(micros((LocalDateTime) v) ^ Long.MIN_VALUE); break;
                case TIMESTAMP_TZ: out.putLong(micros((Instant) v) ^ Long.MIN_VALUE); break;
                case DECIMAL: encodeDecimal(t, (BigDecimal) v, out); break;
                default: throw new AssertionError(t);
            }
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("key column " + component + " (" + schema.column(schema.keyIndex(component)).name()
                    + ") is " + t + " and wants " + t.javaClass().getSimpleName() + ", got "
                    + v.getClass().getSimpleName() + " (" + v + ")");
        }
    }

    /** Microseconds since the epoch of a timestamp without time zone (read as UTC). */
    public static long micros(LocalDateTime t) {
        return micros(t.toInstant(ZoneOffset.UTC));
    }

    /** Microseconds since the epoch; sub-microsecond digits are truncated. */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** The unscaled value of a decimal at the column's scale; rejects values that do not fit. */
    public static BigInteger unscaled(ColumnType t, BigDecimal v) {
        BigDecimal s;
        try {
            s = v.setScale(t.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value " + v + " does not fit " + t + " without rounding");
        }
        if (s.precision() > t.precision() && s.signum() != 0) {
            throw new IllegalArgumentException("value " + v + " has more than " + t.precision() + " digits for " + t);
        }
        return s.unscaledValue();
    }

    private static void encodeDecimal(ColumnType t, BigDecimal v, Buf out) {
        BigInteger u = unscaled(t, v);
        if (t.precision() <= 18) {
            out.putLong(u.longValue() ^ Long.MIN_VALUE);
        } else {
            byte[] two = u.toByteArray();
            byte[] fixed = new byte[16];
            byte fill = (byte) (u.signum() < 0 ? 0xFF : 0);
            Arrays.fill(fixed, 0, 16 - two.length, fill);
            System.arraycopy(two, 0, fixed, 16 - two.length, two.length);
            fixed[0] ^= (byte) 0x80;
            out.putBytes(fixed);
        }
    }

    /** A tiny growable byte buffer. */
    private static final class Buf {
        private byte[] b;
        private int n;

        Buf(int cap) {
            b = new byte[cap];
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        void put(int v) {
            ensure(1);
            b[n++] = (byte) v;
        }

        void putShort(short v) {
            ensure(2);
            b[n++] = (byte) (v >>> 8);
            b[n++] = (byte) v;
        }

        void putInt(int v) {
            ensure(4);
            for (int s = 24; s >= 0; s -= 8) {
                b[n++] = (byte) (v >>> s);
            }
        }

        void putLong(long v) {
            ensure(8);
            for (int s = 56; s >= 0; s -= 8) {
                b[n++] = (byte) (v >>> s);
            }
        }

        void putBytes(byte[] v) {
            ensure(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
        }

        void putEscaped(byte[] v) {
            ensure(2 * v.length + 2);
            for (byte x : v) {
                if (x == 0) {
                    b[n++] = 0;
                    b[n++] = (byte) 0xFF;
                } else {
                    b[n++] = x;
                }
            }
            b[n++] = 0;
            b[n++] = 1;
        }

        byte[] toArray() {
            return n == b.length ? b : Arrays.copyOf(b, n);
        }
    }
}
