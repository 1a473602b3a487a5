package org.tonbo4j.h2.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.message.DbException;
import org.h2.value.Value;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Table;
import org.tonbo4j.WriteBatch;

/**
 * The side of a tonbo table that its shadow triggers ({@link ShadowTrigger}) write: the mirror of
 * an ordinary H2 table. The mirror is a function of its source, whose row writes H2 already
 * orders with row locks, so it needs no snapshot reads and no conflict checks of its own: each
 * session's changes are buffered per H2 transaction ({@link MirrorWrites}) and, once H2 has
 * committed, applied as one blind {@code Table.write} batch (last writer wins). H2 2.5.252 tells
 * a table about a commit only afterwards (in {@code unlock}), so the apply follows H2's commit.
 *
 * <p>Order: for one key, the source's changes reach the mirror in H2's commit order. A session
 * can change a source row only after the session that changed it before has begun to commit
 * (row lock), so before a trigger buffers a change, and before any statement reads the mirror,
 * the changes of every other session whose H2 transaction is committing or committed are
 * applied ({@link #catchUp}), by whichever thread gets there first.
 *
 * <p>Applies are serialized by the mirror table's monitor (as are TRUNCATE and ADD COLUMN of the
 * mirror): under it, a key-only lookup of each changed key in the latest committed state tells
 * which puts insert and which deletes remove a row, so the row counter ({@link RowCount}) stays
 * exact. A failed apply cannot undo H2's commit: it is logged, and reported to the session whose
 * changes were lost with its next statement that touches the mirror (through the triggers or
 * directly). Thread-safe.
 */
final class Mirror {
    private static final System.Logger LOG = System.getLogger(Mirror.class.getName());

    private final H2Table table;
    private final ConcurrentHashMap<SessionLocal, MirrorWrites> pending = new ConcurrentHashMap<>();
    /** Lost changes not reported yet, by the session that made them. */
    private final ConcurrentHashMap<SessionLocal, String> failures = new ConcurrentHashMap<>();

    Mirror(H2Table table) {
        this.table = table;
    }

    /** A trigger's put of the full row {@code values} (engine values by mirror column; see {@link #engineValues}). */
    void put(SessionLocal session, RowCodec codec, Object[] values) {
        writesOf(session).add(session, new MirrorWrites.Change(codec.keyOf(values), values));
    }

    /** A trigger's delete of the row whose values (at least the key's) are {@code values}. */
    void delete(SessionLocal session, RowCodec codec, Object[] values) {
        writesOf(session).add(session, new MirrorWrites.Change(codec.keyOf(values), null));
    }

    /**
     * Engine values by mirror column of a source row of JDBC objects (as H2 hands them to
     * triggers): mirror column i takes source column {@code sourceOf[i]}, or its default where
     * that is -1 or past the end.
     */
    static Object[] engineValues(SessionLocal session, RowCodec codec, org.h2.table.Column[] columns, int[] sourceOf,
                                 Object[] sourceRow) {
        int n = codec.columnCount();
        Object[] v = new Object[n];
        for (int i = 0; i < n; i++) {
            int s = i < sourceOf.length ? sourceOf[i] : -1;
            if (s < 0) {
                v[i] = codec.engineDefault(i);
            } else {
                Value h2 = org.h2.value.ValueToObjectConverter.objectToValue(session, sourceRow[s], Value.UNKNOWN);
                v[i] = codec.toEngineValue(session, i, columns[i].convert(session, h2));
            }
        }
        return v;
    }

    private MirrorWrites writesOf(SessionLocal session) {
        reportFailure(session);
        MirrorWrites w = pending.get(session);
        if (w != null && !w.belongsTo(session.getTransaction())) {
            // H2 ended that transaction without reaching unlock (another table's unlock failed first)
            end(session);
            w = null;
        }
        catchUp(session);
        if (w == null) {
            w = new MirrorWrites(session, table.getId());
            pending.put(session, w);
            table.registerLock(session); // H2 calls unlock, and so end, when the transaction ends
        }
        return w;
    }

    /** Applies the changes of other sessions whose H2 transactions are committing or committed. */
    void catchUp(SessionLocal session) {
        for (MirrorWrites w : pending.values()) {
            if (w.session != session && !w.done && w.committing()) {
                synchronized (table) {
                    apply(w);
                }
            }
        }
    }

    /** H2 ended the session's transaction: applies its surviving changes, if it committed. */
    void end(SessionLocal session) {
        MirrorWrites w = pending.get(session);
        if (w == null) {
            return;
        }
        synchronized (table) {
            apply(w);
        }
        // removed only once applied, so that catchUp never misses committed changes
        pending.remove(session, w);
        try {
            w.forget();
        } catch (RuntimeException e) {
            // a stale marker is harmless (ids never repeat); unlock must not fail over it
            LOG.log(System.Logger.Level.DEBUG, "tonbo table " + table.getName() + ": marker not removed", e);
        }
    }

    /** Throws, once, the failure to apply an earlier committed transaction of this session. */
    void reportFailure(SessionLocal session) {
        String lost = failures.remove(session);
        if (lost != null) {
            throw DbException.get(ErrorCode.GENERAL_ERROR_1, "tonbo table " + table.getName() + ": " + lost);
        }
    }

    /** Applies or discards the changes; the table's monitor is held. */
    private void apply(MirrorWrites w) {
        if (w.done) {
            return;
        }
        w.done = true;
        try {
            List<MirrorWrites.Change> changes = w.survivors();
            if (!changes.isEmpty() && !table.isClosedOrDropped()) {
                write(changes);
            }
        } catch (RuntimeException e) {
            String lost = "the changes a committed transaction of session " + w.session.getId() + " made to the "
                    + "source could not be applied to this mirror (" + e + "); the mirror is out of step with its "
                    + "source: rebuild it (drop it and its triggers, call TONBO_SHADOW again)";
            LOG.log(System.Logger.Level.ERROR, "tonbo table " + table.getName() + ": " + lost, e);
            if (!w.session.isClosed()) {
                failures.put(w.session, lost);
            }
            failures.keySet().removeIf(SessionLocal::isClosed);
        }
    }

    /** One batch of the last change of each key, with the row counter's delta from the latest state. */
    private void write(List<MirrorWrites.Change> changes) {
        Table<Row> t = table.engineTable();
        RowCodec codec = table.codec();
        LinkedHashMap<Key, MirrorWrites.Change> last = new LinkedHashMap<>();
        for (MirrorWrites.Change c : changes) {
            last.put(new Key(c.key()), c); // keys are distinct in the batch: their order does not matter
        }
        WriteBatch<Row> batch = t.newBatch();
        long delta = 0;
        for (MirrorWrites.Change c : last.values()) {
            boolean present = exists(t, c.key());
            if (c.isDelete()) {
                batch.delete(c.key());
                delta -= present ? 1 : 0;
            } else {
                batch.insert(codec.toEngineRow(c.values()));
                delta += present ? 0 : 1;
            }
        }
        long before = t.lastSequence();
        t.write(batch);
        table.applied(before + 1, t.lastSequence(), delta);
    }

    private static boolean exists(Table<Row> t, Object[] key) {
        try (RowIterator<Row> it = t.scan(Scan.builder().from(key).to(key).columns(List.of()).build())) {
            return it.hasNext();
        }
    }

    /** An engine key with value equality (binary key columns are arrays). */
    private record Key(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
