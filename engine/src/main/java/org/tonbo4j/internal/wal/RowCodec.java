package org.tonbo4j.internal.wal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.ValueSlots;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.log.ByteReader;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.MalformedRecordException;

/**
 * The compact, non-ordered encoding of row values inside WAL records (docs/format/wal.md,
 * "Row values"). A full row is a null bitmap over the schema's nullable columns followed by the
 * non-null values in schema order; a key is the key columns' values in key order with no bitmap.
 * Timestamps are stored as microseconds ({@link KeyCodec#micros}), so sub-microsecond digits are
 * truncated, as everywhere in the engine; decimals as the unscaled value at the column's scale.
 * Immutable and thread-safe.
 */
public final class RowCodec {
    private static final int MAX_BIG_DECIMAL_BYTES = 17;

    private final Schema schema;
    private final ColumnType[] types;
    private final ColumnType.Kind[] kinds;
    private final int[] keyColumns;
    /** For each column, its bit in the null bitmap, or -1 if the column is NOT NULL. */
    private final int[] nullBit;
    private final int bitmapBytes;
    private final int nullableColumns;

    public RowCodec(Schema schema) {
        this.schema = schema;
        int n = schema.columnCount();
        this.types = new ColumnType[n];
        this.kinds = new ColumnType.Kind[n];
        this.nullBit = new int[n];
        int bits = 0;
        for (int i = 0; i < n; i++) {
            Column c = schema.column(i);
            types[i] = c.type();
            kinds[i] = c.type().kind();
            nullBit[i] = c.nullable() ? bits++ : -1;
        }
        this.bitmapBytes = (bits + 7) / 8;
        this.nullableColumns = bits;
        this.keyColumns = schema.keyIndexes();
    }

    int width() {
        return types.length;
    }

    /** The schema's number of columns (the width of a decoded row). */
    public int columnCount() {
        return types.length;
    }

    private static final ThreadLocal<ByteWriter> SCRATCH = ThreadLocal.withInitial(() -> new ByteWriter(256));

    /** A full row as bytes (the WAL's row encoding), for the memtable. */
    public byte[] rowBytes(Object[] row) {
        ByteWriter w = SCRATCH.get();
        w.reset(0);
        encodeRow(row, w);
        return java.util.Arrays.copyOf(w.array(), w.position());
    }

    /** The key columns of a row as bytes (the WAL's delete encoding). */
    public byte[] keyBytes(Object[] row) {
        ByteWriter w = SCRATCH.get();
        w.reset(0);
        encodeKey(row, w);
        return java.util.Arrays.copyOf(w.array(), w.position());
    }

    /**
     * Appends the encoding of a write to {@code out}: {@link #rowBytes} of a put, or
     * {@link #keyBytes} of a delete; IllegalArgumentException if it cannot be encoded.
     */
    public void encodeWrite(Object[] row, boolean delete, ByteWriter out) {
        if (delete) {
            encodeKey(row, out);
        } else {
            encodeRow(row, out);
        }
    }

    /** Decodes {@link #rowBytes} held at {@code bytes[off, off + len)}, only the {@code wanted} columns (null: all). */
    public Object[] decodeRow(byte[] bytes, int off, int len, boolean[] wanted) {
        return decodeRow(new ByteReader(bytes, off, len), wanted);
    }

    /** Decodes {@link #keyBytes} held at {@code bytes[off, off + len)}. */
    public Object[] decodeKey(byte[] bytes, int off, int len) {
        return decodeKey(new ByteReader(bytes, off, len));
    }

    /** Decodes {@link #rowBytes}. */
    public Object[] decodeRow(byte[] bytes) {
        return decodeRow(new ByteReader(bytes, 0, bytes.length));
    }

    /** Decodes {@link #keyBytes} into a full-width row whose other values are null. */
    public Object[] decodeKey(byte[] bytes) {
        return decodeKey(new ByteReader(bytes, 0, bytes.length));
    }

    /** Writes a full row (values in schema order). */
    void encodeRow(Object[] row, ByteWriter out) {
        checkWidth(row);
        int bitmapAt = out.position();
        out.ensure(bitmapBytes);
        for (int i = 0; i < bitmapBytes; i++) {
            out.u8(0);
        }
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                if (nullBit[i] < 0) {
                    throw new IllegalArgumentException("column '" + schema.column(i).name() + "' is NOT NULL, got null");
                }
                out.array()[bitmapAt + (nullBit[i] >>> 3)] |= (byte) (1 << (nullBit[i] & 7));
            } else {
                encodeValue(i, v, out);
            }
        }
    }

    /**
     * Appends the row encoding of values held in {@code row} (set for this codec's schema), as
     * {@link #rowBytes} would encode the same values; no object per value except for the
     * columns set as objects. IllegalArgumentException for a NOT NULL column left null or unset.
     */
    public void encodeRow(ValueSlots row, ByteWriter out) {
        if (row.schema().columnCount() != types.length) {
            throw new IllegalArgumentException("row has " + row.schema().columnCount() + " columns, the schema has " + types.length);
        }
        int bitmapAt = out.position();
        out.ensure(bitmapBytes);
        for (int i = 0; i < bitmapBytes; i++) {
            out.u8(0);
        }
        for (int i = 0; i < types.length; i++) {
            switch (row.state(i)) {
                case ValueSlots.BITS: encodeBits(i, row.bits(i), out); break;
                case ValueSlots.BYTES: {
                    int n = row.length(i);
                    out.varint(n);
                    out.bytes(row.data(), row.offset(i), n);
                    break;
                }
                case ValueSlots.OBJECT: encodeValue(i, row.object(i), out); break;
                default:
                    if (nullBit[i] < 0) {
                        throw new IllegalArgumentException("column '" + schema.column(i).name() + "' is NOT NULL, got null");
                    }
                    out.array()[bitmapAt + (nullBit[i] >>> 3)] |= (byte) (1 << (nullBit[i] & 7));
                    break;
            }
        }
    }

    /** A value {@link ValueSlots} holds as 64 bits: an integer, a boolean, an epoch day or float bits. */
    private void encodeBits(int col, long v, ByteWriter out) {
        switch (kinds[col]) {
            case BOOLEAN: case INT8: out.u8((byte) v); break;
            case INT16: case INT32: case INT64: case DATE: out.zigzag(v); break;
            case FLOAT32: out.u32((int) v); break;
            case FLOAT64: out.u64(v); break;
            default: throw new AssertionError(kinds[col]);
        }
    }

    /** Writes the key columns of a full-width row, in key order. */
    void encodeKey(Object[] row, ByteWriter out) {
        checkWidth(row);
        for (int k : keyColumns) {
            if (row[k] == null) {
                throw new IllegalArgumentException("primary key column '" + schema.column(k).name() + "' is null");
            }
            encodeValue(k, row[k], out);
        }
    }

    /**
     * Decodes {@link #rowBytes} but only the columns where {@code wanted} is true (all if null);
     * the others stay null and are skipped without building their values (a scan of one column
     * of a wide row no longer pays for decoding the rest).
     */
    public Object[] decodeRow(byte[] bytes, boolean[] wanted) {
        return wanted == null ? decodeRow(bytes) : decodeRow(new ByteReader(bytes, 0, bytes.length), wanted);
    }

    Object[] decodeRow(ByteReader in) {
        return decodeRow(in, null);
    }

    private Object[] decodeRow(ByteReader in, boolean[] wanted) {
        Object[] row = new Object[types.length];
        NullBitmap nulls = new NullBitmap(in);
        for (int i = 0; i < row.length; i++) {
            if (nulls.isNull(nullBit[i])) {
                continue;
            }
            if (wanted == null || wanted[i]) {
                row[i] = decodeValue(i, in);
            } else {
                skipValue(i, in);
            }
        }
        return row;
    }

    /**
     * Passes the values of {@link #rowBytes} held at {@code bytes[off, off + len)} to
     * {@code visitor} in schema order, as primitives and byte ranges of {@code bytes} (see
     * {@link ValueVisitor}); no object per value. The flush writes memtable rows to Parquet
     * this way.
     */
    public void visitRow(byte[] bytes, int off, int len, ValueVisitor visitor) {
        ByteReader in = new ByteReader(bytes, off, len);
        NullBitmap nulls = new NullBitmap(in);
        for (int i = 0; i < types.length; i++) {
            if (nulls.isNull(nullBit[i])) {
                visitor.visitNull(i);
            } else {
                visitValue(i, in, visitor);
            }
        }
    }

    /**
     * The null bitmap at the start of a row, read from {@code in}: its bits in a long while they
     * fit (every schema up to 64 nullable columns), so a decoded row needs no array for it.
     */
    private final class NullBitmap {
        private final byte[] big;
        private long bits;

        NullBitmap(ByteReader in) {
            int at = in.offset();
            big = bitmapBytes > 8 ? new byte[bitmapBytes] : null;
            for (int i = 0; i < bitmapBytes; i++) {
                int b = in.u8();
                if (big != null) {
                    big[i] = (byte) b;
                } else {
                    bits |= (long) b << (8 * i);
                }
            }
            int used = nullableColumns;
            int last = bitmapBytes == 0 ? 0 : big == null ? (int) (bits >>> (8 * (bitmapBytes - 1))) & 0xFF : big[bitmapBytes - 1] & 0xFF;
            if (used % 8 != 0 && (last >>> (used % 8)) != 0) {
                throw new MalformedRecordException(at, "null bitmap has bits set past its " + used + " columns");
            }
        }

        /** Whether the column with null bit {@code bit} (-1: NOT NULL) is null. */
        boolean isNull(int bit) {
            return bit >= 0 && (big == null ? (bits & (1L << bit)) != 0 : (big[bit >>> 3] & (1 << (bit & 7))) != 0);
        }
    }

    /** Reads key columns into a full-width row whose other values are null. */
    Object[] decodeKey(ByteReader in) {
        Object[] row = new Object[types.length];
        for (int k : keyColumns) {
            row[k] = decodeValue(k, in);
        }
        return row;
    }

    private void checkWidth(Object[] row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, the schema has " + types.length + " columns");
        }
    }

    private void encodeValue(int col, Object v, ByteWriter out) {
        try {
            switch (kinds[col]) {
                case BOOLEAN: out.u8((Boolean) v ? 1 : 0); break;
                case INT8: out.u8((Byte) v); break;
                case INT16: out.zigzag((Short) v); break;
                case INT32: out.zigzag((Integer) v); break;
                case INT64: out.zigzag((Long) v); break;
                case FLOAT32: out.u32(Float.floatToRawIntBits((Float) v)); break;
                case FLOAT64: out.u64(Double.doubleToRawLongBits((Double) v)); break;
                case STRING: out.string((String) v); break;
                case BINARY: out.lengthPrefixed((byte[]) v); break;
                case DATE: out.zigzag(((LocalDate) v).toEpochDay()); break;
                case TIMESTAMP: out.zigzag(KeyCodec.micros((LocalDateTime) v)); break;
                case TIMESTAMP_TZ: out.zigzag(KeyCodec.micros((Instant) v)); break;
                case DECIMAL: encodeDecimal(types[col], (BigDecimal) v, out); break;
                default: throw new AssertionError(kinds[col]);
            }
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("column '" + schema.column(col).name() + "' is " + types[col] + " and wants "
                    + types[col].javaClass().getSimpleName() + ", got " + v.getClass().getSimpleName() + " (" + v + ")");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("column '" + schema.column(col).name() + "': " + v
                    + " is outside the microsecond range of a 64-bit timestamp");
        }
    }

    private static void encodeDecimal(ColumnType t, BigDecimal v, ByteWriter out) {
        BigInteger unscaled = KeyCodec.unscaled(t, v);
        if (t.precision() <= 18) {
            out.zigzag(unscaled.longValueExact());
        } else {
            out.lengthPrefixed(unscaled.toByteArray());
        }
    }

    private Object decodeValue(int col, ByteReader in) {
        int at = in.offset();
        try {
            switch (kinds[col]) {
                case BOOLEAN: {
                    int b = in.u8();
                    if (b > 1) {
                        throw new MalformedRecordException(at, "boolean byte " + b);
                    }
                    return b == 1;
                }
                case INT8: return (byte) in.u8();
                case INT16: return (short) narrow(in.zigzag(), Short.MIN_VALUE, Short.MAX_VALUE, at);
                case INT32: return (int) narrow(in.zigzag(), Integer.MIN_VALUE, Integer.MAX_VALUE, at);
                case INT64: return in.zigzag();
                case FLOAT32: return Float.intBitsToFloat(in.u32());
                case FLOAT64: return Double.longBitsToDouble(in.u64());
                case STRING: return in.string();
                case BINARY: return in.lengthPrefixed();
                case DATE: return LocalDate.ofEpochDay(in.zigzag());
                case TIMESTAMP: {
                    long m = in.zigzag();
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000L),
                            (int) Math.floorMod(m, 1_000_000L) * 1000, ZoneOffset.UTC);
                }
                case TIMESTAMP_TZ: {
                    long m = in.zigzag();
                    return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000);
                }
                case DECIMAL: return decodeDecimal(types[col], in, at);
                default: throw new AssertionError(kinds[col]);
            }
        } catch (DateTimeException e) {
            throw new MalformedRecordException(at, "column '" + schema.column(col).name() + "': " + e.getMessage());
        }
    }

    private void visitValue(int col, ByteReader in, ValueVisitor v) {
        int at = in.offset();
        switch (kinds[col]) {
            case BOOLEAN: {
                int b = in.u8();
                if (b > 1) {
                    throw new MalformedRecordException(at, "boolean byte " + b);
                }
                v.visitBoolean(col, b == 1);
                break;
            }
            case INT8: v.visitInt(col, (byte) in.u8()); break;
            case INT16: v.visitInt(col, (int) narrow(in.zigzag(), Short.MIN_VALUE, Short.MAX_VALUE, at)); break;
            case INT32: v.visitInt(col, (int) narrow(in.zigzag(), Integer.MIN_VALUE, Integer.MAX_VALUE, at)); break;
            case FLOAT32: v.visitFloat(col, Float.intBitsToFloat(in.u32())); break;
            case FLOAT64: v.visitDouble(col, Double.longBitsToDouble(in.u64())); break;
            case STRING: case BINARY: {
                int n = in.varintAtMost(in.remaining(), "length");
                int start = in.index();
                in.skip(n);
                v.visitBytes(col, in.array(), start, n);
                break;
            }
            case DECIMAL:
                if (types[col].precision() <= 18) {
                    v.visitLong(col, in.zigzag());
                } else {
                    int n = in.varintAtMost(in.remaining(), "length");
                    if (n == 0 || n > MAX_BIG_DECIMAL_BYTES) {
                        throw new MalformedRecordException(at, "decimal of " + n + " bytes");
                    }
                    int start = in.index();
                    in.skip(n);
                    v.visitBytes(col, in.array(), start, n);
                }
                break;
            default: v.visitLong(col, in.zigzag()); break; // INT64, DATE, TIMESTAMP, TIMESTAMP_TZ
        }
    }

    private void skipValue(int col, ByteReader in) {
        switch (kinds[col]) {
            case BOOLEAN: case INT8: in.skip(1); break;
            case FLOAT32: in.skip(4); break;
            case FLOAT64: in.skip(8); break;
            case STRING: case BINARY: in.skipLengthPrefixed(); break;
            case DECIMAL:
                if (types[col].precision() <= 18) {
                    in.varint();
                } else {
                    in.skipLengthPrefixed();
                }
                break;
            default: in.varint(); break; // zigzag varints: INT16, INT32, INT64, DATE, TIMESTAMP, TIMESTAMP_TZ
        }
    }

    private static long narrow(long v, long min, long max, int at) {
        if (v < min || v > max) {
            throw new MalformedRecordException(at, "integer " + v + " out of range " + min + ".." + max);
        }
        return v;
    }

    private static BigDecimal decodeDecimal(ColumnType t, ByteReader in, int at) {
        if (t.precision() <= 18) {
            return BigDecimal.valueOf(in.zigzag(), t.scale());
        }
        byte[] b = in.lengthPrefixed();
        if (b.length == 0 || b.length > MAX_BIG_DECIMAL_BYTES) {
            throw new MalformedRecordException(at, "decimal of " + b.length + " bytes");
        }
        return new BigDecimal(new BigInteger(b), t.scale());
    }
}
