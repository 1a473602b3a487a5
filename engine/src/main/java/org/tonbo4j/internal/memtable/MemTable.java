package org.tonbo4j.internal.memtable;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
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

    /**
     * One version as stored. {@code prefix} holds the key's first 8 bytes big-endian, so most
     * comparisons while walking the skip list never touch the key array (one cache miss less
     * per step).
     */
    private static final class MemRow {
        final long prefix;
        final byte[] key;
        final long seq;
        final boolean tombstone;
        final byte[] row;

        MemRow(byte[] key, long seq, boolean tombstone, byte[] row) {
            this.prefix = prefix(key);
            this.key = key;
            this.seq = seq;
            this.tombstone = tombstone;
            this.row = row;
        }

        private static long prefix(byte[] key) {
            long p = 0;
            int n = Math.min(8, key.length);
            for (int i = 0; i < n; i++) {
                p |= (key[i] & 0xFFL) << (56 - 8 * i);
            }
            return p;
        }
    }

    private static final Comparator<MemRow> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.prefix, b.prefix);
        if (c == 0) {
            c = KeyCodec.compare(a.key, b.key);
        }
        return c != 0 ? c : Long.compare(b.seq, a.seq);
    };

    private final RowCodec codec;
    /**
     * The rows, as the keys of a skip-list map (its key set is the view reads walk). Replaced by
     * {@link #addBatch} with a rebuilt map when a large batch arrives; a reader that still holds
     * the old map sees none of that batch, whose sequences are not visible yet.
     */
    private volatile ConcurrentSkipListMap<MemRow, Boolean> map = new ConcurrentSkipListMap<>(ORDER);
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

    /** A batch of at least this many rows, four times as many as the memtable holds or more, is merged in linearly. */
    private static final int LINEAR_BUILD_ROWS = 4096;

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
     * load) into a memtable holding at most a quarter as many rows instead rebuilds the skip list
     * from the merged rows in one linear pass, swapping the map: a reader that took the old map
     * sees the old rows, all a snapshot before this batch can see.
     */
    public void addBatch(List<Mutation> batch, long firstSeq) {
        MemRow[] sorted = new MemRow[batch.size()];
        long added = 0;
        for (int i = 0; i < sorted.length; i++) {
            Mutation m = batch.get(i);
            sorted[i] = new MemRow(m.key(), firstSeq + i, m.delete(), m.encoded());
            added += rowBytes(m);
        }
        Arrays.sort(sorted, ORDER);
        if (sorted.length >= LINEAR_BUILD_ROWS && count <= sorted.length / 4) {
            map = new ConcurrentSkipListMap<>(new SortedRows(map.keySet(), count, sorted));
        } else {
            for (MemRow r : sorted) {
                map.put(r, Boolean.TRUE);
            }
        }
        count += sorted.length;
        if (sorted.length > 0) {
            widen(sorted[0].key, sorted[sorted.length - 1].key);
        }
        bytes.addAndGet(added);
        long last = firstSeq + sorted.length - 1;
        if (last > maxSeq) {
            maxSeq = last;
        }
    }

    /** The bytes a mutation takes in a memtable. */
    private static long rowBytes(Mutation m) {
        return ROW_OVERHEAD + m.key().length + m.encoded().length;
    }

    /**
     * The rows of a memtable (ascending, may be empty) merged with a sorted batch, as a sorted
     * map, only for the skip-list map's constructor, which builds its levels from such a map in
     * one pass (it reads the entries in order and the comparator). No two rows are equal: every
     * version has its own sequence number.
     */
    private static final class SortedRows extends AbstractMap<MemRow, Boolean> implements SortedMap<MemRow, Boolean> {
        private final NavigableSet<MemRow> existing;
        private final int existingCount;
        private final MemRow[] batch;

        SortedRows(NavigableSet<MemRow> existing, int existingCount, MemRow[] batch) {
            this.existing = existing;
            this.existingCount = existingCount;
            this.batch = batch;
        }

        @Override
        public Comparator<? super MemRow> comparator() {
            return ORDER;
        }

        @Override
        public Set<Map.Entry<MemRow, Boolean>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<MemRow, Boolean>> iterator() {
                    Iterator<MemRow> old = existing.iterator();
                    return new Iterator<>() {
                        private MemRow nextOld = old.hasNext() ? old.next() : null;
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return nextOld != null || next < batch.length;
                        }

                        @Override
                        public Map.Entry<MemRow, Boolean> next() {
                            MemRow r;
                            if (nextOld != null && (next >= batch.length || ORDER.compare(nextOld, batch[next]) < 0)) {
                                r = nextOld;
                                nextOld = old.hasNext() ? old.next() : null;
                            } else if (next < batch.length) {
                                r = batch[next++];
                            } else {
                                throw new NoSuchElementException();
                            }
                            return new AbstractMap.SimpleImmutableEntry<>(r, Boolean.TRUE);
                        }
                    };
                }

                @Override
                public int size() {
                    return existingCount + batch.length;
                }
            };
        }

        @Override
        public SortedMap<MemRow, Boolean> subMap(MemRow from, MemRow to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<MemRow, Boolean> headMap(MemRow to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<MemRow, Boolean> tailMap(MemRow from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MemRow firstKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public MemRow lastKey() {
            throw new UnsupportedOperationException();
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
        return new Entry(r.key, r.seq, r.tombstone, r.tombstone ? codec.decodeKey(r.row) : codec.decodeRow(r.row, columns));
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
        return r != null && KeyCodec.compare(r.key, key) == 0 ? decode(r, columns) : null;
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
        NavigableSet<MemRow> rows = map.keySet();
        NavigableSet<MemRow> view = rows;
        if (from != null && to != null) {
            if (KeyCodec.compare(from, to) >= 0) {
                return Collections.emptyIterator();
            }
            view = rows.subSet(probe(from, Long.MAX_VALUE), true, probe(to, Long.MAX_VALUE), false);
        } else if (from != null) {
            view = rows.tailSet(probe(from, Long.MAX_VALUE), true);
        } else if (to != null) {
            view = rows.headSet(probe(to, Long.MAX_VALUE), false);
        }
        Iterator<MemRow> it = descending ? view.descendingIterator() : view.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Entry next() {
                return decode(it.next(), columns);
            }
        };
    }

    /** All entries in order (for flushing). */
    public Iterator<Entry> iterator() {
        return iterator(null, null, false);
    }

    public boolean isEmpty() {
        return map.isEmpty();
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
