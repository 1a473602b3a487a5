package org.tonbo4j.internal.read;

import java.util.NoSuchElementException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * Turns a merged stream of versions into the rows a snapshot sees: per key, the newest version
 * with sequence at most {@code snapshotSeq}, unless it is a tombstone. Not thread-safe.
 */
public final class VisibleEntries {
    private final EntrySource source;
    private final long snapshotSeq;
    private Entry next;

    public VisibleEntries(EntrySource source, long snapshotSeq) {
        this.source = source;
        this.snapshotSeq = snapshotSeq;
    }

    public boolean hasNext() {
        if (next == null) {
            next = compute();
        }
        return next != null;
    }

    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = next;
        next = null;
        return e;
    }

    /**
     * Visible rows in column form when the source can hand over a run (see
     * {@link EntrySource#run}); returns how many entries it moved past, 0 when the caller must
     * read the next rows one by one. Only between rows: not while {@link #hasNext} holds one.
     */
    public int run(Run out) {
        if (next != null || !source.canRun()) {
            return 0;
        }
        return source.run(null, snapshotSeq, out);
    }

    private Entry compute() {
        while (true) {
            Entry first = source.peek();
            if (first == null) {
                return null;
            }
            Entry best = null;
            byte[] key = first.key;
            for (Entry e = first; e != null && KeyCodec.compare(e.key, key) == 0; e = source.peek()) {
                if (e.seq <= snapshotSeq && (best == null || e.seq > best.seq)) {
                    best = e;
                }
                source.next();
            }
            if (best != null && !best.tombstone) {
                return best;
            }
        }
    }

    public void close() {
        source.close();
    }
}
