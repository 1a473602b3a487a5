package org.tonbo4j.internal.txn;

import java.util.List;
import java.util.NoSuchElementException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.read.EntryCursor;

/**
 * A transaction's view of a scan: the snapshot's visible entries with the transaction's own
 * writes laid over them. On equal keys the buffered write wins; buffered deletes hide the row.
 * Not thread-safe.
 */
public final class MergedCursor implements EntryCursor {
    private final EntryCursor base;
    private final List<Entry> buffered;
    private final boolean reverse;
    private int bi;
    private Entry baseHead;
    private Entry next;

    /** {@code base} may be null (nothing to read from the snapshot); {@code buffered} in scan order. */
    public MergedCursor(EntryCursor base, List<Entry> buffered, boolean reverse) {
        this.base = base;
        this.buffered = buffered;
        this.reverse = reverse;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (baseHead == null && base != null && base.hasNext()) {
                baseHead = base.next();
            }
            Entry mine = bi < buffered.size() ? buffered.get(bi) : null;
            if (mine == null && baseHead == null) {
                return false;
            }
            int c = mine == null ? -1 : baseHead == null ? 1 : KeyCodec.compare(baseHead.key, mine.key);
            if (reverse && mine != null && baseHead != null) {
                c = -c;
            }
            if (c < 0) {
                next = baseHead;
                baseHead = null;
            } else {
                bi++;
                if (c == 0) {
                    baseHead = null;
                }
                if (!mine.tombstone) {
                    next = mine;
                }
            }
        }
        return true;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Entry e = next;
        next = null;
        return e;
    }

    @Override
    public void close() {
        if (base != null) {
            base.close();
        }
    }
}
