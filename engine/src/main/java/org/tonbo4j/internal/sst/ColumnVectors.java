package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import org.tonbo4j.ColumnType;

/**
 * The {@link ColumnVector} of each physical layout: one primitive array per numeric layout (the
 * column type says how to box it), a blob with offsets for strings and binaries, a shared
 * dictionary for dictionary-encoded strings, and boxed values only for decimals wider than 18
 * digits. Immutable; thread-safe.
 */
final class ColumnVectors {
    private ColumnVectors() {
    }

    /**
     * One value (or null) for every row: a column added to the table after the file was
     * written reads as its default.
     */
    static final class Constant extends ColumnVector {
        private final Object value;

        Constant(Object value, int rows) {
            super(rows, value == null ? allSet(rows) : null);
            this.value = value;
        }

        private static long[] allSet(int rows) {
            long[] bits = new long[(rows + 63) >>> 6];
            Arrays.fill(bits, -1L);
            return bits;
        }

        @Override
        Object value(int row) {
            return value instanceof byte[] ? ((byte[]) value).clone() : value;
        }

        @Override
        long dataBytes() {
            return 16;
        }
    }

    static final class Booleans extends ColumnVector {
        private final boolean[] values;

        Booleans(boolean[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        long longValue(int row) {
            return values[row] ? 1 : 0;
        }

        @Override
        long dataBytes() {
            return array(values.length, 1);
        }
    }

    static final class Bytes extends ColumnVector {
        private final byte[] values;

        Bytes(byte[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        long longValue(int row) {
            return values[row];
        }

        @Override
        long dataBytes() {
            return array(values.length, 1);
        }
    }

    static final class Shorts extends ColumnVector {
        private final short[] values;

        Shorts(short[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        long longValue(int row) {
            return values[row];
        }

        @Override
        long dataBytes() {
            return array(values.length, 2);
        }
    }

    /** INT32, DATE (epoch days) and DECIMAL up to 9 digits (unscaled). */
    static final class Ints extends ColumnVector {
        private final int[] values;
        private final ColumnType type;

        Ints(int[] values, int rows, long[] nulls, ColumnType type) {
            super(rows, nulls);
            this.values = values;
            this.type = type;
        }

        int intAt(int row) {
            return values[row];
        }

        @Override
        Object value(int row) {
            int v = values[row];
            switch (type.kind()) {
                case INT32: return v;
                case DATE: return BoxCache.date(v);
                case DECIMAL: return BoxCache.decimal(v, type.scale());
                default: throw new AssertionError(type);
            }
        }

        @Override
        long longValue(int row) {
            return values[row]; // only asked of INT32 columns
        }

        @Override
        long dataBytes() {
            return array(values.length, 4);
        }
    }

    /** INT64, TIMESTAMP and TIMESTAMP_TZ (micros) and DECIMAL up to 18 digits (unscaled). */
    static final class Longs extends ColumnVector {
        private final long[] values;
        private final ColumnType type;

        Longs(long[] values, int rows, long[] nulls, ColumnType type) {
            super(rows, nulls);
            this.values = values;
            this.type = type;
        }

        long longAt(int row) {
            return values[row];
        }

        @Override
        Object value(int row) {
            long v = values[row];
            switch (type.kind()) {
                case INT64: return v;
                case TIMESTAMP: return ValueCodec.localDateTime(v);
                case TIMESTAMP_TZ: return ValueCodec.instant(v);
                case DECIMAL: return BoxCache.decimal(v, type.scale());
                default: throw new AssertionError(type);
            }
        }

        @Override
        long longValue(int row) {
            return values[row]; // only asked of INT64 columns
        }

        @Override
        long dataBytes() {
            return array(values.length, 8);
        }
    }

    static final class Floats extends ColumnVector {
        private final float[] values;

        Floats(float[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        double doubleValue(int row) {
            return values[row];
        }

        @Override
        long dataBytes() {
            return array(values.length, 4);
        }
    }

    static final class Doubles extends ColumnVector {
        private final double[] values;

        Doubles(double[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
        }

        double doubleAt(int row) {
            return values[row];
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        double doubleValue(int row) {
            return values[row];
        }

        @Override
        long dataBytes() {
            return array(values.length, 8);
        }
    }

    /**
     * STRING (UTF-8) or BINARY values laid end to end: row i is {@code blob[offsets[i],
     * offsets[i + 1])}. A string is decoded, a binary copied, on each access.
     */
    static final class Blob extends ColumnVector {
        private final byte[] blob;
        private final int[] offsets;
        private final boolean string;

        Blob(byte[] blob, int[] offsets, int rows, long[] nulls, boolean string) {
            super(rows, nulls);
            this.blob = blob;
            this.offsets = offsets;
            this.string = string;
        }

        @Override
        Object value(int row) {
            int from = offsets[row];
            int to = offsets[row + 1];
            if (string) {
                return new String(blob, from, to - from, StandardCharsets.UTF_8);
            }
            return Arrays.copyOfRange(blob, from, to);
        }

        @Override
        long dataBytes() {
            return array(blob.length, 1) + array(offsets.length, 4);
        }
    }

    /** Strings of a dictionary-encoded chunk: the decoded dictionary, shared, and an id per row. */
    static final class DictionaryStrings extends ColumnVector {
        private final String[] dictionary;
        private final int[] ids;
        private final long dictionaryBytes;

        DictionaryStrings(String[] dictionary, int[] ids, int rows, long[] nulls) {
            super(rows, nulls);
            this.dictionary = dictionary;
            this.ids = ids;
            long bytes = array(dictionary.length, 4);
            for (String s : dictionary) {
                bytes += s == null ? 0 : 24 + array(s.length(), 2);
            }
            this.dictionaryBytes = bytes;
        }

        @Override
        Object value(int row) {
            return dictionary[ids[row]];
        }

        @Override
        long dataBytes() {
            return dictionaryBytes + array(ids.length, 4);
        }
    }

    /** Decimals wider than 18 digits, boxed (rare; their unscaled value needs 16 bytes). */
    static final class Decimals extends ColumnVector {
        private final BigDecimal[] values;
        private final long bytes;

        Decimals(BigDecimal[] values, int rows, long[] nulls) {
            super(rows, nulls);
            this.values = values;
            long b = array(values.length, 4);
            for (BigDecimal v : values) {
                b += v == null ? 0 : 40 + array(v.unscaledValue().bitLength() / 32 + 1, 4) + 40;
            }
            this.bytes = b;
        }

        @Override
        Object value(int row) {
            return values[row];
        }

        @Override
        long dataBytes() {
            return bytes;
        }
    }
}
