package org.tonbo4j.internal.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.PackedRows;
import org.tonbo4j.internal.RowArena;
import org.tonbo4j.internal.ValueSlots;
import org.tonbo4j.internal.log.ByteWriter;
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
 * {@link #appended}, a {@link RowArena} that stays in key order, and is found again by binary
 * search; such a put costs one key comparison, no hash probe and no object that outlives it
 * (the arena packs key and encoding into large chunks, and the commit hands the arena itself to
 * the WAL and the memtable). Any other new key goes to a hash index (O(1) gets
 * and puts) and waits, unsorted, in {@link #pending}. Key order is needed only by range reads and
 * the commit: a range read sorts the pending slots and merges them and the appended ones into
 * {@link #sorted} (indexing the appended ones); the commit takes the order without changing the
 * buffer ({@link #ordered}), which for an ascending load is the appended array itself.
 * Invariant: every key has at most one live write, in exactly one of {@link #sorted},
 * {@link #pending} (both as indexed slots) and {@link #appended}; a write replaced or removed is
 * marked dead (a slot's flag, an appended write's bit in {@link #appendedDead}) and dropped at
 * the next merge. A new write of a key whose appended write died goes to a slot.
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

    /**
     * One step of the undo log: give {@code key} back its previous write, or its previous
     * for-update mark; or, with {@code key} null, remove the writes appended at
     * {@code [appendedFrom, appendedTo)} of the current {@link #appended} arena (a bulk load logs
     * one such step per statement, not one per row; {@link #merge} expands them to keys before
     * it empties the arena).
     */
    private static final class Undo {
        final byte[] key;
        final Write previous;
        final boolean forUpdate;
        final Object[] previousForUpdate;
        final int appendedFrom;
        int appendedTo;

        Undo(byte[] key, Write previous, boolean forUpdate, Object[] previousForUpdate) {
            this(key, previous, forUpdate, previousForUpdate, -1, -1);
        }

        private Undo(byte[] key, Write previous, boolean forUpdate, Object[] previousForUpdate, int from, int to) {
            this.key = key;
            this.previous = previous;
            this.forUpdate = forUpdate;
            this.previousForUpdate = previousForUpdate;
            this.appendedFrom = from;
            this.appendedTo = to;
        }

        static Undo appended(int from) {
            return new Undo(null, Write.NONE, false, null, from, from + 1);
        }

        boolean isAppendedRun() {
            return key == null;
        }
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
    private RowArena appended = new RowArena();
    /** The appended writes replaced or removed since. */
    private BitSet appendedDead = new BitSet();
    /** {@link RowSize} of each appended write. */
    private int[] appendedSizes = new int[256];
    /** The live writes in {@link #appended}. */
    private int appendedLive;
    /** Where buffered writes are encoded before they are appended. */
    private final ByteWriter scratch = new ByteWriter(256);
    /** The largest key ever buffered (null: none): a larger key has no slot. */
    private byte[] maxKey;
    private int dead;
    /** The live writes in key order as {@link #ordered} last made them; null after any change. */
    private MutationBatch orderedCache;
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
        scratch.reset(0);
        codec.encodeWrite(e.values, e.tombstone, scratch);
        putScratch(e.key, e.tombstone, (int) Math.min(Integer.MAX_VALUE, RowSize.of(e.key, e.values)));
    }

    /**
     * Buffers a put of the row held in {@code row} under its encoded key {@code key}, encoding
     * it without an object per value.
     *
     * @throws IllegalArgumentException if the row cannot be encoded; nothing is buffered then
     */
    public void put(byte[] key, ValueSlots row) {
        scratch.reset(0);
        codec.encodeRow(row, scratch);
        putScratch(key, false, RowSize.ofEncoded(key, scratch.position()));
    }

    /**
     * Buffers {@code e} unless its key has a live buffered write or, having no buffered write at
     * all, {@code presentBelow} (asked with the entry) finds it in the snapshot; returns whether
     * it buffered it.
     */
    public boolean putIfAbsent(Entry e, Predicate<Entry> presentBelow) {
        scratch.reset(0);
        codec.encodeWrite(e.values, false, scratch);
        return putScratchIfAbsent(e.key, (int) Math.min(Integer.MAX_VALUE, RowSize.of(e.key, e.values)), () -> presentBelow.test(e));
    }

    /** {@link #putIfAbsent(Entry, Predicate)} of the row held in {@code row} under key {@code key}. */
    public boolean putIfAbsent(byte[] key, ValueSlots row, BooleanSupplier presentBelow) {
        scratch.reset(0);
        codec.encodeRow(row, scratch);
        return putScratchIfAbsent(key, RowSize.ofEncoded(key, scratch.position()), presentBelow);
    }

    /** Buffers the write encoded in {@link #scratch}. */
    private void putScratch(byte[] key, boolean tombstone, int size) {
        if (aboveAll(key)) {
            int i = append(key, tombstone, size);
            if (!savepoints.isEmpty()) {
                logAppended(i);
            }
            return;
        }
        Write previous = set(key, scratchWrite(tombstone, size));
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(key, previous, false, null));
        }
    }

    /** Buffers the put encoded in {@link #scratch} as {@link #putIfAbsent(Entry, Predicate)} does. */
    private boolean putScratchIfAbsent(byte[] key, int size, BooleanSupplier presentBelow) {
        if (aboveAll(key)) {
            if (presentBelow.getAsBoolean()) {
                return false;
            }
            int i = append(key, false, size);
            if (!savepoints.isEmpty()) {
                logAppended(i);
            }
            return true;
        }
        Slot s = indexed(key);
        int a = s == null ? appendedIndex(key) : -1;
        boolean present = s != null ? !s.tombstone : a >= 0 ? !appended.delete(a) : presentBelow.getAsBoolean();
        if (present) {
            return false;
        }
        Write w = scratchWrite(false, size);
        Write previous = Write.NONE;
        if (s != null) {
            previous = new Write(s.tombstone, s.encoded, s.size);
            s.set(w.tombstone(), w.encoded(), w.size());
            orderedCache = null;
        } else {
            if (a >= 0) {
                previous = killAppended(a);
            }
            addSlot(key, w);
        }
        estimatedBytes += w.size() - previous.size();
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(key, previous, false, null));
        }
        return true;
    }

    private Write scratchWrite(boolean tombstone, int size) {
        return new Write(tombstone, Arrays.copyOf(scratch.array(), scratch.position()), size);
    }

    /** Whether {@code key} is above every key buffered so far (so it has no write here). */
    private boolean aboveAll(byte[] key) {
        return maxKey == null || KeyCodec.compare(key, maxKey) > 0;
    }

    /**
     * Logs the undo of appended write {@code i}: the last step grows if it is the run of appended
     * writes just before {@code i} and no savepoint was taken since it began.
     */
    private void logAppended(int i) {
        int n = undo.size();
        if (n > 0 && n - 1 >= savepoints.get(savepoints.size() - 1)) {
            Undo last = undo.get(n - 1);
            if (last.isAppendedRun() && last.appendedTo == i) {
                last.appendedTo = i + 1;
                return;
            }
        }
        undo.add(Undo.appended(i));
    }

    /**
     * Before the appended arena is emptied: each run step of the undo log becomes one step per
     * key, the savepoints' marks moved to match.
     */
    private void expandAppendedRuns() {
        boolean any = false;
        for (Undo u : undo) {
            any |= u.isAppendedRun();
        }
        if (!any) {
            return;
        }
        List<Undo> out = new ArrayList<>(undo.size() + 16);
        int[] moved = new int[undo.size() + 1];
        for (int k = 0; k < undo.size(); k++) {
            moved[k] = out.size();
            Undo u = undo.get(k);
            if (u.isAppendedRun()) {
                for (int i = u.appendedFrom; i < u.appendedTo; i++) {
                    out.add(new Undo(appended.key(i), Write.NONE, false, null));
                }
            } else {
                out.add(u);
            }
        }
        moved[undo.size()] = out.size();
        for (int k = 0; k < savepoints.size(); k++) {
            savepoints.set(k, moved[savepoints.get(k)]);
        }
        undo.clear();
        undo.addAll(out);
    }

    /** Appends the write encoded in {@link #scratch} of a key above every buffered key; returns its index. */
    private int append(byte[] key, boolean tombstone, int size) {
        int i = appended.add(key, tombstone, scratch.array(), 0, scratch.position());
        if (i == appendedSizes.length) {
            appendedSizes = Arrays.copyOf(appendedSizes, i * 2);
        }
        appendedSizes[i] = size;
        appendedLive++;
        maxKey = key;
        estimatedBytes += size;
        orderedCache = null;
        return i;
    }

    /** Marks appended write {@code a} dead; returns it. */
    private Write killAppended(int a) {
        Write previous = new Write(appended.delete(a), appended.data(a), appendedSizes[a]);
        appendedDead.set(a);
        appendedLive--;
        dead++;
        orderedCache = null;
        return previous;
    }

    private Entry entry(Slot s) {
        return new Entry(s.key, Long.MAX_VALUE, s.tombstone, s.tombstone ? codec.decodeKey(s.encoded) : codec.decodeRow(s.encoded));
    }

    /** Write {@code i} of a commit view, decoded ({@code columns}: the ones wanted, null: all; a delete decodes its key). */
    private Object[] decode(MutationBatch b, int i, boolean[] columns) {
        PackedRows packed = b.arena();
        if (packed == null) {
            return b.delete(i) ? codec.decodeKey(b.encoded(i)) : codec.decodeRow(b.encoded(i), columns);
        }
        byte[] chunk = packed.chunk(i);
        int off = packed.dataOffset(i);
        int len = packed.dataLength(i);
        return packed.delete(i) ? codec.decodeKey(chunk, off, len) : codec.decodeRow(chunk, off, len, columns);
    }

    /** Makes {@code w} the key's write ({@link Write#NONE}: none); returns the previous write. */
    private Write set(byte[] key, Write w) {
        Write previous = replace(key, w);
        estimatedBytes += w.size() - previous.size();
        return previous;
    }

    private Write replace(byte[] key, Write w) {
        Slot s = aboveAll(key) ? null : indexed(key);
        if (s == null) {
            int a = aboveAll(key) ? -1 : appendedIndex(key);
            Write previous = a >= 0 ? killAppended(a) : Write.NONE;
            if (w.encoded() != null) {
                addSlot(key, w);
            }
            return previous;
        }
        orderedCache = null;
        Write previous = new Write(s.tombstone, s.encoded, s.size);
        if (w.encoded() == null) {
            index.remove(s);
            s.dead = true;
            dead++;
        } else {
            s.set(w.tombstone(), w.encoded(), w.size());
        }
        return previous;
    }

    /** The live indexed slot of {@code key}, or null. */
    private Slot indexed(byte[] key) {
        return index.size() == 0 ? null : index.get(key, KeyBytes.hash(key));
    }

    /** The index of the live appended write of {@code key}, or -1. */
    private int appendedIndex(byte[] key) {
        if (appendedLive == 0) {
            return -1;
        }
        int a = appended.find(key);
        return a >= 0 && !appendedDead.get(a) ? a : -1;
    }

    /** Adds a write for a key that has no live write: appended if above every key, else a slot. */
    private void addSlot(byte[] key, Write w) {
        if (aboveAll(key)) {
            int i = appended.add(key, w.tombstone(), w.encoded(), 0, w.encoded().length);
            if (i == appendedSizes.length) {
                appendedSizes = Arrays.copyOf(appendedSizes, i * 2);
            }
            appendedSizes[i] = w.size();
            appendedLive++;
            maxKey = key;
        } else {
            Slot s = new Slot(key, w.tombstone(), w.encoded(), w.size());
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
        if (aboveAll(key)) {
            return null;
        }
        Slot s = indexed(key);
        if (s != null) {
            return entry(s);
        }
        int a = appendedIndex(key);
        if (a < 0) {
            return null;
        }
        byte[] chunk = appended.chunk(a);
        int off = appended.dataOffset(a);
        int len = appended.dataLength(a);
        boolean delete = appended.delete(a);
        return new Entry(key, Long.MAX_VALUE, delete, delete ? codec.decodeKey(chunk, off, len) : codec.decodeRow(chunk, off, len, null));
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
            if (u.isAppendedRun()) {
                for (int a = u.appendedTo - 1; a >= u.appendedFrom; a--) {
                    set(appended.key(a), Write.NONE);
                }
            } else if (u.forUpdate) {
                if (u.previousForUpdate == null) {
                    forUpdate.remove(u.key);
                } else {
                    forUpdate.put(u.key, u.previousForUpdate);
                }
            } else {
                set(u.key, u.previous);
            }
        }
        savepoints.subList(savepoint + 1, savepoints.size()).clear();
    }

    /**
     * The live slots in key order: {@link #sorted} merged with the sorted pending slots and the
     * appended ones. With {@code index} set, the appended slots join the hash index.
     */
    private Slot[] mergeAll(boolean indexAppended) {
        Slot[] add = new Slot[appendedLive + pending.size()];
        int na = 0;
        for (int i = 0; i < appended.size(); i++) {
            if (!appendedDead.get(i)) {
                add[na++] = new Slot(appended.key(i), appended.delete(i), appended.data(i), appendedSizes[i]);
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            add[na + i] = pending.get(i);
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
        if (pending.isEmpty() && dead == 0 && appended.size() == 0) {
            return;
        }
        expandAppendedRuns();
        sorted = mergeAll(true);
        sortedCount = sorted.length;
        pending.clear();
        resetAppended();
        dead = 0;
        orderedCache = null;
    }

    private void resetAppended() {
        appended = new RowArena();
        appendedDead = new BitSet();
        appendedSizes = new int[256];
        appendedLive = 0;
    }

    /**
     * The live writes in key order, leaving the buffer as it is (the commit's view): for an
     * ascending load, the arena itself.
     */
    private MutationBatch ordered() {
        if (orderedCache == null) {
            if (dead == 0 && pending.isEmpty() && sortedCount == 0) {
                orderedCache = MutationBatch.of(appended.view());
            } else {
                Slot[] slots = dead == 0 && pending.isEmpty() && appended.size() == 0
                        ? Arrays.copyOf(sorted, sortedCount) : mergeAll(false);
                orderedCache = slotBatch(slots);
            }
        }
        return orderedCache;
    }

    private static MutationBatch slotBatch(Slot[] slots) {
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
     * WAL's row encoding: a view of the buffer, valid until it next changes (an ascending load's
     * arena view stays valid after that too).
     */
    public MutationBatch mutations() {
        return ordered();
    }

    /** The buffered entries to commit as a bulk file, in key order (sequence MAX_VALUE). */
    public List<Entry> entries() {
        MutationBatch b = ordered();
        List<Entry> out = new ArrayList<>(b.size());
        for (int i = 0; i < b.size(); i++) {
            out.add(new Entry(b.key(i), Long.MAX_VALUE, b.delete(i), decode(b, i, null)));
        }
        return out;
    }

    /** Every key the commit must validate: written and read-for-update keys, with their values. */
    public List<CheckKey> checkKeys() {
        MutationBatch b = ordered();
        List<CheckKey> out = new ArrayList<>(b.size() + forUpdate.size());
        for (int i = 0; i < b.size(); i++) {
            Object[] values = decode(b, i, keyColumns);
            Object[] k = new Object[keyIndexes.length];
            for (int j = 0; j < k.length; j++) {
                k[j] = values[keyIndexes[j]];
            }
            out.add(new CheckKey(b.key(i), k));
        }
        for (Map.Entry<byte[], Object[]> e : forUpdate.entrySet()) {
            if (get(e.getKey()) == null) {
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
        resetAppended();
        maxKey = null;
        dead = 0;
        orderedCache = null;
        forUpdate.clear();
        undo.clear();
        savepoints.clear();
        estimatedBytes = 0;
    }
}
