package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;

/**
 * The committed row count of one table, for H2's {@code COUNT(*)} and its planner, counted only
 * when first asked for: opening a table no longer scans every key. Until then the row deltas of
 * commits are kept with their commit sequence; counting scans the keys of a snapshot and adds
 * the deltas of the commits that snapshot does not see, so commits may run meanwhile.
 * Thread-safe.
 */
final class RowCount {
    /** A commit's row delta; its mutations have sequence numbers within {@code [from, to]}. */
    private record Delta(long from, long to, long rows) {
    }

    private final Table<Row> table;
    /** Exact count of committed rows once counted, else -1. */
    private long rows = -1;
    /** The sequence the count was taken at: later commits add their delta, earlier ones are in it. */
    private long countedSeq;
    /** The planner's estimate while not counted (-1: not computed yet). */
    private long estimate = -1;
    /** Deltas of commits while not yet counted. */
    private List<Delta> pending = new ArrayList<>();

    RowCount(Table<Row> table) {
        this.table = table;
    }

    /** Records a commit at {@code seq} that added {@code delta} rows (negative: removed). */
    synchronized void committed(long seq, long delta) {
        committed(seq, seq, delta);
    }

    /**
     * Records a write that added {@code delta} rows and whose mutations have sequence numbers
     * somewhere within {@code [from, to]} (a blind {@code Table.write}, which does not report its
     * sequence: {@code from} is one past the last sequence before it, {@code to} the last one
     * after it). A snapshot sees all of a write or none of it, so only a count taken at a
     * sequence inside the range, possible only when another writer committed in between, cannot
     * tell whether it holds the write: that count is dropped and taken again when next asked for.
     */
    synchronized void committed(long from, long to, long delta) {
        if (rows >= 0) {
            if (from > countedSeq) {
                rows += delta;
            } else if (to > countedSeq && delta != 0) {
                rows = -1;
                pending = new ArrayList<>();
            }
        } else if (delta != 0) {
            pending.add(new Delta(from, to, delta));
        }
    }

    /** The table holds no rows any more (TRUNCATE under H2's exclusive lock). */
    synchronized void cleared() {
        rows = 0;
        countedSeq = table.lastSequence();
        pending = null;
    }

    /** The exact committed count, counting now if not done yet. */
    long get() {
        synchronized (this) {
            if (rows >= 0) {
                return rows;
            }
        }
        while (true) {
            long n = 0;
            long seq;
            try (Snapshot<Row> s = table.snapshot();
                 RowIterator<Row> it = s.scan(Scan.builder().columns(List.of()).build())) {
                seq = s.sequence();
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            synchronized (this) {
                if (rows >= 0) {
                    return rows;
                }
                boolean known = true;
                for (Delta d : pending) {
                    if (d.from > seq) {
                        n += d.rows;
                    } else if (d.to > seq) {
                        known = false; // see committed(from, to, delta): count again
                    }
                }
                if (known) {
                    rows = n;
                    countedSeq = seq;
                    pending = null;
                    return rows;
                }
            }
        }
    }

    /** The count if known, else an estimate from the engine's file statistics (all versions). */
    synchronized long approximate() {
        if (rows >= 0) {
            return rows;
        }
        if (estimate < 0) {
            long n = 0;
            for (org.tonbo4j.TableStats.Level l : table.stats().levels()) {
                n += l.rows();
            }
            estimate = n;
        }
        return estimate;
    }
}
