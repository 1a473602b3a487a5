package org.tonbo4j.internal.sst;

import org.tonbo4j.internal.Entry;

/**
 * The decoded rows of one row group (or a part of one): encoded keys, sequence numbers,
 * tombstone flags and the values of the requested columns, as the compact cached vectors.
 * Rows are boxed only when {@link #entry} materializes one. Immutable and thread-safe; a view
 * over data shared through the cache.
 */
public final class RowGroupData {
    private final KeyBlock keys;
    /** columns[c]: user column c (schema order); null if c was not decoded. */
    private final ColumnVector[] columns;

    RowGroupData(KeyBlock keys, ColumnVector[] columns) {
        this.keys = keys;
        this.columns = columns;
    }

    /** Number of rows. */
    public int rows() {
        return keys.rows;
    }

    /** A copy of the encoded key of row i. */
    public byte[] key(int i) {
        return keys.key(i);
    }

    public long seq(int i) {
        return keys.seqs[i];
    }

    public boolean tombstone(int i) {
        return keys.tombstones[i];
    }

    /** Index of the first row whose encoded key is at least {@code key}; {@link #rows()} if none. */
    public int lowerBound(byte[] key) {
        return keys.lowerBound(key);
    }

    /** Index of the first row whose encoded key is above {@code key}; {@link #rows()} if none. */
    public int upperBound(byte[] key) {
        int i = keys.lowerBound(key);
        while (i < keys.rows && keys.keyEquals(i, key)) {
            i++;
        }
        return i;
    }

    /** Whether no key occurs in more than one row (found once per row group, then kept). */
    public boolean distinctKeys() {
        return keys.distinctKeys();
    }

    /** Whether row i's encoded key equals {@code key}. */
    public boolean keyEquals(int i, byte[] key) {
        return keys.keyEquals(i, key);
    }

    /** Whether user column c was decoded (key columns always are). */
    public boolean hasColumn(int c) {
        return columns[c] != null;
    }

    /** The vector of user column c, or null if it was not decoded. */
    ColumnVector column(int c) {
        return columns[c];
    }

    /** Whether another version of row i's key is in this row group (versions of a key are adjacent). */
    public boolean hasOtherVersion(int i) {
        return (i > 0 && keys.compareRows(i - 1, i) == 0) || (i + 1 < keys.rows && keys.compareRows(i, i + 1) == 0);
    }

    /** Row i as a tombstone: its key and sequence, no values (a version that shadows older ones). */
    public Entry tombstoneEntry(int i) {
        return new Entry(keys.key(i), keys.seqs[i], true, new Object[columns.length]);
    }

    /** Row i as a new entry with boxed values; undecoded columns are null. */
    public Entry entry(int i) {
        Object[] v = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] != null) {
                v[c] = columns[c].get(i);
            }
        }
        return new Entry(keys.key(i), keys.seqs[i], keys.tombstones[i], v);
    }
}
