package org.tonbo4j.h2.internal;

import java.util.Iterator;
import org.h2.index.Cursor;
import org.h2.message.DbException;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.tonbo4j.RowIterator;
import org.tonbo4j.TonboException;

/**
 * An H2 cursor over engine rows, converting each row when it is reached. The engine iterator is
 * closed when exhausted, or by {@link H2Table} at the session's next statement if the query
 * stopped early (LIMIT). Used by one thread.
 */
final class RowCursor implements Cursor, AutoCloseable {
    private final H2Table table;
    /** The session whose open cursors the table tracks this one with, or null if untracked. */
    private final org.h2.engine.SessionLocal session;
    private final RowCodec codec;
    private final ValueCache cache;
    private final Iterator<org.tonbo4j.Row> rows;
    private Row current;
    private boolean closed;

    RowCursor(H2Table table, org.h2.engine.SessionLocal session, RowCodec codec, Iterator<org.tonbo4j.Row> rows) {
        this.table = table;
        this.session = session;
        this.codec = codec;
        this.cache = codec.newValueCache();
        this.rows = rows;
    }

    @Override
    public Row get() {
        return current;
    }

    @Override
    public SearchRow getSearchRow() {
        return current;
    }

    @Override
    public boolean next() {
        try {
            if (rows.hasNext()) {
                current = codec.toH2Row(rows.next(), cache);
                return true;
            }
        } catch (TonboException e) {
            close();
            throw table.error(e);
        }
        current = null;
        close();
        return false;
    }

    @Override
    public boolean previous() {
        throw DbException.getInternalError("tonbo cursors move forward only");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rows instanceof RowIterator) {
            ((RowIterator<?>) rows).close();
        }
        if (session != null) {
            table.untrack(session, this);
        }
    }
}
