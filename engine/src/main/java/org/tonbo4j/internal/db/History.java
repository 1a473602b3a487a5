package org.tonbo4j.internal.db;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The table's time-travel horizon. Every flush and compaction asks it for a history floor: the
 * output keeps every version that a reader at any sequence at or above the floor sees. The
 * floor is the last sequence committed before the retention window began (or the visible
 * sequence when nothing is retained), found from a coarse timeline of (wall-clock time,
 * sequence) samples taken at commits; coarse samples only ever make the floor lower, which keeps
 * more, never less. {@link #horizon()} — the largest floor handed out — is what readers may
 * travel back to; it is persisted in the manifest so that history dropped before a reopen is
 * never offered after it.
 *
 * <p>Guarded by the owning {@link Db}'s lock.
 */
final class History {
    private static final long SAMPLE_MILLIS = 10;

    private final long retentionMillis;
    /** Oldest first: (millis, seq) pairs; the first is the newest sample older than the window. */
    private final ArrayDeque<long[]> timeline = new ArrayDeque<>();
    private long horizon;

    History(Duration retention, long horizon) {
        this.retentionMillis = retention.toMillis();
        this.horizon = horizon;
    }

    /** Records that everything up to {@code seq} is committed now. */
    void committed(long seq) {
        if (retentionMillis == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        long[] last = timeline.peekLast();
        if (last == null || now - last[0] >= SAMPLE_MILLIS) {
            timeline.addLast(new long[] {now, seq});
        } else {
            last[1] = seq;
        }
        long cutoff = now - retentionMillis;
        while (timeline.size() > 1) {
            long[] first = timeline.pollFirst();
            if (timeline.peekFirst()[0] > cutoff) {
                timeline.addFirst(first);
                break;
            }
        }
    }

    /**
     * The floor for a flush or compaction that starts now, with {@code visibleSeq} the newest
     * committed sequence; raises the horizon to it.
     */
    long floorForJob(long visibleSeq) {
        long floor;
        if (retentionMillis == 0) {
            floor = visibleSeq;
        } else {
            long cutoff = System.currentTimeMillis() - retentionMillis;
            floor = horizon;
            for (long[] sample : timeline) {
                if (sample[0] > cutoff) {
                    break;
                }
                floor = Math.max(floor, sample[1]);
            }
        }
        horizon = Math.max(horizon, floor);
        return floor;
    }

    /** Readers may travel back to any sequence at or above this. */
    long horizon() {
        return horizon;
    }
}
