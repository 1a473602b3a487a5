package org.tonbo4j.internal.memtable;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * The sorted runs of a memtable that arrived above every key it held: each run's keys are above
 * all keys of the runs before it, so together they are one ascending sequence with each key at
 * most once. This is how an append-style load (ids, times) committed in many batches is kept: a
 * point lookup is two binary searches, a scan walks the runs one after the other, and no row
 * costs a skip-list node. Without it, every batch after the first went row by row into the skip
 * list.
 *
 * <p>Immutable: {@link #append} returns a new chain. The one writer (the commit leader) appends
 * to the newest chain only, and chains share their array: a slot is written once, before the
 * chain that covers it is published, and no older chain reads past its own length.
 */
final class RunChain {
    static final RunChain EMPTY = new RunChain(new SortedRun[0], 0);

    private final SortedRun[] runs;
    private final int length;

    private RunChain(SortedRun[] runs, int length) {
        this.runs = runs;
        this.length = length;
    }

    /** This chain and {@code run}, whose first key must be above this chain's last. */
    RunChain append(SortedRun run) {
        if (length > 0 && KeyCodec.compare(run.firstKey(), runs[length - 1].lastKey()) <= 0) {
            throw new IllegalArgumentException("run overlaps the chain");
        }
        SortedRun[] a = runs;
        if (length == a.length) {
            a = Arrays.copyOf(a, Math.max(8, length * 2));
        }
        a[length] = run;
        return new RunChain(a, length + 1);
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The row with {@code key} if its sequence is at most {@code atSeq}, else null. */
    MemRow find(byte[] key, long atSeq) {
        int r = firstEndingAtOrAbove(key);
        if (r == length) {
            return null;
        }
        SortedRun run = runs[r];
        int i = run.find(key);
        return i >= 0 && run.seq(i) <= atSeq ? run.row(i) : null;
    }

    /** The rows with keys in [from, to) (nulls: unbounded), ascending or descending. */
    Iterator<MemRow> iterator(byte[] from, byte[] to, boolean descending) {
        int lo = from == null ? 0 : firstEndingAtOrAbove(from);
        int hi = to == null ? length : firstStartingAtOrAbove(to);
        if (lo >= hi) {
            return Collections.emptyIterator();
        }
        return new Iterator<>() {
            private int run = descending ? hi - 1 : lo;
            private Iterator<MemRow> rows = runs[run].iterator(from, to, descending);

            @Override
            public boolean hasNext() {
                while (!rows.hasNext()) {
                    run += descending ? -1 : 1;
                    if (run < lo || run >= hi) {
                        return false;
                    }
                    rows = runs[run].iterator(from, to, descending);
                }
                return true;
            }

            @Override
            public MemRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return rows.next();
            }
        };
    }

    /** The first run whose last key is at least {@code key}, or {@link #length}. */
    private int firstEndingAtOrAbove(byte[] key) {
        return firstAtOrAbove(key, true);
    }

    /** The first run whose first key is at least {@code key}, or {@link #length}. */
    private int firstStartingAtOrAbove(byte[] key) {
        return firstAtOrAbove(key, false);
    }

    /** The first run whose last (or first) key is at least {@code key}: both ascend along the chain. */
    private int firstAtOrAbove(byte[] key, boolean byLastKey) {
        int lo = 0;
        int hi = length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            byte[] k = byLastKey ? runs[mid].lastKey() : runs[mid].firstKey();
            if (KeyCodec.compare(k, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
