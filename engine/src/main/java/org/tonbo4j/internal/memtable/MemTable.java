package org.tonbo4j.internal.memtable;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * The in-memory sorted buffer of recent writes: every version of every key, ordered by key
 * ascending then sequence descending. One writer (the commit leader) adds; any number of
 * readers read at once. Once frozen it is never changed again and waits to be flushed.
 *
 * <p>Each memtable belongs to one WAL segment that holds exactly its writes, so the segment can
 * be deleted once the memtable is in an SST.
 */
public final class MemTable {
    /** Orders entries by key ascending, then sequence descending. */
    public static final Comparator<Entry> ORDER = (a, b) -> {
        int c = KeyCodec.compare(a.key, b.key);
        return c != 0 ? c : Long.compare(b.seq, a.seq);
    };

    private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong bytes = new AtomicLong();
    private final long walNumber;
    private volatile long maxSeq;
    private volatile long minSeq = Long.MAX_VALUE;

    public MemTable(long walNumber) {
        this.walNumber = walNumber;
    }

    /** The number of the WAL segment holding this memtable's writes. */
    public long walNumber() {
        return walNumber;
    }

    /** Adds a version; called by one thread at a time. */
    public void add(Entry e) {
        entries.add(e);
        bytes.addAndGet(estimate(e));
        if (e.seq > maxSeq) {
            maxSeq = e.seq;
        }
        if (e.seq < minSeq) {
            minSeq = e.seq;
        }
    }

    /** The newest version of {@code key} with sequence at most {@code maxSeq}, or null. */
    public Entry get(byte[] key, long atSeq) {
        Entry probe = new Entry(key, atSeq, false, null);
        Entry e = entries.ceiling(probe);
        return e != null && KeyCodec.compare(e.key, key) == 0 ? e : null;
    }

    /** Entries (all versions) with keys in [from, to) (nulls: unbounded), ascending or descending. */
    public Iterator<Entry> iterator(byte[] from, byte[] to, boolean descending) {
        NavigableSet<Entry> view = entries;
        if (from != null && to != null) {
            if (KeyCodec.compare(from, to) >= 0) {
                return java.util.Collections.emptyIterator();
            }
            view = entries.subSet(new Entry(from, Long.MAX_VALUE, false, null), true, new Entry(to, Long.MAX_VALUE, false, null), false);
        } else if (from != null) {
            view = entries.tailSet(new Entry(from, Long.MAX_VALUE, false, null), true);
        } else if (to != null) {
            view = entries.headSet(new Entry(to, Long.MAX_VALUE, false, null), false);
        }
        return descending ? view.descendingIterator() : view.iterator();
    }

    /** All entries in order (for flushing). */
    public Iterator<Entry> iterator() {
        return entries.iterator();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** Approximate memory used. */
    public long approximateBytes() {
        return bytes.get();
    }

    public long maxSeq() {
        return maxSeq;
    }

    public long minSeq() {
        return minSeq;
    }

    /** A rough size of an entry on the heap. */
    static long estimate(Entry e) {
        long n = 96 + e.key.length;
        for (Object v : e.values) {
            if (v == null) {
                n += 4;
            } else if (v instanceof String) {
                n += 48 + ((String) v).length();
            } else if (v instanceof byte[]) {
                n += 24 + ((byte[]) v).length;
            } else if (v instanceof java.math.BigDecimal) {
                n += 64;
            } else {
                n += 20;
            }
        }
        return n;
    }
}
