package org.tonbo4j.internal.db;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sequence numbers that open snapshots and iterators read at, with counts. Compaction asks
 * it which old versions someone may still see. Thread-safe.
 */
final class SnapshotRegistry {
    private final ConcurrentSkipListMap<Long, Integer> open = new ConcurrentSkipListMap<>();

    void acquire(long seq) {
        open.merge(seq, 1, Integer::sum);
    }

    void release(long seq) {
        open.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
    }

    /** Whether some open snapshot reads at a sequence in [lo, hi). */
    boolean anyIn(long lo, long hi) {
        Map.Entry<Long, Integer> e = open.ceilingEntry(lo);
        return e != null && e.getKey() < hi;
    }

    int size() {
        return open.size();
    }
}
