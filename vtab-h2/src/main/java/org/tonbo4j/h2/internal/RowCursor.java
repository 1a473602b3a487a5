package org.tonbo4j.h2.internal;

import java.util.Iterator;
import org.h2.index.Cursor;
import org.h2.message.DbException;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.tonbo4j.TonboException;

/**
 * An H2 cursor over engine rows, converting each row when it is reached. The engine iterator is
 * closed when exhausted, or by {@link H2Table} at the session's next statement if the query
 * stopped early (LIMIT). Used by one thread.
 *
 * <p>A cursor over a committed snapshot that is still going after {@link #PREFETCH_AFTER} rows
 * hands the rest of the scan to a {@link Prefetcher}: short scans and lookups stay on the
 * session's thread, long ones read a batch ahead on a second one.
 */
final class RowCursor implements Cursor, AutoCloseable {
    private final H2Table table;
    private final org.h2.engine.SessionLocal session;
    private final RowCodec codec;
    /** Created once the cursor has returned {@link #CACHE_AFTER} rows: lookups and short ranges do without. */
    private ValueCache cache;
    private static final int CACHE_AFTER = 64;
    private final Iterator<org.tonbo4j.Row> rows;
    /** The engine iterator or read-ahead thread, which the table may close from another thread. */
    private final CursorResources resources;
    /** Rows returned on this thread before a long scan is handed to a prefetcher. */
    static final int PREFETCH_AFTER = 4096;
    private final boolean prefetch;
    private int returned;
    private Prefetcher prefetcher;
    private Row[] batch;
    private int batchPos;
    private Row current;
    /** Whether the rows ran out (a later next() answers false rather than failing). */
    private boolean exhausted;

    /** An untracked cursor, over rows already read or none. */
    RowCursor(H2Table table, RowCodec codec, Iterator<org.tonbo4j.Row> rows) {
        this(table, null, codec, new CursorResources(table, null, rows), false);
    }

    /**
     * A cursor over {@code resources}' rows, which the table tracks for {@code session}; with
     * {@code prefetch}, they read a committed snapshot only (see {@link Prefetcher}).
     */
    RowCursor(H2Table table, org.h2.engine.SessionLocal session, RowCodec codec, CursorResources resources,
              boolean prefetch) {
        this.table = table;
        this.session = session;
        this.codec = codec;
        this.resources = resources;
        this.rows = resources.rows();
        this.prefetch = prefetch;
        if (session != null) {
            resources.cleanWhenUnreachable(this);
        }
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
        if (resources.isClosed()) {
            current = null;
            if (exhausted) {
                return false;
            }
            // closed before its end (the table changed or closed, or a non-lazy session's later
            // statement closed it): a silently shorter result would be wrong
            throw table.error(new TonboException("the scan of this table was closed before it ended"
                    + " (the table was altered, dropped or closed, or the result was read after a later statement"
                    + " of the session without LAZY_QUERY_EXECUTION)"));
        }
        try {
            if (prefetcher != null) {
                return nextPrefetched();
            }
            returned++;
            if (cache == null && returned > CACHE_AFTER) {
                cache = codec.newValueCache();
            }
            if (prefetch && returned > PREFETCH_AFTER) {
                org.h2.engine.SessionLocal s = session;
                prefetcher = Prefetcher.start(rows, codec, cache, () -> s != null && s.isClosed());
                resources.prefetchedBy(prefetcher);
                return nextPrefetched();
            }
            if (rows.hasNext()) {
                current = cache == null ? codec.toH2Row(rows.next()) : codec.toH2Row(rows.next(), cache);
                return true;
            }
        } catch (TonboException e) {
            close();
            throw table.error(e);
        }
        current = null;
        exhausted = true;
        close();
        return false;
    }

    private boolean nextPrefetched() {
        if (batch == null || batchPos == batch.length) {
            batch = prefetcher.take();
            batchPos = 0;
            if (batch == null) {
                current = null;
                exhausted = true;
                close();
                return false;
            }
        }
        current = batch[batchPos];
        batch[batchPos++] = null;
        return true;
    }

    @Override
    public boolean previous() {
        throw DbException.getInternalError("tonbo cursors move forward only");
    }

    @Override
    public void close() {
        resources.close();
    }
}
