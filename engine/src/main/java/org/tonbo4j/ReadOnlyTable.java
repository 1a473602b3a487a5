package org.tonbo4j;

import java.util.Optional;
import java.util.function.Function;
import org.tonbo4j.internal.OverlayStorage;
import org.tonbo4j.storage.Storage;

/**
 * A read-only view of a table that another process (on another machine, for a table in S3)
 * writes. It shows one consistent committed state — the writer's manifest and the WAL
 * segments it had written when this view was opened or last {@linkplain #refresh() refreshed}
 * — and never changes the writer's files or takes its lock. Open one with
 * {@link Tonbo#openReadOnly(Storage, Schema, Options)}.
 *
 * <p>The writer deletes files it no longer needs; a view that lags far behind may find a file
 * gone, and the read fails with a {@link TonboException} saying so: refresh and read again.
 *
 * <p>Thread-safe. Iterators and snapshots taken from the view belong to the state they were
 * taken from, and fail with {@link TableClosedException} once a refresh replaced it.
 *
 * @param <R> the row type
 */
public final class ReadOnlyTable<R> implements AutoCloseable {
    private static final int OPEN_ATTEMPTS = 5;

    private final Storage storage;
    private final Function<Storage, Table<R>> opener;
    private volatile Table<R> current;
    private OverlayStorage currentOverlay;
    private boolean closed;

    ReadOnlyTable(Storage storage, Function<Storage, Table<R>> opener) {
        this.storage = storage;
        this.opener = opener;
        refresh();
    }

    /**
     * Moves the view to the writer's newest committed state. The state it replaces is closed.
     * If the writer removes files while the view opens, the open is retried a few times.
     */
    public synchronized void refresh() {
        if (closed) {
            throw new TableClosedException("read-only view of " + storage.describe() + " is closed");
        }
        TonboException last = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            OverlayStorage overlay = new OverlayStorage(storage);
            try {
                Table<R> next = opener.apply(overlay);
                Table<R> old = current;
                OverlayStorage oldOverlay = currentOverlay;
                current = next;
                currentOverlay = overlay;
                if (old != null) {
                    old.close();
                    oldOverlay.close();
                }
                return;
            } catch (TableLockedException | SchemaMismatchException | IllegalArgumentException e) {
                overlay.close();
                throw e;
            } catch (TonboException e) {
                overlay.close();
                last = e;
            }
        }
        throw new TonboException("cannot open a read-only view of " + storage.describe() + " after " + OPEN_ATTEMPTS
                + " attempts (the writer kept changing it?): " + last, last);
    }

    private Table<R> table() {
        Table<R> t = current;
        if (t == null || closed) {
            throw new TableClosedException("read-only view of " + storage.describe() + " is closed");
        }
        return t;
    }

    public Schema schema() {
        return table().schema();
    }

    /** The row with this primary key (values in key order), if present in this view's state. */
    public Optional<R> get(Object... key) {
        return table().get(key);
    }

    public RowIterator<R> scan(Scan scan) {
        return table().scan(scan);
    }

    public RowIterator<R> scan() {
        return table().scan();
    }

    /** The sequence number of the newest write this view shows. */
    public long lastSequence() {
        return table().stats().lastSequence();
    }

    public TableStats stats() {
        return table().stats();
    }

    /** Closes the view; the writer's files and the storage are untouched (the caller closes the storage). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.close();
            currentOverlay.close();
        }
    }
}
