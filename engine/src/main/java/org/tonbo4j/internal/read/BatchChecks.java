package org.tonbo4j.internal.read;

import org.tonbo4j.ColumnType;

/** The argument checks every {@link org.tonbo4j.RowBatch} makes, with one wording. Stateless. */
public final class BatchChecks {
    private BatchChecks() {
    }

    public static void checkMax(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("a batch holds at least 1 row, asked for " + maxRows);
        }
    }

    /** That {@code getLong} may read column {@code c}. */
    public static void checkLong(ColumnType.Kind[] kinds, int c) {
        switch (kinds[c]) {
            case INT8: case INT16: case INT32: case INT64: case BOOLEAN:
                return;
            default:
                throw new IllegalArgumentException("getLong reads integer and boolean columns; column " + c + " is " + kinds[c]);
        }
    }

    /** That {@code getDouble} may read column {@code c}. */
    public static void checkDouble(ColumnType.Kind[] kinds, int c) {
        if (kinds[c] != ColumnType.Kind.FLOAT32 && kinds[c] != ColumnType.Kind.FLOAT64) {
            throw new IllegalArgumentException("getDouble reads FLOAT32 and FLOAT64 columns; column " + c + " is " + kinds[c]);
        }
    }
}
