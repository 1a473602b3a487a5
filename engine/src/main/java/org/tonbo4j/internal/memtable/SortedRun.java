package org.tonbo4j.internal.memtable;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.tonbo4j.internal.MutationBatch;

/**
 * A large committed batch kept as it came, in a memtable: its rows in parallel arrays in strictly
 * ascending key order, row {@code i} with sequence {@code firstSeq + i}. Adding one costs a pass
 * over the batch and no object per row, where a skip list costs a node, an index share and a row
 * object per row, all of which every young garbage collection copies while the memtable lives.
 * Immutable once built; safe to read from any thread once published.
 */
final class SortedRun {
    private final long[] prefixes;
    private final byte[][] keys;
    private final byte[][] rows;
    private final long[] tombstones;
    private final long firstSeq;
    private final long bytes;

    private SortedRun(long[] prefixes, byte[][] keys, byte[][] rows, long[] tombstones, long firstSeq, long bytes) {
        this.prefixes = prefixes;
        this.keys = keys;
        this.rows = rows;
        this.tombstones = tombstones;
        this.firstSeq = firstSeq;
        this.bytes = bytes;
    }

    /**
     * The batch as a run, its rows {@code rowOverhead} bytes each beyond their key and row
     * arrays; null if its keys are not strictly ascending (then it needs sorting).
     */
    static SortedRun of(MutationBatch batch, long firstSeq, int rowOverhead) {
        int n = batch.size();
        long[] prefixes = new long[n];
        byte[][] keys = new byte[n][];
        byte[][] rows = new byte[n][];
        long[] tombstones = new long[(n + 63) >>> 6];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = batch.key(i);
            long prefix = MemRow.prefix(key);
            if (i > 0 && MemRow.compareKeys(prefixes[i - 1], keys[i - 1], prefix, key) >= 0) {
                return null;
            }
            prefixes[i] = prefix;
            keys[i] = key;
            rows[i] = batch.encoded(i);
            if (batch.delete(i)) {
                tombstones[i >>> 6] |= 1L << i;
            }
            bytes += rowOverhead + key.length + rows[i].length;
        }
        return new SortedRun(prefixes, keys, rows, tombstones, firstSeq, bytes);
    }

    int size() {
        return keys.length;
    }

    /** The bytes the run stands for in its memtable's accounting. */
    long bytes() {
        return bytes;
    }

    byte[] key(int i) {
        return keys[i];
    }

    long seq(int i) {
        return firstSeq + i;
    }

    long lastSeq() {
        return firstSeq + keys.length - 1;
    }

    MemRow row(int i) {
        return new MemRow(prefixes[i], keys[i], firstSeq + i, (tombstones[i >>> 6] & (1L << i)) != 0, rows[i]);
    }

    /** The index of the first row whose key is at least {@code key}. */
    int lowerBound(byte[] key) {
        long prefix = MemRow.prefix(key);
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (MemRow.compareKeys(prefixes[mid], keys[mid], prefix, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the row with this key, or -1. */
    int find(byte[] key) {
        int i = lowerBound(key);
        return i < keys.length && java.util.Arrays.equals(keys[i], key) ? i : -1;
    }

    /** The rows with keys in [from, to) (nulls: unbounded), ascending or descending. */
    Iterator<MemRow> iterator(byte[] from, byte[] to, boolean descending) {
        int lo = from == null ? 0 : lowerBound(from);
        int hi = to == null ? keys.length : lowerBound(to);
        return new Iterator<>() {
            private int next = descending ? hi - 1 : lo;

            @Override
            public boolean hasNext() {
                return descending ? next >= lo : next < hi;
            }

            @Override
            public MemRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                MemRow r = row(next);
                next += descending ? -1 : 1;
                return r;
            }
        };
    }
}
