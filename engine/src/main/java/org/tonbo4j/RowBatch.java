package org.tonbo4j;

/**
 * Consecutive rows of a scan in column form, as {@link BatchIterator#next} returns them. A value
 * is addressed by its row within the batch and its column (schema order); integer and floating
 * point values are read without boxing. Columns the scan did not ask for read as null. A batch
 * is only valid until the next call of its iterator's {@code next} or {@code close}: copy what
 * must outlive that. Not thread-safe.
 */
public interface RowBatch {
    /** The number of rows, at least 1. */
    int size();

    /** Whether the value of {@code column} in {@code row} is null. */
    boolean isNull(int row, int column);

    /**
     * The value of an INT8, INT16, INT32, INT64 or BOOLEAN (1 or 0) column as a long; 0 for a
     * null (tell nulls apart with {@link #isNull}).
     *
     * @throws IllegalArgumentException when the column has another type
     */
    long getLong(int row, int column);

    /**
     * The value of a FLOAT32 or FLOAT64 column as a double; 0 for a null.
     *
     * @throws IllegalArgumentException when the column has another type
     */
    double getDouble(int row, int column);

    /** The value as the Java class of its {@link ColumnType}, or null. */
    Object get(int row, int column);
}
