package org.tonbo4j.internal.sst;

import java.util.Arrays;

/**
 * The decoded keys of one row group: encoded keys, key column values, sequence numbers and
 * tombstone flags, row by row in file order (key ascending, sequence descending). Immutable by
 * convention and shared through the {@link BlockCache}.
 */
final class KeyBlock {
    final int rows;
    final byte[][] keys;
    final long[] seqs;
    final boolean[] tombstones;
    /** keyColumns[i][row]: value of the i-th key column (key order). */
    final Object[][] keyColumns;
    /** Approximate heap bytes. */
    final long heapBytes;

    KeyBlock(byte[][] keys, long[] seqs, boolean[] tombstones, Object[][] keyColumns, long keyValueBytes) {
        this.rows = keys.length;
        this.keys = keys;
        this.seqs = seqs;
        this.tombstones = tombstones;
        this.keyColumns = keyColumns;
        long keyBytes = 0;
        for (byte[] k : keys) {
            keyBytes += 16 + k.length;
        }
        this.heapBytes = 64 + keyBytes + rows * (8L + 1 + 4 + 4L * keyColumns.length) + keyValueBytes;
    }

    /** Index of the first row whose key is at least {@code key}; {@link #rows} if none. */
    int lowerBound(byte[] key) {
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(keys[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
