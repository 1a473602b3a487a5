package org.tonbo4j.internal.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * The uncommitted writes of one transaction, by encoded key (the last write of a key wins), the
 * keys it read for update, and an undo log for savepoints (kept only while a savepoint exists,
 * so a transaction without savepoints pays nothing for them). Not thread-safe: a transaction is
 * used by one thread at a time.
 */
public final class WriteBuffer {
    /** One buffered write: what goes to the WAL, and the entry reads see (sequence MAX_VALUE). */
    public record Write(Mutation mutation, Entry entry, Object[] keyValues) {
    }

    private record Undo(byte[] key, Write previous, boolean forUpdate, Object[] previousForUpdate) {
    }

    private final TreeMap<byte[], Write> writes = new TreeMap<>(KeyCodec::compare);
    private final TreeMap<byte[], Object[]> forUpdate = new TreeMap<>(KeyCodec::compare);
    private final List<Undo> undo = new ArrayList<>();
    private final List<Integer> savepoints = new ArrayList<>();

    public void put(Write w) {
        Write previous = writes.put(w.mutation().key(), w);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(w.mutation().key(), previous, false, null));
        }
    }

    public void markForUpdate(byte[] key, Object[] keyValues) {
        Object[] previous = forUpdate.put(key, keyValues);
        if (!savepoints.isEmpty()) {
            undo.add(new Undo(key, null, true, previous));
        }
    }

    public Write get(byte[] key) {
        return writes.get(key);
    }

    public int size() {
        return writes.size();
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
                restore(forUpdate, u.key(), u.previousForUpdate());
            } else {
                restore(writes, u.key(), u.previous());
            }
        }
        savepoints.subList(savepoint + 1, savepoints.size()).clear();
    }

    private static <V> void restore(Map<byte[], V> map, byte[] key, V previous) {
        if (previous == null) {
            map.remove(key);
        } else {
            map.put(key, previous);
        }
    }

    /** The buffered entries with keys in [lo, hi) (null = unbounded), in key order or reverse; a copy. */
    public List<Entry> range(byte[] lo, byte[] hi, boolean reverse) {
        NavigableMap<byte[], Write> m = writes;
        if (lo != null && hi != null) {
            m = m.subMap(lo, true, hi, false);
        } else if (lo != null) {
            m = m.tailMap(lo, true);
        } else if (hi != null) {
            m = m.headMap(hi, false);
        }
        if (reverse) {
            m = m.descendingMap();
        }
        List<Entry> out = new ArrayList<>(m.size());
        for (Write w : m.values()) {
            out.add(w.entry());
        }
        return out;
    }

    /** The mutations to commit, in key order. */
    public List<Mutation> mutations() {
        List<Mutation> out = new ArrayList<>(writes.size());
        for (Write w : writes.values()) {
            out.add(w.mutation());
        }
        return out;
    }

    /** Every key the commit must validate: written and read-for-update keys, with their values. */
    public void checkKeys(List<byte[]> keys, List<Object[]> keyValues) {
        for (Write w : writes.values()) {
            keys.add(w.mutation().key());
            keyValues.add(w.keyValues());
        }
        for (Map.Entry<byte[], Object[]> e : forUpdate.entrySet()) {
            if (!writes.containsKey(e.getKey())) {
                keys.add(e.getKey());
                keyValues.add(e.getValue());
            }
        }
    }

    /** Drops everything. */
    public void clear() {
        writes.clear();
        forUpdate.clear();
        undo.clear();
        savepoints.clear();
    }
}
