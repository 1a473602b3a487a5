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
    private record Delta(long seq, long rows) {
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
        if (rows >= 0) {
            if (seq > countedSeq) {
                rows += delta;
            }
        } else if (delta != 0) {
            pending.add(new Delta(seq, delta));
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
        long n = 0;
        long seq;
        try (Snapshot<Row> s = table.snapshot(); RowIterator<Row> it = s.scan(Scan.builder().columns(List.of()).build())) {
            seq = s.sequence();
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        synchronized (this) {
            if (rows < 0) {
                for (Delta d : pending) {
                    if (d.seq > seq) {
                        n += d.rows;
                    }
                }
                rows = n;
                countedSeq = seq;
                pending = null;
            }
            return rows;
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
