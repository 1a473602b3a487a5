package org.tonbo4j.internal.memtable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * The in-memory sorted buffer of recent writes: every version of every key, ordered by key
 * ascending then sequence descending. Rows are held in their compact WAL encoding (a few
 * objects per row instead of one per value, which keeps garbage collection cheap and the size
 * accounting exact) and decoded when read. One writer (the commit leader) adds; any number of
 * readers read at once. Once frozen it is never changed again and waits to be flushed.
 *
 * <p>Each memtable belongs to one WAL segment that holds exactly its writes, so the segment can
 * be deleted once the memtable is in an SST.
 */
public final class MemTable {
    /** Per-row overhead beyond the key and row bytes: node, skip-list index share, array headers. */
    private static final int ROW_OVERHEAD = 96;
    /** The same in a {@link SortedRun}: its offset, lengths, key prefix and flag in the arena's arrays. */
    private static final int RUN_ROW_OVERHEAD = 32;

    private final RowCodec codec;
    /** The rows of small batches and single writes, as the keys of a skip-list map (its key set is the view reads walk). */
    private final ConcurrentSkipListMap<MemRow, Boolean> map = new ConcurrentSkipListMap<>(MemRow.ORDER);
    /**
     * The large batches, each kept as it came ({@link SortedRun}), oldest first; replaced, never
     * changed, by the one writer. A reader that took the old array misses only a batch whose
     * sequences it cannot see yet.
     */
    private volatile SortedRun[] runs = new SortedRun[0];
    /** The batches that arrived above every key held, as one ascending chain ({@link RunChain}). */
    private volatile RunChain chain = RunChain.EMPTY;
    private final AtomicLong bytes = new AtomicLong();
    /** Rows added (the skip list's own count walks the whole list); written by the one writer. */
    private volatile int count;
    private final long walNumber;
    private volatile long maxSeq;
    /**
     * The smallest and largest keys added (null while empty). Written by the one writer before
     * the commit that adds a key publishes its sequence, so a reader that may see a key also sees
     * a range that covers it; a probe outside the range (new keys of append-style tables: ids,
     * times) then skips the skip-list walk.
     */
    private volatile byte[] minKey;
    private volatile byte[] maxKey;

    /** A batch of at least this many rows, four times as many as the memtable holds or more, becomes a run. */
    private static final int LINEAR_BUILD_ROWS = 4096;
    /** An ascending batch of at least this many rows above every key held joins the {@link #chain}. */
    private static final int CHAIN_ROWS = 256;

    public MemTable(long walNumber, RowCodec codec) {
        this.walNumber = walNumber;
        this.codec = codec;
    }

    /** The number of the WAL segment holding this memtable's writes. */
    public long walNumber() {
        return walNumber;
    }

    /**
     * Adds a version given in encoded form ({@link RowCodec#rowBytes} for a put,
     * {@link RowCodec#keyBytes} for a tombstone); called by one thread at a time.
     */
    public void add(byte[] key, long seq, boolean tombstone, byte[] encoded) {
        map.put(new MemRow(key, seq, tombstone, encoded), Boolean.TRUE);
        count++;
        widen(key, key);
        bytes.addAndGet(ROW_OVERHEAD + key.length + encoded.length);
        if (seq > maxSeq) {
            maxSeq = seq;
        }
    }

    /**
     * Adds a batch of mutations with sequence numbers from {@code firstSeq}, in key order: sorted
     * inserts walk neighbouring skip-list paths that are already in the CPU cache, which made
     * random-key ingest markedly faster than inserting in arrival order. A large batch (a bulk
     * load) with strictly ascending keys into a memtable holding at most a quarter as many rows
     * is instead kept whole as a {@link SortedRun}: no object per row, and each run is at least
     * four times the size of everything before it, so a memtable holds a handful at most. An
     * ascending batch above every key held (the next batch of an append-style load) joins the
     * {@link RunChain} whatever the memtable holds.
     */
    public void addBatch(MutationBatch batch, long firstSeq) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        boolean chained = n >= CHAIN_ROWS && aboveAll(batch.key(0));
        if (chained || (n >= LINEAR_BUILD_ROWS && count <= n / 4)) {
            SortedRun run = SortedRun.of(batch, firstSeq, RUN_ROW_OVERHEAD);
            if (run != null) {
                if (chained) {
                    chain = chain.append(run);
                } else {
                    SortedRun[] next = Arrays.copyOf(runs, runs.length + 1);
                    next[next.length - 1] = run;
                    runs = next;
                }
                added(n, run.firstKey(), run.lastKey(), run.bytes(), run.lastSeq());
                return;
            }
        }
        MemRow[] sorted = new MemRow[n];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = batch.key(i);
            byte[] encoded = batch.encoded(i);
            sorted[i] = new MemRow(key, firstSeq + i, batch.delete(i), encoded);
            bytes += ROW_OVERHEAD + key.length + encoded.length;
        }
        Arrays.sort(sorted, MemRow.ORDER);
        for (MemRow r : sorted) {
            map.put(r, Boolean.TRUE);
        }
        added(n, sorted[0].key, sorted[n - 1].key, bytes, firstSeq + n - 1);
    }

    private void added(int rows, byte[] lo, byte[] hi, long rowBytes, long lastSeq) {
        count += rows;
        widen(lo, hi);
        bytes.addAndGet(rowBytes);
        if (lastSeq > maxSeq) {
            maxSeq = lastSeq;
        }
    }

    private void widen(byte[] lo, byte[] hi) {
        byte[] min = minKey;
        if (min == null || KeyCodec.compare(lo, min) < 0) {
            minKey = lo;
        }
        byte[] max = maxKey;
        if (max == null || KeyCodec.compare(hi, max) > 0) {
            maxKey = hi;
        }
    }

    /** Whether {@code key} is above every key added so far. */
    private boolean aboveAll(byte[] key) {
        byte[] max = maxKey;
        return max == null || KeyCodec.compare(key, max) > 0;
    }

    /** Whether no key added so far can equal {@code key} by the key range alone. */
    private boolean outsideRange(byte[] key) {
        byte[] max = maxKey;
        return max == null || KeyCodec.compare(key, max) > 0 || KeyCodec.compare(key, minKey) < 0;
    }

    /** Adds a decoded version (recovery). */
    public void add(Entry e) {
        add(e.key, e.seq, e.tombstone, e.tombstone ? codec.keyBytes(e.values) : codec.rowBytes(e.values));
    }

    private Entry decode(MemRow r, boolean[] columns) {
        return new Entry(r.key, r.seq, r.tombstone, r.tombstone ? codec.decodeKey(r.row, r.rowOffset, r.rowLength)
                : codec.decodeRow(r.row, r.rowOffset, r.rowLength, columns));
    }

    private static MemRow probe(byte[] key, long seq) {
        return new MemRow(key, seq, false, null);
    }

    /** The newest version of {@code key} with sequence at most {@code atSeq}, or null. */
    public Entry get(byte[] key, long atSeq) {
        return get(key, atSeq, null);
    }

    /** As {@link #get(byte[], long)}, decoding only the columns where {@code columns} is true (null: all). */
    public Entry get(byte[] key, long atSeq, boolean[] columns) {
        if (outsideRange(key)) {
            return null;
        }
        MemRow r = map.ceilingKey(probe(key, atSeq));
        MemRow best = r != null && KeyCodec.compare(r.key, key) == 0 ? r : null;
        for (SortedRun run : runs) {
            int i = run.find(key);
            if (i >= 0 && run.seq(i) <= atSeq && (best == null || run.seq(i) > best.seq)) {
                best = run.row(i);
            }
        }
        MemRow c = chain.find(key, atSeq);
        if (c != null && (best == null || c.seq > best.seq)) {
            best = c;
        }
        return best == null ? null : decode(best, columns);
    }

    /** Entries (all versions) with keys in [from, to) (nulls: unbounded), ascending or descending. */
    public Iterator<Entry> iterator(byte[] from, byte[] to, boolean descending) {
        return iterator(from, to, descending, null);
    }

    /**
     * As {@link #iterator(byte[], byte[], boolean)}, decoding only the columns where
     * {@code columns} is true (null: all); the other values of the entries are null.
     */
    public Iterator<Entry> iterator(byte[] from, byte[] to, boolean descending, boolean[] columns) {
        return mapped(rows(from, to, descending), r -> decode(r, columns));
    }

    /**
     * All entries in order, for flushing: puts keep their row encoded ({@link Entry#raw}), so the
     * SST writer reads the values in place; tombstones are decoded.
     */
    public Iterator<Entry> flushIterator() {
        return mapped(rows(null, null, false),
                r -> r.tombstone ? decode(r, null) : Entry.raw(r.key, r.seq, r.row, r.rowOffset, r.rowLength));
    }

    private static Iterator<Entry> mapped(Iterator<MemRow> rows, java.util.function.Function<MemRow, Entry> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Entry next() {
                return f.apply(rows.next());
            }
        };
    }

    private Iterator<MemRow> rows(byte[] from, byte[] to, boolean descending) {
        NavigableSet<MemRow> all = map.keySet();
        NavigableSet<MemRow> view = all;
        if (from != null && to != null) {
            if (KeyCodec.compare(from, to) >= 0) {
                return Collections.emptyIterator();
            }
            view = all.subSet(probe(from, Long.MAX_VALUE), true, probe(to, Long.MAX_VALUE), false);
        } else if (from != null) {
            view = all.tailSet(probe(from, Long.MAX_VALUE), true);
        } else if (to != null) {
            view = all.headSet(probe(to, Long.MAX_VALUE), false);
        }
        Iterator<MemRow> it = descending ? view.descendingIterator() : view.iterator();
        SortedRun[] rs = runs;
        RunChain ch = chain;
        if (rs.length > 0 || !ch.isEmpty()) {
            List<Iterator<MemRow>> sources = new ArrayList<>(rs.length + 2);
            if (!map.isEmpty()) {
                sources.add(it);
            }
            for (SortedRun run : rs) {
                sources.add(run.iterator(from, to, descending));
            }
            if (!ch.isEmpty()) {
                sources.add(ch.iterator(from, to, descending));
            }
            it = sources.size() == 1 ? sources.get(0)
                    : new MergedRows(sources, descending ? MemRow.ORDER.reversed() : MemRow.ORDER);
        }
        return it;
    }

    /** All entries in order (for flushing). */
    public Iterator<Entry> iterator() {
        return iterator(null, null, false);
    }

    public boolean isEmpty() {
        return map.isEmpty() && runs.length == 0 && chain.isEmpty();
    }

    public int size() {
        return count;
    }

    /** Approximate memory used. */
    public long approximateBytes() {
        return bytes.get();
    }

    public long maxSeq() {
        return maxSeq;
    }
}
