package org.tonbo4j.internal;

import java.util.Arrays;

/**
 * Reads of writes packed by a {@link RowArena}: writes {@code [0, size())}, each an encoded key
 * followed by its data in a large chunk, with parallel arrays of offsets, lengths, key prefixes
 * and delete flags. Shared by the arena and its immutable views.
 */
public abstract class PackedRows {
    byte[][] chunks;
    long[] where;
    int[] keyLen;
    int[] rowLen;
    long[] prefixes;
    byte[] flags;
    int count;

    PackedRows(byte[][] chunks, long[] where, int[] keyLen, int[] rowLen, long[] prefixes, byte[] flags, int count) {
        this.chunks = chunks;
        this.where = where;
        this.keyLen = keyLen;
        this.rowLen = rowLen;
        this.prefixes = prefixes;
        this.flags = flags;
        this.count = count;
    }

    public final int size() {
        return count;
    }

    /** The chunk holding write {@code i}. */
    public final byte[] chunk(int i) {
        return chunks[(int) (where[i] >>> 32)];
    }

    public final int keyOffset(int i) {
        return (int) where[i];
    }

    public final int keyLength(int i) {
        return keyLen[i];
    }

    /** Where write {@code i}'s data starts in its chunk (right after its key). */
    public final int dataOffset(int i) {
        return (int) where[i] + keyLen[i];
    }

    public final int dataLength(int i) {
        return rowLen[i];
    }

    public final long prefix(int i) {
        return prefixes[i];
    }

    public final boolean delete(int i) {
        return flags[i] != 0;
    }

    /** A copy of write {@code i}'s key. */
    public final byte[] key(int i) {
        int off = keyOffset(i);
        return Arrays.copyOfRange(chunk(i), off, off + keyLen[i]);
    }

    /** A copy of write {@code i}'s data. */
    public final byte[] data(int i) {
        int off = dataOffset(i);
        return Arrays.copyOfRange(chunk(i), off, off + rowLen[i]);
    }

    /** Compares write {@code i}'s key with {@code key} (whose prefix is {@code keyPrefix}), unsigned. */
    public final int compareKey(int i, long keyPrefix, byte[] key) {
        int c = Long.compareUnsigned(prefixes[i], keyPrefix);
        if (c != 0) {
            return c;
        }
        int off = keyOffset(i);
        return Arrays.compareUnsigned(chunk(i), off, off + keyLen[i], key, 0, key.length);
    }

    /** Compares the keys of writes {@code i} and {@code j}, unsigned. */
    public final int compareKeys(int i, int j) {
        int c = Long.compareUnsigned(prefixes[i], prefixes[j]);
        if (c != 0) {
            return c;
        }
        int a = keyOffset(i);
        int b = keyOffset(j);
        return Arrays.compareUnsigned(chunk(i), a, a + keyLen[i], chunk(j), b, b + keyLen[j]);
    }

    /** The first index in {@code [0, size())} whose key is at least {@code key}, for keys in ascending order. */
    public final int lowerBound(byte[] key) {
        long p = RowArena.prefix(key);
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKey(mid, p, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the write with this key, for keys in ascending order, or -1. */
    public final int find(byte[] key) {
        int i = lowerBound(key);
        return i < count && compareKey(i, RowArena.prefix(key), key) == 0 ? i : -1;
    }
}
