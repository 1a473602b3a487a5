package org.tonbo4j.internal.sst;

import java.util.Arrays;

/**
 * The decoded keys of one row group: encoded keys, key column values, sequence numbers and
 * tombstone flags, row by row in file order (key ascending, sequence descending). The encoded
 * keys lie end to end in one blob: row i is {@code blob[offsets[i], offsets[i + 1])}, or
 * {@code blob[i * stride, (i + 1) * stride)} when every key has the same length (offsets null).
 * Immutable after construction and shared through the {@link BlockCache}: thread-safe.
 */
final class KeyBlock {
    final int rows;
    private final byte[] blob;
    private final int[] offsets;
    private final int stride;
    final long[] seqs;
    final boolean[] tombstones;
    /** keyColumns[i]: values of the i-th key column (key order). */
    final ColumnVector[] keyColumns;
    /** Approximate heap bytes. */
    final long heapBytes;
    /** 0 not yet known, 1 every key differs from its neighbour, 2 some key has several versions. */
    private volatile byte distinct;

    KeyBlock(byte[] blob, int[] offsets, int stride, long[] seqs, boolean[] tombstones, ColumnVector[] keyColumns) {
        this.rows = seqs.length;
        this.blob = blob;
        this.offsets = offsets;
        this.stride = stride;
        this.seqs = seqs;
        this.tombstones = tombstones;
        this.keyColumns = keyColumns;
        long bytes = 64 + ColumnVector.array(blob.length, 1) + ColumnVector.array(rows, 8)
                + ColumnVector.array(rows, 1) + ColumnVector.array(keyColumns.length, 4);
        if (offsets != null) {
            bytes += ColumnVector.array(offsets.length, 4);
        }
        for (ColumnVector v : keyColumns) {
            bytes += v.heapBytes();
        }
        this.heapBytes = bytes;
    }

    /**
     * Packs encoded keys into a block: fixed stride when all have the same length.
     */
    static KeyBlock of(byte[][] keys, long[] seqs, boolean[] tombstones, ColumnVector[] keyColumns) {
        long total = 0;
        boolean fixed = true;
        for (byte[] k : keys) {
            total += k.length;
            fixed &= k.length == keys[0].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("keys of one row group exceed 2 GiB");
        }
        byte[] blob = new byte[(int) total];
        int[] offsets = fixed ? null : new int[keys.length + 1];
        int pos = 0;
        for (int i = 0; i < keys.length; i++) {
            System.arraycopy(keys[i], 0, blob, pos, keys[i].length);
            pos += keys[i].length;
            if (offsets != null) {
                offsets[i + 1] = pos;
            }
        }
        int stride = fixed && keys.length > 0 ? keys[0].length : 0;
        return new KeyBlock(blob, offsets, stride, seqs, tombstones, keyColumns);
    }

    private int from(int row) {
        return offsets == null ? row * stride : offsets[row];
    }

    private int to(int row) {
        return offsets == null ? (row + 1) * stride : offsets[row + 1];
    }

    /** A copy of the encoded key of a row. */
    byte[] key(int row) {
        return Arrays.copyOfRange(blob, from(row), to(row));
    }

    /** Unsigned comparison of a row's key with {@code key} (the order of KeyCodec.compare). */
    int compare(int row, byte[] key) {
        return Arrays.compareUnsigned(blob, from(row), to(row), key, 0, key.length);
    }

    /** Unsigned comparison of the keys of two rows. */
    int compareRows(int a, int b) {
        return Arrays.compareUnsigned(blob, from(a), to(a), blob, from(b), to(b));
    }

    /** Whether no key occurs twice (a row group of one version per key); found once, then kept. */
    boolean distinctKeys() {
        byte d = distinct;
        if (d == 0) {
            d = 1;
            for (int i = 1; i < rows; i++) {
                if (compareRows(i - 1, i) == 0) {
                    d = 2;
                    break;
                }
            }
            distinct = d; // a benign race: every thread finds the same answer
        }
        return d == 1;
    }

    boolean keyEquals(int row, byte[] key) {
        return Arrays.equals(blob, from(row), to(row), key, 0, key.length);
    }

    /** Index of the first row whose key is at least {@code key}; {@link #rows} if none. */
    int lowerBound(byte[] key) {
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(mid, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
