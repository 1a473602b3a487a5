package org.tonbo4j.internal.read;

import org.tonbo4j.internal.sst.RowGroupData;

/**
 * Rows a source hands over in column form ({@link EntrySource#run}): indexes into one decoded
 * row group, in scan order, up to a fixed capacity. Reused from batch to batch. Not thread-safe.
 */
public final class Run {
    private final int[] rows;
    private RowGroupData data;
    private int size;

    public Run(int capacity) {
        this.rows = new int[capacity];
    }

    /** Empties the run. */
    public void clear() {
        data = null;
        size = 0;
    }

    public int capacity() {
        return rows.length;
    }

    public int size() {
        return size;
    }

    public boolean full() {
        return size == rows.length;
    }

    /** The row group the rows are in (null while empty). */
    public RowGroupData data() {
        return data;
    }

    /** The row indexes into {@link #data()}; valid up to {@link #size()}. */
    public int[] rows() {
        return rows;
    }

    /** Sets the row group the rows to be added are in (a run has one). */
    void of(RowGroupData d) {
        if (size > 0 && d != data) {
            throw new IllegalStateException("a run holds rows of one row group");
        }
        data = d;
    }

    void add(int row) {
        rows[size++] = row;
    }
}
