package org.tonbo4j.internal.db;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tonbo4j.TableClosedException;
import org.tonbo4j.TonboException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.read.VisibleEntries;

/**
 * A pinned view of a table at one sequence number: point reads and scans that all see the same
 * state. Holds its memtables and SST files until closed. Thread-safe; close is idempotent.
 */
public final class ReadHandle implements AutoCloseable {
    private final Db db;
    private final ReadView view;
    private final AtomicBoolean closed = new AtomicBoolean();

    ReadHandle(Db db, ReadView view) {
        this.db = db;
        this.view = view;
    }

    public long sequence() {
        return view.seq;
    }

    /** The visible row with this key, or null (absent or deleted). */
    public Entry get(byte[] key, Object[] keyValues, boolean[] columns) {
        checkOpen();
        Entry e = db.get(view, key, keyValues, columns);
        return e == null || e.tombstone ? null : e;
    }

    /** Visible rows with keys in [lo, hi) (null = unbounded) in key order or reverse. */
    public Cursor scan(byte[] lo, byte[] hi, boolean reverse, boolean[] columns) {
        return scan(lo, hi, reverse, columns, null);
    }

    /**
     * As above, and SST row groups and pages that {@code filter} excludes are not decoded. The
     * rows returned still include rows that fail it (those it could not exclude): the caller
     * applies it to every row.
     */
    public Cursor scan(byte[] lo, byte[] hi, boolean reverse, boolean[] columns,
                       org.tonbo4j.internal.read.RowFilter filter) {
        checkOpen();
        try {
            return new Cursor(db, new VisibleEntries(db.source(view, lo, hi, reverse, columns, filter), view.seq));
        } catch (UncheckedIOException e) {
            throw new TonboException("scan failed: " + e.getMessage(), e.getCause());
        }
    }

    /**
     * The visible row with this key as a cursor of at most one entry: a point lookup that
     * decodes only {@code columns} (null = all) of the row, for a scan that names one whole key.
     */
    public Cursor point(byte[] key, Object[] keyValues, boolean[] columns) {
        checkOpen();
        Entry e;
        try {
            e = db.get(view, key, keyValues, columns);
        } catch (UncheckedIOException ex) {
            throw new TonboException("lookup failed: " + ex.getMessage(), ex.getCause());
        }
        java.util.Iterator<Entry> it = e == null ? java.util.Collections.emptyIterator() : java.util.List.of(e).iterator();
        return new Cursor(db, new VisibleEntries(new org.tonbo4j.internal.read.IteratorSource(it), view.seq));
    }

    /**
     * A second handle on the same view, pinned on its own: it stays usable after this one is
     * closed, until it is closed itself. An iterator of a snapshot or a transaction owns one, so
     * that it can be read to its end after the snapshot or transaction has ended.
     */
    public ReadHandle share() {
        checkOpen();
        try {
            db.retain(view);
        } catch (IllegalStateException e) { // closed by another thread since the check
            throw new TableClosedException("snapshot is closed");
        }
        return new ReadHandle(db, view);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new TableClosedException("snapshot is closed");
        }
        if (db.isClosed()) {
            throw new TableClosedException("the table of this snapshot is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.release(view);
        }
    }

    /** Visible entries of a scan; errors from storage surface as {@link TonboException}. Not thread-safe. */
    public static final class Cursor implements org.tonbo4j.internal.read.EntryCursor {
        private final Db db;
        private final VisibleEntries entries;

        Cursor(Db db, VisibleEntries entries) {
            this.db = db;
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            if (db.isClosed()) {
                throw new TableClosedException("the table was closed while this scan was open");
            }
            try {
                return entries.hasNext();
            } catch (UncheckedIOException e) {
                throw new TonboException("scan failed: " + e.getMessage(), e.getCause());
            }
        }

        /** See {@link VisibleEntries#run}. */
        public int run(org.tonbo4j.internal.read.Run out) {
            if (db.isClosed()) {
                throw new TableClosedException("the table was closed while this scan was open");
            }
            try {
                return entries.run(out);
            } catch (UncheckedIOException e) {
                throw new TonboException("scan failed: " + e.getMessage(), e.getCause());
            }
        }

        @Override
        public Entry next() {
            try {
                return entries.next();
            } catch (UncheckedIOException e) {
                throw new TonboException("scan failed: " + e.getMessage(), e.getCause());
            }
        }

        @Override
        public void close() {
            entries.close();
        }
    }
}
