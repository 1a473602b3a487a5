package org.tonbo4j.h2.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Objects;
import org.h2.engine.SessionLocal;

/**
 * Cursors of one session that a query left unfinished (a LIMIT stops reading early, and H2
 * cursors have no close). Each remembers the statement that opened it. Without lazy query
 * execution they are closed when the session's next statement touches the table, or when its
 * transaction ends, so that engine iterators do not pin old files. A cursor opened with
 * LAZY_QUERY_EXECUTION on may belong to a result the application is still reading while it runs
 * other statements: it stays open across them, until its end, the session's close, or H2
 * dropping it (see {@link CursorResources}). DROP, ALTER and closing the table close all.
 * Synchronized: the Cleaner's thread removes entries too.
 */
final class OpenCursors {
    /**
     * The command is held weakly: it references its cursors (H2's table filters), which must
     * become unreachable for their Cleaner to run.
     */
    private record Entry(WeakReference<Object> command, Object start, boolean lazy, CursorResources cursor) {
    }

    private final ArrayList<Entry> entries = new ArrayList<>();

    synchronized void add(SessionLocal session, CursorResources cursor) {
        entries.add(new Entry(new WeakReference<>(session.getCurrentCommand()), session.getCommandStartOrEnd(),
                session.isLazyQueryExecution(), cursor));
    }

    /** Closes the non-lazy cursors opened by statements other than the session's current one. */
    void closeFromEarlierStatements(SessionLocal session) {
        Object command = session.getCurrentCommand();
        Object start = session.getCommandStartOrEnd();
        for (Entry e : snapshot()) {
            if (!e.lazy && (e.command.get() != command || !Objects.equals(e.start, start))) {
                e.cursor.close();
            }
        }
    }

    /** At the end of the session's transaction: closes its cursors, but lazy ones only if the session is closing. */
    void closeAtTransactionEnd(SessionLocal session) {
        boolean all = session.isClosed();
        for (Entry e : snapshot()) {
            if (all || !e.lazy) {
                e.cursor.close();
            }
        }
    }

    /** Forgets a closed cursor; returns whether none is left. */
    synchronized boolean remove(CursorResources cursor) {
        entries.removeIf(e -> e.cursor == cursor);
        return entries.isEmpty();
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    void closeAll() {
        for (Entry e : snapshot()) {
            e.cursor.close();
        }
        synchronized (this) {
            entries.clear();
        }
    }

    private synchronized ArrayList<Entry> snapshot() {
        return new ArrayList<>(entries);
    }
}
