package org.tonbo4j.h2.internal;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import org.h2.engine.SessionLocal;
import org.tonbo4j.RowIterator;

/**
 * What a {@link RowCursor} holds in the engine: its row iterator (which pins files) or the
 * read-ahead thread that took it over. Released once, by whichever comes first: the cursor at
 * its end, the table (the session's next statement, its transaction's end, DROP, ALTER, close;
 * see {@link OpenCursors}), or a Cleaner once H2 has dropped the cursor without finishing it — a
 * lazy result or a LIMIT left unread. It holds no reference to the cursor, so that the cursor
 * can become unreachable.
 */
final class CursorResources implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "tonbo-h2-cursor-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final H2Table table;
    /** The session whose open cursors the table tracks this one with, or null if untracked. */
    private final SessionLocal session;
    private final Iterator<org.tonbo4j.Row> rows;
    private Prefetcher prefetcher;
    private volatile boolean closed;

    CursorResources(H2Table table, SessionLocal session, Iterator<org.tonbo4j.Row> rows) {
        this.table = table;
        this.session = session;
        this.rows = rows;
    }

    /** Closes these resources once {@code owner} is unreachable, if nothing closed them before. */
    void cleanWhenUnreachable(Object owner) {
        CLEANER.register(owner, this);
    }

    Iterator<org.tonbo4j.Row> rows() {
        return rows;
    }

    /** Hands the iterator to a read-ahead thread; closes it at once if these resources were closed meanwhile. */
    void prefetchedBy(Prefetcher p) {
        boolean late;
        synchronized (this) {
            late = closed;
            prefetcher = p;
        }
        if (late) {
            p.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Idempotent; any thread. */
    void close() {
        Prefetcher p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = prefetcher;
        }
        try {
            if (p != null) {
                p.close(); // the producer closes the iterator
            } else if (rows instanceof RowIterator) {
                ((RowIterator<?>) rows).close();
            }
        } finally {
            if (session != null) {
                table.untrack(session, this);
            }
        }
    }

    /** The Cleaner's action. */
    @Override
    public void run() {
        close();
    }
}
