package org.tonbo4j.internal.memtable;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.RowArena;

/**
 * A large committed batch kept whole in a memtable: its rows packed in a {@link RowArena}, in
 * strictly ascending key order, row {@code i} with sequence {@code firstSeq + i}. A transaction's
 * bulk load arrives already packed and is kept as it is; any other batch is packed once. A skip
 * list would cost a node, an index share and a row object per row, all copied by every young
 * garbage collection while the memtable lives. Immutable; safe to read from any thread once
 * published.
 */
final class SortedRun {
    private final RowArena.View rows;
    private final long firstSeq;
    private final long bytes;
    private final byte[] firstKey;
    private final byte[] lastKey;

    private SortedRun(RowArena.View rows, long firstSeq, long bytes) {
        this.rows = rows;
        this.firstSeq = firstSeq;
        this.bytes = bytes;
        this.firstKey = rows.key(0);
        this.lastKey = rows.key(rows.size() - 1);
    }

    /**
     * The batch as a run, each row counted as {@code rowOverhead} bytes beyond its key and data;
     * null if its keys are not strictly ascending (then it needs sorting).
     */
    static SortedRun of(MutationBatch batch, long firstSeq, int rowOverhead) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        RowArena.View rows = batch.arena();
        if (rows == null) {
            RowArena packed = new RowArena();
            for (int i = 0; i < batch.size(); i++) {
                byte[] data = batch.encoded(i);
                packed.add(batch.key(i), batch.delete(i), data, 0, data.length);
            }
            rows = packed.view();
        }
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0 && rows.compareKeys(i - 1, i) >= 0) {
                return null;
            }
            bytes += rowOverhead + rows.keyLength(i) + rows.dataLength(i);
        }
        return new SortedRun(rows, firstSeq, bytes);
    }

    int size() {
        return rows.size();
    }

    /** The bytes the run stands for in its memtable's accounting. */
    long bytes() {
        return bytes;
    }

    byte[] firstKey() {
        return firstKey;
    }

    byte[] lastKey() {
        return lastKey;
    }

    byte[] key(int i) {
        return rows.key(i);
    }

    long seq(int i) {
        return firstSeq + i;
    }

    long lastSeq() {
        return firstSeq + rows.size() - 1;
    }

    MemRow row(int i) {
        return new MemRow(rows.prefix(i), rows.key(i), firstSeq + i, rows.delete(i), rows.chunk(i), rows.dataOffset(i),
                rows.dataLength(i));
    }

    /** The index of the row with this key, or -1. */
    int find(byte[] key) {
        return rows.find(key);
    }

    /** The rows with keys in [from, to) (nulls: unbounded), ascending or descending. */
    Iterator<MemRow> iterator(byte[] from, byte[] to, boolean descending) {
        int lo = from == null ? 0 : rows.lowerBound(from);
        int hi = to == null ? rows.size() : rows.lowerBound(to);
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
