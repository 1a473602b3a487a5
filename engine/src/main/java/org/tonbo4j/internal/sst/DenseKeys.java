package org.tonbo4j.internal.sst;

import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * Whether the keys of a row group are dense integers: one integer key column and every value
 * between the smallest and the largest key present. A bloom filter on such a row group answers
 * "maybe" for every key inside its range (they all exist) and the key range already rules out
 * every other key, so {@link SstWriter} leaves the filter out. Stateless.
 */
final class DenseKeys {
    private DenseKeys() {
    }

    /** The byte width of the table's key when it is one integer column, else 0. */
    static int integerKeyWidth(Schema schema) {
        if (schema.keyColumnCount() != 1) {
            return 0;
        }
        ColumnType.Kind k = schema.column(schema.keyIndex(0)).type().kind();
        switch (k) {
            case INT8: return 1;
            case INT16: return 2;
            case INT32: return 4;
            case INT64: return 8;
            default: return 0;
        }
    }

    /**
     * Whether {@code distinctKeys} keys from {@code min} to {@code max} (encoded, width
     * {@code width} from {@link #integerKeyWidth}) fill their range.
     */
    static boolean dense(int width, byte[] min, byte[] max, long distinctKeys) {
        if (width == 0 || min.length != width || max.length != width) {
            return false;
        }
        // The encoding is the value with its sign bit flipped, big-endian: as unsigned numbers
        // the encodings differ exactly as the values do.
        long span = unsigned(max) - unsigned(min); // at most 2^64 - 1: compared unsigned below
        return Long.compareUnsigned(span, distinctKeys - 1) == 0;
    }

    private static long unsigned(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }
}
