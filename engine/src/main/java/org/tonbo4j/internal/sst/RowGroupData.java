package org.tonbo4j.internal.sst;

import org.tonbo4j.internal.Entry;

/**
 * The decoded rows of one row group (or a part of one): encoded keys, sequence numbers,
 * tombstone flags and the decoded values of the requested columns. Immutable after
 * construction; shared through the cache, so callers never change the arrays.
 */
public final class RowGroupData {
    /** Number of rows. */
    public final int rows;
    /** Encoded key of each row. */
    public final byte[][] keys;
    public final long[] seqs;
    public final boolean[] tombstones;
    /** columns[c][row]: value of user column c (schema order); columns[c] is null if c was not decoded. */
    public final Object[][] columns;

    public RowGroupData(int rows, byte[][] keys, long[] seqs, boolean[] tombstones, Object[][] columns) {
        this.rows = rows;
        this.keys = keys;
        this.seqs = seqs;
        this.tombstones = tombstones;
        this.columns = columns;
    }

    /** Row i as an entry; undecoded columns are null. */
    public Entry entry(int i) {
        Object[] v = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] != null) {
                v[c] = columns[c][i];
            }
        }
        return new Entry(keys[i], seqs[i], tombstones[i], v);
    }
}
