package org.tonbo4j.internal.read;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * Merges sources into one in key order (ascending or descending); equal keys come out
 * adjacent, newest first when ascending. With a single source it is a pass-through.
 * Not thread-safe.
 */
public final class MergingSource implements EntrySource {
    private final PriorityQueue<EntrySource> heap;
    private final List<EntrySource> all;
    private final boolean reverse;

    public MergingSource(List<EntrySource> sources, boolean reverse) {
        Comparator<EntrySource> byKey = (a, b) -> {
            Entry x = a.peek();
            Entry y = b.peek();
            int c = KeyCodec.compare(x.key, y.key);
            if (reverse) {
                c = -c;
            }
            return c != 0 ? c : Long.compare(y.seq, x.seq);
        };
        this.all = sources;
        this.reverse = reverse;
        this.heap = new PriorityQueue<>(Math.max(1, sources.size()), byKey);
        for (EntrySource s : sources) {
            if (s.peek() != null) {
                heap.add(s);
            }
        }
    }

    @Override
    public Entry peek() {
        EntrySource top = heap.peek();
        return top == null ? null : top.peek();
    }

    @Override
    public void next() {
        EntrySource top = heap.poll();
        top.next();
        if (top.peek() != null) {
            heap.add(top);
        }
    }

    @Override
    public boolean canRun() {
        EntrySource top = heap.peek();
        return top != null && top.canRun();
    }

    /** A run of the source with the first key, up to the first key of any other source. */
    @Override
    public int run(byte[] limit, long snapshotSeq, Run out) {
        EntrySource top = heap.poll();
        if (top == null) {
            return 0;
        }
        EntrySource second = heap.peek();
        byte[] bound = limit;
        if (second != null) {
            byte[] k = second.peek().key;
            int c = bound == null ? 0 : KeyCodec.compare(k, bound);
            if (bound == null || (reverse ? c > 0 : c < 0)) {
                bound = k;
            }
        }
        int moved;
        try {
            moved = top.run(bound, snapshotSeq, out);
        } finally {
            if (top.peek() != null) {
                heap.add(top);
            }
        }
        return moved;
    }

    @Override
    public void close() {
        for (EntrySource s : all) {
            s.close();
        }
    }
}
