package org.tonbo4j.internal.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.key.KeyBytes;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * The uncommitted writes of one transaction, by encoded key (the last write of a key wins), the
 * keys it read for update, and an undo log for savepoints (kept only while a savepoint exists,
 * so a transaction without savepoints pays nothing for them). Not thread-safe: a transaction is
 * used by one thread at a time.
 *
 * <p>Layout: a hash index from key to {@link Slot} answers gets and puts in O(1); key order is
 * needed only by range reads and the commit, so new keys wait in an unsorted list and are sorted
 * and merged into a sorted array of slots when order is asked for. A bulk load of n new keys
 * thus costs one hash insert per key and one sort at commit, instead of a tree insert and a tree
 * lookup per key. Invariant: every live slot is in {@link #sorted} or {@link #pending}, exactly
 * once; a slot removed by a rollback is marked dead and dropped at the next merge.
 */
public final class WriteBuffer {
    private record Undo(byte[] key, Entry previous, boolean forUpdate, Object[] previousForUpdate) {
    }

    private static final Comparator<Slot> ORDER = (a, b) -> KeyCodec.compare(a.key, b.key);

    private final int[] keyIndexes;
    private final SlotIndex index = new SlotIndex();
    private Slot[] sorted = new Slot[0];
    private int sortedCount;
    private final List<Slot> pending = new ArrayList<>();
    private int dead;
    private final TreeMap<byte[], Object[]> forUpdate = new TreeMap<>(KeyCodec::compare);
    private final List<Undo> undo = new ArrayList<>();
    private final List<Integer> savepoints = new ArrayList<>();
    /** {@link RowSize} of the live writes. */
    private long estimatedBytes;

    /** A buffer for a table whose key columns are at {@code keyIndexes} (schema order). */
    public WriteBuffer(int[] keyIndexes) {
        this.keyIndexes = keyIndexes.clone();
    }

    /**
     * Buffers a write: an entry with sequence MAX_VALUE, a put of a full row or a delete (a
     * tombstone whose values hold the key columns, the others null). It is encoded for the WAL
     * only at commit, and only if the commit goes through the WAL ({@link #mutations}).
     */
    public void put(Entry e) {
        Entry previous = set(e.key, e);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(e.key, previous, false, null));
        }
    }

    /**
     * Buffers {@code e} unless its key has a live buffered write or, having no buffered write at
     * all, {@code presentBelow} (asked with the entry) finds it in the snapshot; returns whether
     * it buffered it. One hash probe where {@link #get} then {@link #put} take two.
     */
    public boolean putIfAbsent(Entry e, Predicate<Entry> presentBelow) {
        int hash = KeyBytes.hash(e.key);
        Slot s = index.get(e.key, hash);
        if (s != null ? !s.entry.tombstone : presentBelow.test(e)) {
            return false;
        }
        Entry previous = null;
        if (s == null) {
            s = new Slot(e.key, hash, e);
            index.add(s);
            pending.add(s);
        } else {
            previous = s.entry;
            s.entry = e;
        }
        estimatedBytes += size(e) - size(previous);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(e.key, previous, false, null));
        }
        return true;
    }

    /** Makes {@code e} the key's write (null: none); returns the previous write or null. */
    private Entry set(byte[] key, Entry e) {
        Entry previous = replace(key, e);
        estimatedBytes += size(e) - size(previous);
        return previous;
    }

    private static long size(Entry e) {
        return e == null ? 0 : RowSize.of(e.key, e.values);
    }

    private Entry replace(byte[] key, Entry e) {
        int hash = KeyBytes.hash(key);
        Slot s = index.get(key, hash);
        if (s == null) {
            if (e != null) {
                s = new Slot(key, hash, e);
                index.add(s);
                pending.add(s);
            }
            return null;
        }
        Entry previous = s.entry;
        if (e == null) {
            index.remove(s);
            s.dead = true;
            dead++;
        } else {
            s.entry = e;
        }
        return previous;
    }

    public void markForUpdate(byte[] key, Object[] keyValues) {
        Object[] previous = forUpdate.put(key, keyValues);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(key, null, true, previous));
        }
    }

    /** The buffered write of a key, or null. */
    public Entry get(byte[] key) {
        Slot s = index.get(key, KeyBytes.hash(key));
        return s == null ? null : s.entry;
    }

    public int size() {
        return index.size();
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

    /** Brings {@link #sorted} up to date: sorts the pending slots and merges them in, dropping dead ones. */
    private void merge() {
        if (pending.isEmpty() && dead == 0) {
            return;
        }
        Slot[] add = pending.toArray(new Slot[0]);
        Arrays.sort(add, ORDER);
        Slot[] out = new Slot[index.size()];
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
            }
        }
        sorted = out;
        sortedCount = n;
        pending.clear();
        dead = 0;
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
                out.add(sorted[i].entry);
            }
        } else {
            for (int i = from; i < to; i++) {
                out.add(sorted[i].entry);
            }
        }
        return out;
    }

    /** The mutations to commit through the WAL, in key order, encoded with {@code codec}. */
    public List<Mutation> mutations(RowCodec codec) {
        merge();
        List<Mutation> out = new ArrayList<>(sortedCount);
        for (int i = 0; i < sortedCount; i++) {
            Entry e = sorted[i].entry;
            out.add(new Mutation(e.key, e.tombstone, e.tombstone ? codec.keyBytes(e.values) : codec.rowBytes(e.values)));
        }
        return out;
    }

    /** The buffered entries to commit as a bulk file, in key order (sequence MAX_VALUE). */
    public List<Entry> entries() {
        merge();
        List<Entry> out = new ArrayList<>(sortedCount);
        for (int i = 0; i < sortedCount; i++) {
            out.add(sorted[i].entry);
        }
        return out;
    }

    /** Every key the commit must validate: written and read-for-update keys, with their values. */
    public void checkKeys(List<byte[]> keys, List<Object[]> keyValues) {
        merge();
        for (int i = 0; i < sortedCount; i++) {
            keys.add(sorted[i].key);
            Object[] values = sorted[i].entry.values;
            Object[] k = new Object[keyIndexes.length];
            for (int j = 0; j < k.length; j++) {
                k[j] = values[keyIndexes[j]];
            }
            keyValues.add(k);
        }
        for (Map.Entry<byte[], Object[]> e : forUpdate.entrySet()) {
            if (get(e.getKey()) == null) {
                keys.add(e.getKey());
                keyValues.add(e.getValue());
            }
        }
    }

    /** Drops everything. */
    public void clear() {
        index.clear();
        sorted = new Slot[0];
        sortedCount = 0;
        pending.clear();
        dead = 0;
        forUpdate.clear();
        undo.clear();
        savepoints.clear();
        estimatedBytes = 0;
    }
}
