package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.Objects;
import org.h2.engine.SessionLocal;

/**
 * Cursors of one session that a query left unfinished (a LIMIT stops reading early, and H2
 * cursors have no close). Each remembers the statement that opened it; they are closed when the
 * session's next statement touches the table, or when its transaction ends, so that engine
 * iterators do not pin old files. Used by the session's thread only.
 */
final class OpenCursors {
    private record Entry(Object command, Object start, RowCursor cursor) {
    }

    private final ArrayList<Entry> entries = new ArrayList<>();

    void add(SessionLocal session, RowCursor cursor) {
        entries.add(new Entry(session.getCurrentCommand(), session.getCommandStartOrEnd(), cursor));
    }

    /** Closes the cursors opened by statements other than the session's current one. */
    void closeFromEarlierStatements(SessionLocal session) {
        Object command = session.getCurrentCommand();
        Object start = session.getCommandStartOrEnd();
        for (Entry e : new ArrayList<>(entries)) {
            if (e.command != command || !Objects.equals(e.start, start)) {
                e.cursor.close();
            }
        }
    }

    /** Forgets a closed cursor; returns whether none is left. */
    boolean remove(RowCursor cursor) {
        entries.removeIf(e -> e.cursor == cursor);
        return entries.isEmpty();
    }

    void closeAll() {
        for (Entry e : new ArrayList<>(entries)) {
            e.cursor.close();
        }
        entries.clear();
    }
}
