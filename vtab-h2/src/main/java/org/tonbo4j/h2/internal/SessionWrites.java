package org.tonbo4j.h2.internal;

import org.h2.engine.SessionLocal;
import org.tonbo4j.Row;
import org.tonbo4j.Transaction;

/**
 * The uncommitted writes of one H2 session to one tonbo table: an engine {@link Transaction}
 * plus what is needed to follow H2's own undo, which never calls the table. At REPEATABLE READ,
 * SNAPSHOT and SERIALIZABLE the transaction starts at the session's first read of the table
 * instead of its first write, so that every read until COMMIT or ROLLBACK sees its snapshot
 * (and its own writes); until the session writes, it holds no writes ({@link #hasWritten()}).
 *
 * <p>Rollbacks are learnt through {@link StatementMarkers}: each statement that writes the table
 * first takes an engine savepoint; when H2 rolls the statement back, the engine transaction goes
 * back to that savepoint (and the row delta to its value then). At COMMIT the markers say which
 * statements survived.
 *
 * <p>Used by the session's thread only (H2 runs one statement per session at a time), but for
 * {@link #transactionOpen()} and {@link #hasWritten()}.
 */
final class SessionWrites {
    /** Name of the MVStore map holding the statement markers. */
    static final String MARKER_MAP = "tonbo.statements";

    private record Before(int engineSavepoint, long rowDelta) {
    }

    final Transaction<Row> tx;
    private final StatementMarkers<Before> markers;
    /** Rows added minus rows removed by the surviving writes. */
    private long rowDelta;
    /** Whether a write lock was taken (read by other sessions: see {@link #hasWritten()}). */
    private volatile boolean wrote;

    SessionWrites(Transaction<Row> tx, org.h2.mvstore.tx.Transaction h2tx, int tableId, int sessionId) {
        this.tx = tx;
        this.markers = new StatementMarkers<>(h2tx, MARKER_MAP, StatementMarkers.key(tableId, sessionId), b -> {
            tx.rollbackTo(b.engineSavepoint);
            rowDelta = b.rowDelta;
        });
    }

    /** Whether these writes belong to the given H2 transaction (false once H2 has moved on). */
    boolean belongsTo(org.h2.mvstore.tx.Transaction current) {
        return markers.belongsTo(current);
    }

    /**
     * Called when H2 takes a write lock, after {@link #reconcile()}: opens a new marked piece of
     * work unless the session's current statement already has one.
     */
    void beforeWrite(SessionLocal session) {
        wrote = true;
        markers.mark(session, () -> new Before(tx.savepoint(), rowDelta));
    }

    /**
     * Whether H2's transaction of these writes has not ended yet (from any thread: the status is
     * an atomic field of H2's transaction).
     */
    boolean transactionOpen() {
        return markers.status() != org.h2.mvstore.tx.Transaction.STATUS_CLOSED;
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
        markers.reconcile();
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
        boolean committed = markers.committed();
        markers.forget();
        return committed;
    }
}
