package org.tonbo4j.internal.db;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.internal.Entry;

/**
 * Decides which versions of one key a flush or compaction keeps: the newest always; an older one
 * only if someone may read between its sequence and the next newer version's — an open or named
 * snapshot, or any reader at or above the history floor (the retention window); and, when
 * nothing older can exist below the output (bottommost), no tombstone that hides nothing (unless
 * it is the key's newest version and an older reader exists: conflict checks need it). At the
 * bottom, a lone version that every possible reader sees gets sequence number 0.
 */
final class VersionFilter {
    private final SnapshotRegistry snapshots;
    private final long historyFloor;
    private final boolean bottommost;

    VersionFilter(SnapshotRegistry snapshots, long historyFloor, boolean bottommost) {
        this.snapshots = snapshots;
        this.historyFloor = historyFloor;
        this.bottommost = bottommost;
    }

    /** Filters the versions of one key, given newest first; returns the kept ones, newest first. */
    List<Entry> filter(List<Entry> versions) {
        List<Entry> kept = new ArrayList<>(Math.min(versions.size(), 4));
        long newerSeq = Long.MAX_VALUE;
        for (int i = 0; i < versions.size(); i++) {
            Entry v = versions.get(i);
            if (i == 0 || newerSeq > historyFloor || snapshots.anyIn(v.seq, newerSeq)) {
                kept.add(v);
            }
            newerSeq = v.seq;
        }
        if (bottommost) {
            while (!kept.isEmpty() && kept.get(kept.size() - 1).tombstone) {
                Entry t = kept.get(kept.size() - 1);
                if (kept.size() == 1 && (t.seq > historyFloor || snapshots.anyIn(0, t.seq))) {
                    // The delete is the key's newest version and some reader is older than it: a
                    // transaction of that reader must still find that the key changed (its
                    // commit check looks for the newest version), so the tombstone stays until
                    // every reader is past it.
                    break;
                }
                kept.remove(kept.size() - 1);
            }
            if (kept.size() == 1 && kept.get(0).seq <= historyFloor && !snapshots.anyIn(0, kept.get(0).seq)) {
                // The only version left, seen by every reader: its sequence number carries no
                // information any more. Zero compresses to nothing (docs/format/sst.md).
                Entry e = kept.get(0);
                kept.set(0, e.withSeq(0));
            }
        }
        return kept;
    }
}
