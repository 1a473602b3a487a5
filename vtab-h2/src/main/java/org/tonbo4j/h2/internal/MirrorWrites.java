package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;

/**
 * The changes that the shadow triggers of one session have made to one mirror ({@link Mirror})
 * during one H2 transaction, buffered until H2 has committed: full rows to put and keys to
 * delete, in order, as engine values by the mirror's H2 columns. H2's statement and savepoint
 * rollbacks are followed through {@link StatementMarkers} (a statement records the buffer's
 * length; rolling it back truncates the buffer), and the markers say at the end whether the
 * transaction committed.
 *
 * <p>Written by the session's thread only, while its transaction is open. Once H2 has begun to
 * commit it ({@link #committing()}), any session may apply it, under the mirror table's lock,
 * which also guards {@link #done}; the writes before the status change are visible to that
 * thread, H2's transaction status being an atomic field.
 */
final class MirrorWrites {
    /** Name of the MVStore map holding the statement markers (apart from {@link SessionWrites}'). */
    static final String MARKER_MAP = "tonbo.mirror.statements";

    /** A put of the row {@code values} (engine values by mirror column), or with null values a delete of {@code key}. */
    record Change(Object[] key, Object[] values) {
        boolean isDelete() {
            return values == null;
        }
    }

    final SessionLocal session;
    private final ArrayList<Change> changes = new ArrayList<>();
    private final StatementMarkers<Integer> markers;
    /** Whether the changes were applied or discarded; guarded by the mirror table's lock. */
    boolean done;

    MirrorWrites(SessionLocal session, int tableId) {
        this.session = session;
        this.markers = new StatementMarkers<>(session.getTransaction(), MARKER_MAP,
                StatementMarkers.key(tableId, session.getId()), size -> changes.subList(size, changes.size()).clear());
    }

    /** Whether these changes belong to the given H2 transaction (false once H2 has moved on). */
    boolean belongsTo(org.h2.mvstore.tx.Transaction current) {
        return markers.belongsTo(current);
    }

    /** Appends a change of the session's current statement (session thread, transaction open). */
    void add(SessionLocal session, Change change) {
        markers.reconcile();
        markers.mark(session, changes::size);
        changes.add(change);
    }

    /**
     * Whether H2 has begun to commit the transaction, or has ended it (committed or rolled back:
     * {@link #survivors()} tells). H2 sets the status before it releases any row lock, so a
     * session that changed a row after this transaction did sees it true.
     */
    boolean committing() {
        int s = markers.status();
        return s == org.h2.mvstore.tx.Transaction.STATUS_COMMITTED || s == org.h2.mvstore.tx.Transaction.STATUS_CLOSED;
    }

    /** Once {@link #committing()}: the changes of the surviving statements, none if H2 rolled back. */
    List<Change> survivors() {
        return markers.committed() ? changes : List.of();
    }

    /** Removes the statement marker; by the session's thread once H2 has ended the transaction. */
    void forget() {
        markers.forget();
    }
}
