package org.tonbo4j.internal.sst;

import org.tonbo4j.ColumnType;
import org.tonbo4j.RowBatch;
import org.tonbo4j.internal.read.BatchChecks;

/**
 * A {@link RowBatch} that is a view of decoded column vectors: rows {@code rows[from ..
 * from + size)} of one row group. Reset for each batch; the vectors are shared through the
 * cache and never copied. Not thread-safe.
 */
public final class VectorBatch implements RowBatch {
    private final ColumnType.Kind[] kinds;
    /** The columns the scan returns; null: all. */
    private final boolean[] requested;
    private final ColumnVector[] vectors;
    private int[] rows;
    private int from;
    private int size;

    public VectorBatch(ColumnType.Kind[] kinds, boolean[] requested) {
        this.kinds = kinds;
        this.requested = requested;
        this.vectors = new ColumnVector[kinds.length];
    }

    /** Points the batch at {@code size} rows of {@code data}, listed in {@code rows} from {@code from}. */
    public VectorBatch reset(RowGroupData data, int[] rows, int from, int size) {
        for (int c = 0; c < vectors.length; c++) {
            vectors[c] = requested == null || requested[c] ? data.column(c) : null;
        }
        this.rows = rows;
        this.from = from;
        this.size = size;
        return this;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isNull(int row, int column) {
        ColumnVector v = vectors[column];
        return v == null || v.isNull(index(row));
    }

    @Override
    public long getLong(int row, int column) {
        BatchChecks.checkLong(kinds, column);
        ColumnVector v = vectors[column];
        int i = index(row);
        return v == null || v.isNull(i) ? 0 : v.longValue(i);
    }

    @Override
    public double getDouble(int row, int column) {
        BatchChecks.checkDouble(kinds, column);
        ColumnVector v = vectors[column];
        int i = index(row);
        return v == null || v.isNull(i) ? 0 : v.doubleValue(i);
    }

    @Override
    public Object get(int row, int column) {
        ColumnVector v = vectors[column];
        return v == null ? null : v.get(index(row));
    }

    private int index(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of a batch of " + size);
        }
        return rows[from + row];
    }
}
