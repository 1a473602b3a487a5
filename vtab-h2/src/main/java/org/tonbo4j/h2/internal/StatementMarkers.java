package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.type.LongDataType;
import org.h2.value.VersionedValue;

/**
 * Follows H2's statement and savepoint rollbacks, and learns the outcome of the transaction, for
 * state that one session keeps outside H2 during one H2 transaction: the engine writes of
 * {@link SessionWrites}, the buffered mirror changes of {@link MirrorWrites}. H2 never tells a
 * table about either.
 *
 * <p>How: H2 undoes statements and savepoints only in MVStore {@code TransactionMap}s of the
 * session's transaction. Each statement that changes the owner's state stores its statement id
 * under one key (owner, session) of such a map, after the owner recorded where its state stood
 * before the statement (an engine savepoint, a buffer length: {@code S}). When H2 rolls a
 * statement or savepoint back, the key goes back to the id of the last surviving statement (or
 * disappears); {@link #reconcile()} then hands the owner the state recorded by the first lost
 * statement to return to. At COMMIT the key's committed value says which statements survived; at
 * ROLLBACK it is gone. One map write per statement, none per row.
 *
 * <p>H2 locks a table once per row of a multi-row INSERT (and fires row triggers once per row), so
 * a call must tell a new statement from the current one. H2 stamps each statement with the
 * database's modification id at its start ({@code SessionLocal.getStatementModificationDataId()},
 * 0 outside a statement and after a nested one ended). A marker remembers the stamp of its
 * statement and then advances the database's modification id, so any statement starting later
 * carries another stamp: a call with the same non-zero stamp belongs to the marked statement, and
 * needs no new marker. Any other call opens one. A statement rolled back by H2 loses all the
 * markers it wrote, since they all follow its statement savepoint. An INSERT ... SELECT of a
 * million rows so writes one marker, not a million.
 *
 * <p>Not thread-safe: used by the session's thread, except that {@link #committed()} may be
 * called from another thread once the H2 transaction is committing or closed (see
 * {@link MirrorWrites}), under the owner's lock.
 *
 * @param <S> what the owner records at the start of each marked statement
 */
final class StatementMarkers<S> {
    /** Statement ids, unique across runs so that a marker left by a crash never matches. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() << 20);

    private record Mark<S>(long id, S before) {
    }

    private final org.h2.mvstore.tx.Transaction h2tx;
    private final TransactionMap<Long, Long> markers;
    private final long markerKey;
    private final Consumer<S> rollBackTo;
    private final ArrayList<Mark<S>> marks = new ArrayList<>();
    /** The statement stamp of the newest marker (0: none). */
    private long markedStamp;

    /**
     * @param mapName the MVStore map of the markers (one per kind of owner)
     * @param markerKey the owner's key in it, unique per owner and session
     * @param rollBackTo returns the owner's state to what a lost statement recorded
     */
    StatementMarkers(org.h2.mvstore.tx.Transaction h2tx, String mapName, long markerKey, Consumer<S> rollBackTo) {
        this.h2tx = h2tx;
        this.markers = h2tx.openMap(mapName, LongDataType.INSTANCE, LongDataType.INSTANCE);
        this.markerKey = markerKey;
        this.rollBackTo = rollBackTo;
    }

    /** The key of an owner (a table id) and a session in a marker map. */
    static long key(int ownerId, int sessionId) {
        return ((long) ownerId << 32) | (sessionId & 0xffffffffL);
    }

    /** Whether the markers belong to the given H2 transaction (false once H2 has moved on). */
    boolean belongsTo(org.h2.mvstore.tx.Transaction current) {
        return current == h2tx;
    }

    /** The status of the H2 transaction ({@code Transaction.STATUS_*}); any thread (an atomic field). */
    int status() {
        return h2tx.getStatus();
    }

    /**
     * Called before the owner's state changes, after {@link #reconcile()}: opens a new marked
     * statement, recording {@code before.get()}, unless the session's current statement has one.
     */
    void mark(SessionLocal session, Supplier<S> before) {
        long stamp = session.getStatementModificationDataId();
        if (stamp != 0 && stamp == markedStamp && !marks.isEmpty()) {
            return;
        }
        S state = before.get();
        long id = IDS.incrementAndGet();
        markers.put(markerKey, id);
        marks.add(new Mark<>(id, state));
        markedStamp = stamp;
        // a statement starting from now on carries a later stamp than this one
        session.getDatabase().getNextModificationDataId();
    }

    /** Returns the owner's state to where it was before the statements H2 rolled back since the last call. */
    void reconcile() {
        truncateTo(markers.get(markerKey));
    }

    /**
     * After H2 ended (or, for {@code COMMITTED}, began to commit) its transaction: whether it
     * committed (the marker's newest value names one of our statements), with the owner's state
     * trimmed to the surviving statements. Leaves the marker in place (see {@link #forget()}).
     */
    boolean committed() {
        VersionedValue<Long> v = markers.map.get(markerKey);
        Long survivor = v == null ? null : v.getCurrentValue();
        boolean committed = survivor != null && indexOf(survivor) >= 0;
        if (committed) {
            truncateTo(survivor);
        }
        return committed;
    }

    /** Removes the marker once H2's transaction has ended (no undo of H2 needs it any more). */
    void forget() {
        markers.map.remove(markerKey);
    }

    private int indexOf(long id) {
        for (int i = marks.size() - 1; i >= 0; i--) {
            if (marks.get(i).id == id) {
                return i;
            }
        }
        return -1;
    }

    private void truncateTo(Long survivor) {
        if (marks.isEmpty()) {
            return;
        }
        int keep = survivor == null ? -1 : indexOf(survivor);
        if (keep == marks.size() - 1) {
            return;
        }
        markedStamp = 0;
        rollBackTo.accept(marks.get(keep + 1).before);
        marks.subList(keep + 1, marks.size()).clear();
    }
}
