package org.tonbo4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The values of one row held as primitives and byte ranges, checked against the schema as they
 * are set, for {@code org.tonbo4j.RowValues}: per column a state, 64 bits (an integer, a date's
 * epoch day, a float's or double's raw bits) or a range of {@link #data()} (UTF-8 text, binary),
 * or a normalized value object for the types with no primitive setter. The row encoding reads
 * them without an object per value ({@code RowCodec#encodeRow(ValueSlots, ...)}). Reused row
 * after row by one thread; not thread-safe.
 */
public final class ValueSlots {
    public static final byte UNSET = 0;
    public static final byte NULL = 1;
    public static final byte BITS = 2;
    public static final byte BYTES = 3;
    public static final byte OBJECT = 4;

    /** Eight bytes of an array at a time, for the ASCII test of {@link #validUtf8}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIN_EPOCH_DAY = LocalDate.MIN.toEpochDay();
    private static final long MAX_EPOCH_DAY = LocalDate.MAX.toEpochDay();

    private final Schema schema;
    private final ColumnType.Kind[] kinds;
    private final byte[] state;
    private final long[] bits;
    private final int[] offset;
    private final int[] length;
    private final Object[] objects;
    private byte[] data = new byte[256];
    private int used;
    private boolean anyObject;

    public ValueSlots(Schema schema) {
        this.schema = schema;
        int n = schema.columnCount();
        this.kinds = new ColumnType.Kind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        this.state = new byte[n];
        this.bits = new long[n];
        this.offset = new int[n];
        this.length = new int[n];
        this.objects = new Object[n];
    }

    public Schema schema() {
        return schema;
    }

    /** Forgets every value: all columns unset (an unset column is null). */
    public void clear() {
        Arrays.fill(state, UNSET);
        if (anyObject) {
            Arrays.fill(objects, null);
            anyObject = false;
        }
        used = 0;
    }

    public void setNull(int col) {
        Column c = column(col);
        if (!c.nullable()) {
            throw new IllegalArgumentException("column '" + c.name() + "' is NOT NULL but the value is null");
        }
        state[col] = NULL;
    }

    /** An integer for an INT8..INT64 column (range-checked), 0 or 1 for BOOLEAN. */
    public void setLong(int col, long v) {
        Column c = column(col);
        switch (kinds[col]) {
            case INT64: break;
            case INT32: checkRange(c, v, v == (int) v); break;
            case INT16: checkRange(c, v, v == (short) v); break;
            case INT8: checkRange(c, v, v == (byte) v); break;
            case BOOLEAN:
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("column '" + c.name() + "' is BOOLEAN and takes 0 or 1, got " + v);
                }
                break;
            default: throw wrongSetter(c, "setLong", "integer and BOOLEAN");
        }
        setBits(col, v);
    }

    /** A FLOAT64 value, or a FLOAT32 one rounded to float (a finite double beyond float's range is refused). */
    public void setDouble(int col, double v) {
        Column c = column(col);
        switch (kinds[col]) {
            case FLOAT64: setBits(col, Double.doubleToRawLongBits(v)); break;
            case FLOAT32: {
                float f = (float) v;
                if (Float.isInfinite(f) && !Double.isInfinite(v)) {
                    throw new IllegalArgumentException("value " + v + " does not fit column '" + c.name() + "' of type " + c.type());
                }
                setBits(col, Float.floatToRawIntBits(f));
                break;
            }
            default: throw wrongSetter(c, "setDouble", "FLOAT32 and FLOAT64");
        }
    }

    /** A DATE as days since 1970-01-01. */
    public void setEpochDay(int col, long day) {
        Column c = column(col);
        if (kinds[col] != ColumnType.Kind.DATE) {
            throw wrongSetter(c, "setEpochDay", "DATE");
        }
        if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) {
            throw new IllegalArgumentException("column '" + c.name() + "': epoch day " + day + " is outside the range of a date");
        }
        setBits(col, day);
    }

    /** A STRING from UTF-8 bytes, copied; bytes that are not valid UTF-8 are refused. */
    public void setUtf8(int col, byte[] b, int off, int len) {
        Column c = column(col);
        if (kinds[col] != ColumnType.Kind.STRING) {
            throw wrongSetter(c, "setUtf8", "STRING");
        }
        Objects.checkFromIndexSize(off, len, b.length);
        if (!validUtf8(b, off, len)) {
            throw new IllegalArgumentException("column '" + c.name() + "': the text is not valid UTF-8");
        }
        setBytes(col, b, off, len);
    }

    /** A BINARY value, copied. */
    public void setBinary(int col, byte[] b, int off, int len) {
        Column c = column(col);
        if (kinds[col] != ColumnType.Kind.BINARY) {
            throw wrongSetter(c, "setBinary", "BINARY");
        }
        Objects.checkFromIndexSize(off, len, b.length);
        setBytes(col, b, off, len);
    }

    /** Any value of the column's Java class (integral numbers coerced as for keys), normalized; null is {@link #setNull}. */
    public void set(int col, Object v) {
        Column c = column(col);
        if (v == null) {
            setNull(col);
            return;
        }
        objects[col] = ValueNormalizer.normalize(c, v);
        anyObject = true;
        state[col] = OBJECT;
    }

    public byte state(int col) {
        return state[col];
    }

    public long bits(int col) {
        return bits[col];
    }

    /** The bytes that {@link #offset} and {@link #length} of BYTES columns address. */
    public byte[] data() {
        return data;
    }

    public int offset(int col) {
        return offset[col];
    }

    public int length(int col) {
        return length[col];
    }

    public Object object(int col) {
        return objects[col];
    }

    /** The value of a column as the Java class of its type (null for null or unset). */
    public Object value(int col) {
        switch (state[col]) {
            case UNSET: case NULL: return null;
            case OBJECT: return objects[col];
            case BYTES:
                return kinds[col] == ColumnType.Kind.STRING
                        ? new String(data, offset[col], length[col], StandardCharsets.UTF_8)
                        : Arrays.copyOfRange(data, offset[col], offset[col] + length[col]);
            default: break;
        }
        long v = bits[col];
        switch (kinds[col]) {
            case BOOLEAN: return v == 1;
            case INT8: return (byte) v;
            case INT16: return (short) v;
            case INT32: return (int) v;
            case INT64: return v;
            case FLOAT32: return Float.intBitsToFloat((int) v);
            case FLOAT64: return Double.longBitsToDouble(v);
            case DATE: return LocalDate.ofEpochDay(v);
            default: throw new AssertionError(kinds[col]);
        }
    }

    /** The key values in key order, as the Java classes of their types; a null or unset key column is refused. */
    public Object[] keyValues() {
        Object[] key = new Object[schema.keyColumnCount()];
        for (int k = 0; k < key.length; k++) {
            int col = schema.keyIndex(k);
            if (state[col] == UNSET || state[col] == NULL) {
                throw new IllegalArgumentException("primary key column '" + schema.column(col).name() + "' is null");
            }
            key[k] = value(col);
        }
        return key;
    }

    private Column column(int col) {
        if (col < 0 || col >= state.length) {
            throw new IndexOutOfBoundsException("column " + col + " of a schema with " + state.length + " columns");
        }
        return schema.column(col);
    }

    private void setBits(int col, long v) {
        bits[col] = v;
        state[col] = BITS;
    }

    private void setBytes(int col, byte[] b, int off, int len) {
        if (data.length - used < len) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
        }
        System.arraycopy(b, off, data, used, len);
        offset[col] = used;
        length[col] = len;
        used += len;
        state[col] = BYTES;
    }

    private static void checkRange(Column c, long v, boolean fits) {
        if (!fits) {
            throw new IllegalArgumentException("value " + v + " does not fit column '" + c.name() + "' of type " + c.type());
        }
    }

    private static IllegalArgumentException wrongSetter(Column c, String setter, String takes) {
        return new IllegalArgumentException("column '" + c.name() + "' is " + c.type() + "; " + setter + " takes " + takes + " columns");
    }

    /** Whether the bytes are well-formed UTF-8: ASCII by a plain loop, anything else by a reporting decoder. */
    static boolean validUtf8(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i + 8 <= end && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, i, end - i));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
