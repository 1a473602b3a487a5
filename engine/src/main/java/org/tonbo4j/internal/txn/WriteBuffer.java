package org.tonbo4j.internal.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.key.KeyBytes;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * The uncommitted writes of one transaction, by encoded key (the last write of a key wins), the
 * keys it read for update, and an undo log for savepoints (kept only while a savepoint exists,
 * so a transaction without savepoints pays nothing for them). Not thread-safe: a transaction is
 * used by one thread at a time.
 *
 * <p>Layout, built for bulk loads: a key above every key buffered so far is appended to
 * {@link #appended}, which stays in key order, and is found again by binary search; such a put
 * costs one key comparison and no hash probe. Any other new key goes to a hash index (O(1) gets
 * and puts) and waits, unsorted, in {@link #pending}. Key order is needed only by range reads and
 * the commit: a range read sorts the pending slots and merges them and the appended ones into
 * {@link #sorted} (indexing the appended ones); the commit takes the order without changing the
 * buffer ({@link #ordered}), which for an ascending load is the appended array itself.
 * Invariant: every live slot is in exactly one of {@link #sorted}, {@link #pending} and
 * {@link #appended}; it is in the index unless it is in {@link #appended}; a slot removed by a
 * rollback is marked dead and dropped at the next merge.
 *
 * <p>Each write is kept only in the WAL's row encoding, made when it is buffered ({@link Slot}):
 * the commit then has nothing left to encode, and a large transaction keeps three small objects
 * per row alive instead of a dozen. Reads decode (as memtable reads do).
 */
public final class WriteBuffer {
    /** A write as buffered: {@code encoded} null for none. */
    private record Write(boolean tombstone, byte[] encoded, int size) {
        static final Write NONE = new Write(false, null, 0);
    }

    private record Undo(byte[] key, Write previous, boolean forUpdate, Object[] previousForUpdate) {
    }

    private static final Comparator<Slot> ORDER = (a, b) -> KeyCodec.compare(a.key, b.key);

    private final int[] keyIndexes;
    /** Per column, whether it is a key column: what {@link #checkKeys} decodes. */
    private final boolean[] keyColumns;
    private final RowCodec codec;
    private final SlotIndex index = new SlotIndex();
    private Slot[] sorted = new Slot[0];
    private int sortedCount;
    private final List<Slot> pending = new ArrayList<>();
    private Slot[] appended = new Slot[16];
    private int appendedCount;
    /** The live slots in {@link #appended}. */
    private int appendedLive;
    /** The largest key ever buffered (null: none): a larger key has no slot. */
    private byte[] maxKey;
    private int dead;
    /** The live slots in key order as {@link #ordered} last made them; null after any change. */
    private Slot[] orderedCache;
    private final TreeMap<byte[], Object[]> forUpdate = new TreeMap<>(KeyCodec::compare);
    private final List<Undo> undo = new ArrayList<>();
    private final List<Integer> savepoints = new ArrayList<>();
    /** {@link RowSize} of the live writes. */
    private long estimatedBytes;

    /** A buffer for a table whose key columns are at {@code keyIndexes} (schema order), encoding with {@code codec}. */
    public WriteBuffer(int[] keyIndexes, RowCodec codec) {
        this.keyIndexes = keyIndexes.clone();
        this.codec = codec;
        this.keyColumns = new boolean[codec.columnCount()];
        for (int k : keyIndexes) {
            keyColumns[k] = true;
        }
    }

    /**
     * Buffers a write: an entry with sequence MAX_VALUE, a put of a full row or a delete (a
     * tombstone whose values hold the key columns, the others null).
     *
     * @throws IllegalArgumentException if the row cannot be encoded (a null in a NOT NULL
     *     column, a value out of its type's range); nothing is buffered then
     */
    public void put(Entry e) {
        Write previous = set(e.key, write(e));
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(e.key, previous, false, null));
        }
    }

    /**
     * Buffers {@code e} unless its key has a live buffered write or, having no buffered write at
     * all, {@code presentBelow} (asked with the entry) finds it in the snapshot; returns whether
     * it buffered it.
     */
    public boolean putIfAbsent(Entry e, Predicate<Entry> presentBelow) {
        Slot s = find(e.key);
        if (s != null ? !s.tombstone : presentBelow.test(e)) {
            return false;
        }
        Write w = write(e);
        Write previous = Write.NONE;
        if (s == null) {
            addSlot(e.key, w);
        } else {
            previous = new Write(s.tombstone, s.encoded, s.size);
            s.set(w.tombstone(), w.encoded(), w.size());
            orderedCache = null;
        }
        estimatedBytes += w.size() - previous.size();
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(e.key, previous, false, null));
        }
        return true;
    }

    private Write write(Entry e) {
        byte[] encoded = e.tombstone ? codec.keyBytes(e.values) : codec.rowBytes(e.values);
        return new Write(e.tombstone, encoded, (int) Math.min(Integer.MAX_VALUE, RowSize.of(e.key, e.values)));
    }

    private Entry entry(Slot s) {
        return new Entry(s.key, Long.MAX_VALUE, s.tombstone, s.tombstone ? codec.decodeKey(s.encoded) : codec.decodeRow(s.encoded));
    }

    /** Makes {@code w} the key's write ({@link Write#NONE}: none); returns the previous write. */
    private Write set(byte[] key, Write w) {
        Write previous = replace(key, w);
        estimatedBytes += w.size() - previous.size();
        return previous;
    }

    private Write replace(byte[] key, Write w) {
        Slot s = find(key);
        if (s == null) {
            if (w.encoded() != null) {
                addSlot(key, w);
            }
            return Write.NONE;
        }
        orderedCache = null;
        Write previous = new Write(s.tombstone, s.encoded, s.size);
        if (w.encoded() == null) {
            if (s.indexed) {
                index.remove(s);
            } else {
                appendedLive--;
            }
            s.dead = true;
            dead++;
        } else {
            s.set(w.tombstone(), w.encoded(), w.size());
        }
        return previous;
    }

    /** The live slot of {@code key}, or null. */
    private Slot find(byte[] key) {
        if (maxKey == null || KeyCodec.compare(key, maxKey) > 0) {
            return null;
        }
        Slot s = index.size() == 0 ? null : index.get(key, KeyBytes.hash(key));
        return s != null || appendedCount == 0 ? s : searchAppended(key);
    }

    private Slot searchAppended(byte[] key) {
        int lo = 0;
        int hi = appendedCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = KeyCodec.compare(appended[mid].key, key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                Slot s = appended[mid];
                return s.dead ? null : s;
            }
        }
        return null;
    }

    /** Adds a slot for a key that has no live slot. */
    private void addSlot(byte[] key, Write w) {
        Slot s = new Slot(key, w.tombstone(), w.encoded(), w.size());
        if (maxKey == null || KeyCodec.compare(key, maxKey) > 0) {
            if (appendedCount == appended.length) {
                appended = Arrays.copyOf(appended, appendedCount * 2);
            }
            appended[appendedCount++] = s;
            appendedLive++;
            maxKey = key;
        } else {
            s.indexed = true;
            index.add(s);
            pending.add(s);
        }
        orderedCache = null;
    }

    public void markForUpdate(byte[] key, Object[] keyValues) {
        Object[] previous = forUpdate.put(key, keyValues);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(key, null, true, previous));
        }
    }

    /** The buffered write of a key, or null. */
    public Entry get(byte[] key) {
        Slot s = find(key);
        return s == null ? null : entry(s);
    }

    public int size() {
        return index.size() + appendedLive;
    }

    /** An estimate of the bytes the buffered writes stand for (see {@link RowSize}). */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** Marks the current state; returns the savepoint's handle. */
    public int savepoint() {
        savepoints.add(undo.size());
        return savepoints.size() - 1;
    }

    /** Undoes what followed the savepoint; it stays valid, later ones are released. */
    public void rollbackTo(int savepoint) {
        if (savepoint < 0 || savepoint >= savepoints.size()) {
            throw new IllegalArgumentException("unknown or released savepoint " + savepoint + " (valid: 0.."
                    + (savepoints.size() - 1) + ")");
        }
        int mark = savepoints.get(savepoint);
        for (int i = undo.size() - 1; i >= mark; i--) {
            Undo u = undo.remove(i);
            if (u.forUpdate()) {
                if (u.previousForUpdate() == null) {
                    forUpdate.remove(u.key());
                } else {
                    forUpdate.put(u.key(), u.previousForUpdate());
                }
            } else {
                set(u.key(), u.previous());
            }
        }
        savepoints.subList(savepoint + 1, savepoints.size()).clear();
    }

    /**
     * The live slots in key order: {@link #sorted} merged with the sorted pending slots and the
     * appended ones. With {@code index} set, the appended slots join the hash index.
     */
    private Slot[] mergeAll(boolean indexAppended) {
        Slot[] add = new Slot[appendedCount + pending.size()];
        System.arraycopy(appended, 0, add, 0, appendedCount);
        for (int i = 0; i < pending.size(); i++) {
            add[appendedCount + i] = pending.get(i);
        }
        Arrays.sort(add, ORDER); // the appended slots are one ascending run
        Slot[] out = new Slot[sortedCount + add.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < sortedCount || j < add.length) {
            Slot s;
            if (j >= add.length || (i < sortedCount && ORDER.compare(sorted[i], add[j]) <= 0)) {
                s = sorted[i++];
            } else {
                s = add[j++];
            }
            if (!s.dead) {
                out[n++] = s;
                if (indexAppended && !s.indexed) {
                    s.indexed = true;
                    index.add(s);
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Brings {@link #sorted} up to date: every live slot in key order, all of them indexed. */
    private void merge() {
        if (pending.isEmpty() && dead == 0 && appendedCount == 0) {
            return;
        }
        sorted = mergeAll(true);
        sortedCount = sorted.length;
        pending.clear();
        appended = new Slot[16];
        appendedCount = 0;
        appendedLive = 0;
        dead = 0;
        orderedCache = null;
    }

    /** The live slots in key order, leaving the buffer as it is (the commit's view). */
    private Slot[] ordered() {
        if (orderedCache == null) {
            if (dead == 0 && pending.isEmpty() && sortedCount == 0) {
                orderedCache = Arrays.copyOf(appended, appendedCount);
            } else if (dead == 0 && pending.isEmpty() && appendedCount == 0) {
                orderedCache = Arrays.copyOf(sorted, sortedCount);
            } else {
                orderedCache = mergeAll(false);
            }
        }
        return orderedCache;
    }

    /** The index of the first sorted slot whose key is at least {@code key} (null: 0). */
    private int lowerBound(byte[] key) {
        if (key == null) {
            return 0;
        }
        int lo = 0;
        int hi = sortedCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (KeyCodec.compare(sorted[mid].key, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The buffered entries with keys in [lo, hi) (null = unbounded), in key order or reverse; a copy. */
    public List<Entry> range(byte[] lo, byte[] hi, boolean reverse) {
        merge();
        int from = lowerBound(lo);
        int to = hi == null ? sortedCount : lowerBound(hi);
        List<Entry> out = new ArrayList<>(Math.max(0, to - from));
        if (reverse) {
            for (int i = to - 1; i >= from; i--) {
                out.add(entry(sorted[i]));
            }
        } else {
            for (int i = from; i < to; i++) {
                out.add(entry(sorted[i]));
            }
        }
        return out;
    }

    /**
     * The mutations to commit through the WAL, in ascending key order (each key once), in the
     * WAL's row encoding: a view of the buffer, valid until it next changes.
     */
    public MutationBatch mutations() {
        Slot[] slots = ordered();
        return new MutationBatch() {
            @Override
            public int size() {
                return slots.length;
            }

            @Override
            public byte[] key(int i) {
                return slots[i].key;
            }

            @Override
            public boolean delete(int i) {
                return slots[i].tombstone;
            }

            @Override
            public byte[] encoded(int i) {
                return slots[i].encoded;
            }
        };
    }

    /** The buffered entries to commit as a bulk file, in key order (sequence MAX_VALUE). */
    public List<Entry> entries() {
        Slot[] slots = ordered();
        List<Entry> out = new ArrayList<>(slots.length);
        for (Slot s : slots) {
            out.add(entry(s));
        }
        return out;
    }

    /** Every key the commit must validate: written and read-for-update keys, with their values. */
    public List<CheckKey> checkKeys() {
        Slot[] slots = ordered();
        List<CheckKey> out = new ArrayList<>(slots.length + forUpdate.size());
        for (Slot s : slots) {
            Object[] values = s.tombstone ? codec.decodeKey(s.encoded) : codec.decodeRow(s.encoded, keyColumns);
            Object[] k = new Object[keyIndexes.length];
            for (int j = 0; j < k.length; j++) {
                k[j] = values[keyIndexes[j]];
            }
            out.add(new CheckKey(s.key, k));
        }
        for (Map.Entry<byte[], Object[]> e : forUpdate.entrySet()) {
            if (find(e.getKey()) == null) {
                out.add(new CheckKey(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Drops everything. */
    public void clear() {
        index.clear();
        sorted = new Slot[0];
        sortedCount = 0;
        pending.clear();
        appended = new Slot[16];
        appendedCount = 0;
        appendedLive = 0;
        maxKey = null;
        dead = 0;
        orderedCache = null;
        forUpdate.clear();
        undo.clear();
        savepoints.clear();
        estimatedBytes = 0;
    }
}
