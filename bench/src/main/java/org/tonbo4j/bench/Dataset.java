package org.tonbo4j.bench;

import java.util.SplittableRandom;

/**
 * One generated data set, held in memory so that timed loops measure the engines, not the
 * generator: the rows in insert order, the keys of the point gets (hits and misses, fixed
 * seeds) and the checksums every engine's scans must reproduce. Immutable after construction.
 */
final class Dataset {
    final BenchData data;
    final Object[][] rows;
    final long[] hitKeys;
    final long[] missKeys;
    final long fullChecksum;
    final long projectionChecksum;

    Dataset(long rowCount, int gets, int misses) {
        this.data = new BenchData(rowCount);
        long[] order = data.insertOrder();
        this.rows = new Object[order.length][];
        long full = 0;
        long projected = 0;
        for (int i = 0; i < order.length; i++) {
            rows[i] = BenchData.row(order[i]);
            full += fullChecksum(rows[i]);
            projected += projectionChecksum(rows[i]);
        }
        this.fullChecksum = full;
        this.projectionChecksum = projected;
        SplittableRandom r = new SplittableRandom(20_240_601L);
        this.hitKeys = new long[gets];
        for (int i = 0; i < gets; i++) {
            hitKeys[i] = data.existingKey(r);
        }
        this.missKeys = new long[misses];
        for (int i = 0; i < misses; i++) {
            missKeys[i] = data.missingKey(r);
        }
    }

    /** What a full scan sums per row: touches the key, two numbers and both strings. */
    static long fullChecksum(Object[] v) {
        return (Long) v[0] + (Long) v[1] + (Integer) v[2] + ((String) v[4]).length() + ((String) v[5]).length();
    }

    /** What a projection scan sums per row: the key and the projected column. */
    static long projectionChecksum(Object[] v) {
        return (Long) v[0] + (Long) v[BenchData.PROJECTED_INDEX];
    }
}
