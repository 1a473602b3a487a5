package org.tonbo4j.internal.memtable;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of a few sorted sources (a memtable's skip list and its sorted runs) as one sorted
 * sequence. The sources are few (a run is only made of a batch four times larger than the rest
 * of its memtable, so a memtable has a handful at most), so each step compares the heads
 * directly rather than keeping a heap. Not thread-safe.
 */
final class MergedRows implements Iterator<MemRow> {
    private final Iterator<MemRow>[] sources;
    private final MemRow[] heads;
    private final Comparator<MemRow> order;

    @SuppressWarnings("unchecked")
    MergedRows(List<Iterator<MemRow>> sources, Comparator<MemRow> order) {
        this.sources = sources.toArray(new Iterator[0]);
        this.heads = new MemRow[this.sources.length];
        this.order = order;
        for (int i = 0; i < heads.length; i++) {
            heads[i] = this.sources[i].hasNext() ? this.sources[i].next() : null;
        }
    }

    @Override
    public boolean hasNext() {
        for (MemRow h : heads) {
            if (h != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public MemRow next() {
        int min = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && (min < 0 || order.compare(heads[i], heads[min]) < 0)) {
                min = i;
            }
        }
        if (min < 0) {
            throw new NoSuchElementException();
        }
        MemRow r = heads[min];
        heads[min] = sources[min].hasNext() ? sources[min].next() : null;
        return r;
    }
}
