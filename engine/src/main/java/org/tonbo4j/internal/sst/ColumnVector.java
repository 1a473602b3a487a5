package org.tonbo4j.internal.sst;

/**
 * The decoded values of one column chunk in a compact, typed form (primitive arrays, one byte
 * blob for strings and binaries) so that the {@link BlockCache} holds several times more rows
 * than boxed values would. Values are boxed only when a row is materialized by {@link #get}.
 *
 * <p>Immutable after construction and shared through the cache: safe for any number of
 * threads. Subclasses are in {@link ColumnVectors}; {@link VectorReader} builds them.
 */
abstract class ColumnVector {
    /** Array header bytes counted per array (object header plus length, rounded). */
    static final long ARRAY_HEADER = 16;
    /** Object header and fields of a vector itself. */
    static final long OBJECT_BYTES = 32;

    final int rows;
    /** Bit i set when row i is null; null when no row is. */
    private final long[] nulls;

    ColumnVector(int rows, long[] nulls) {
        this.rows = rows;
        this.nulls = nulls;
    }

    final boolean isNull(int row) {
        return nulls != null && (nulls[row >>> 6] & (1L << row)) != 0;
    }

    /** The value of a row as the Java class of its column type (see ColumnType), or null. */
    final Object get(int row) {
        return isNull(row) ? null : value(row);
    }

    /** The boxed value of a non-null row. */
    abstract Object value(int row);

    /**
     * The value of a non-null row of an integer column (INT8 to INT64, BOOLEAN as 1 or 0) as
     * a long, without boxing; other vectors box and convert.
     */
    long longValue(int row) {
        Object v = value(row);
        return v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).longValue();
    }

    /** The value of a non-null row of a FLOAT32 or FLOAT64 column as a double, without boxing. */
    double doubleValue(int row) {
        return ((Number) value(row)).doubleValue();
    }

    /** Heap bytes of the vector's own arrays (without the null mask and header). */
    abstract long dataBytes();

    /** Approximate heap bytes held, for cache accounting. */
    final long heapBytes() {
        return OBJECT_BYTES + dataBytes() + (nulls == null ? 0 : array(nulls.length, 8));
    }

    /** Heap bytes of an array of {@code length} elements of {@code elementBytes} each. */
    static long array(long length, int elementBytes) {
        return (ARRAY_HEADER + length * elementBytes + 7) & ~7L;
    }
}
