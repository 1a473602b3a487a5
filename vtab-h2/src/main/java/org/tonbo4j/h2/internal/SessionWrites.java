package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.value.VersionedValue;
import org.h2.mvstore.type.LongDataType;
import org.tonbo4j.Row;
import org.tonbo4j.Transaction;

/**
 * The uncommitted writes of one H2 session to one tonbo table: an engine {@link Transaction}
 * plus what is needed to follow H2's own undo, which never calls the table. At REPEATABLE READ,
 * SNAPSHOT and SERIALIZABLE the transaction starts at the session's first read of the table
 * instead of its first write, so that every read until COMMIT or ROLLBACK sees its snapshot
 * (and its own writes); until the session writes, it holds no writes ({@link #hasWritten()}).
 *
 * <p>How rollbacks are learnt: H2 undoes statements and savepoints only in MVStore
 * {@code TransactionMap}s of the session's transaction. Each statement that writes this table
 * stores its statement id under one key (this table, this session) of such a map, after taking
 * an engine savepoint. When H2 rolls a statement or savepoint back, the key goes back to the id of
 * the last surviving statement (or disappears); {@link #reconcile()} then rolls the engine
 * transaction back to the savepoint of the first lost statement. At COMMIT the key's committed
 * value says which statements survived; at ROLLBACK it is gone. One map write per statement,
 * none per row.
 *
 * <p>H2 locks a table once per row of a multi-row INSERT, so a lock must tell a new statement
 * from the current one. H2 stamps each statement with the database's modification id at its start
 * ({@code SessionLocal.getStatementModificationDataId()}, 0 outside a statement and after a nested
 * one ended). A marker remembers the stamp of its statement and then advances the database's
 * modification id, so any statement starting later carries another stamp: a lock with the same
 * non-zero stamp is the marked statement's, and needs no new marker. Any other lock opens one. A
 * statement rolled back by H2 loses all the markers it wrote, since they all follow its statement
 * savepoint. An INSERT ... SELECT of a million rows so writes one marker, not a million.
 *
 * <p>Used by the session's thread only (H2 runs one statement per session at a time), but for
 * {@link #transactionOpen()}.
 */
final class SessionWrites {
    /** Name of the MVStore map holding the statement markers. */
    static final String MARKER_MAP = "tonbo.statements";
    /** Statement ids, unique across runs so that a marker left by a crash never matches. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() << 20);

    private record Statement(long id, int engineSavepoint, long rowDeltaBefore) {
    }

    final Transaction<Row> tx;
    private final org.h2.mvstore.tx.Transaction h2tx;
    private final TransactionMap<Long, Long> markers;
    private final long markerKey;
    private final ArrayList<Statement> statements = new ArrayList<>();
    /** Rows added minus rows removed by the surviving writes. */
    private long rowDelta;
    /** The statement stamp of the newest marker (0: none). */
    private long markedStamp;
    /** Whether a write lock was taken (read by other sessions: see {@link #hasWritten()}). */
    private volatile boolean wrote;

    SessionWrites(Transaction<Row> tx, org.h2.mvstore.tx.Transaction h2tx, int tableId, int sessionId) {
        this.tx = tx;
        this.h2tx = h2tx;
        this.markers = h2tx.openMap(MARKER_MAP, LongDataType.INSTANCE, LongDataType.INSTANCE);
        this.markerKey = ((long) tableId << 32) | (sessionId & 0xffffffffL);
    }

    /** Whether these writes belong to the given H2 transaction (false once H2 has moved on). */
    boolean belongsTo(org.h2.mvstore.tx.Transaction current) {
        return current == h2tx;
    }

    /**
     * Called when H2 takes a write lock, after {@link #reconcile()}: opens a new marked piece of
     * work unless the session's current statement already has one.
     */
    void beforeWrite(SessionLocal session) {
        wrote = true;
        long stamp = session.getStatementModificationDataId();
        if (stamp != 0 && stamp == markedStamp && !statements.isEmpty()) {
            return;
        }
        int sp = tx.savepoint();
        long id = IDS.incrementAndGet();
        markers.put(markerKey, id);
        statements.add(new Statement(id, sp, rowDelta));
        markedStamp = stamp;
        // a statement starting from now on carries a later stamp than this one
        session.getDatabase().getNextModificationDataId();
    }

    /**
     * Whether H2's transaction of these writes has not ended yet (from any thread: the status is
     * an atomic field of H2's transaction).
     */
    boolean transactionOpen() {
        return h2tx.getStatus() != org.h2.mvstore.tx.Transaction.STATUS_CLOSED;
    }

    /**
     * Whether the session has taken a write lock on the table in this transaction (the changes
     * may since have been rolled back to a savepoint); false while it has only read. Any thread.
     */
    boolean hasWritten() {
        return wrote;
    }

    /** Undoes the engine writes of statements H2 has rolled back since the last call. */
    void reconcile() {
        truncateTo(markers.get(markerKey));
    }

    void addRows(long n) {
        rowDelta += n;
    }

    long rowDelta() {
        return rowDelta;
    }

    /**
     * Decides the outcome after H2 ended its transaction: returns whether it committed (the
     * marker's committed value names one of our statements), with the engine transaction
     * trimmed to the surviving statements. Removes the marker either way.
     */
    boolean survivedCommit() {
        VersionedValue<Long> v = markers.map.get(markerKey);
        Long survivor = v == null ? null : v.getCurrentValue();
        boolean committed = survivor != null && indexOf(survivor) >= 0;
        if (committed) {
            truncateTo(survivor);
        }
        if (v != null) {
            markers.map.remove(markerKey);
        }
        return committed;
    }

    private int indexOf(long id) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).id == id) {
                return i;
            }
        }
        return -1;
    }

    private void truncateTo(Long survivor) {
        if (statements.isEmpty()) {
            return;
        }
        int keep = survivor == null ? -1 : indexOf(survivor);
        if (keep == statements.size() - 1) {
            return;
        }
        markedStamp = 0;
        Statement firstLost = statements.get(keep + 1);
        tx.rollbackTo(firstLost.engineSavepoint);
        rowDelta = firstLost.rowDeltaBefore;
        statements.subList(keep + 1, statements.size()).clear();
    }
}
