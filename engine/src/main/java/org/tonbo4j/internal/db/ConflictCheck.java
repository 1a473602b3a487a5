package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyBytes;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.memtable.MemTable;
import org.tonbo4j.internal.sst.SstReader;

/**
 * Write-write conflict detection for transaction commits, run by the commit leader before it
 * assigns sequence numbers to a group. A transaction conflicts when one of its checked keys has
 * a committed version newer than its snapshot — wherever that version lives: a memtable, any
 * SST level, or a batch placed earlier in the same group. Stateless.
 *
 * <p>Why this is complete: the leader pins the view after every earlier group became visible
 * and before its own group is applied, and only the leader writes, so every version committed
 * after a snapshot is either in that view or earlier in the group. Files whose newest sequence
 * is at or below the snapshot are skipped: any version they hold is old.
 */
final class ConflictCheck {
    private ConflictCheck() {
    }

    /**
     * Marks the members of the group that conflict ({@code conflictKey} set) or whose check
     * failed ({@code checkError} set) and returns the number of mutations of the others.
     * {@code committedSeq} is the last sequence committed before the group: a member whose
     * snapshot is that recent, with nothing written before it in the group, cannot conflict, and
     * its keys are never produced (a bulk load of a million rows pays nothing for the check).
     */
    static int run(List<CommitQueue.PendingWrite> group, ReadView view, Function<FileMeta, SstReader> readers,
                   boolean[] keyColumns, long committedSeq) throws IOException {
        int lastChecked = -1;
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i).checkKeys != null) {
                lastChecked = i;
            }
        }
        Set<KeyBytes> writtenInGroup = new HashSet<>();
        int rows = 0;
        for (int i = 0; i < group.size(); i++) {
            CommitQueue.PendingWrite p = group.get(i);
            if (p.checkKeys != null && (p.snapshotSeq < committedSeq || !writtenInGroup.isEmpty())) {
                try {
                    for (CheckKey k : p.checkKeys.get()) {
                        if ((!writtenInGroup.isEmpty() && writtenInGroup.contains(new KeyBytes(k.encoded())))
                                || newerThan(view, readers, k, p.snapshotSeq, keyColumns)) {
                            p.conflictKey = k.encoded();
                            break;
                        }
                    }
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    // Nothing is written yet: only this transaction fails, the table goes on (also
                    // when its key list, made here, did not fit in memory).
                    p.checkError = e;
                }
            }
            if (p.excluded()) {
                continue;
            }
            rows += p.mutations.size();
            if (i < lastChecked) {
                for (int j = 0; j < p.mutations.size(); j++) {
                    writtenInGroup.add(new KeyBytes(p.mutations.key(j)));
                }
            }
        }
        return rows;
    }

    /** Whether the newest committed version of the key has a sequence number above {@code seq}. */
    static boolean newerThan(ReadView view, Function<FileMeta, SstReader> readers, CheckKey key, long seq,
                             boolean[] keyColumns) throws IOException {
        for (MemTable m : view.memtables) {
            if (m.isEmpty()) {
                continue; // a fresh active memtable: the versions are in the older ones
            }
            if (m.maxSeq() <= seq) {
                // Memtables are newest first and every SST is older than every memtable in the
                // view: nothing from here on was committed after the snapshot. (A transaction
                // whose snapshot is still current skips every probe.)
                return false;
            }
            Entry e = m.get(key.encoded(), Long.MAX_VALUE, keyColumns);
            if (e != null) {
                return e.seq > seq;
            }
        }
        Version v = view.version;
        for (FileMeta f : v.files(0)) { // newest first
            Entry e = probe(readers, f, key, seq, keyColumns);
            if (e != null) {
                return e.seq > seq;
            }
        }
        for (int level = 1; level < v.levelCount(); level++) {
            FileMeta f = ViewReader.findFile(v.files(level), key.encoded());
            Entry e = f == null ? null : probe(readers, f, key, seq, keyColumns);
            if (e != null) {
                return e.seq > seq;
            }
        }
        return false;
    }

    private static Entry probe(Function<FileMeta, SstReader> readers, FileMeta f, CheckKey key, long seq,
                               boolean[] keyColumns) throws IOException {
        if (f.maxSeq() <= seq || KeyCodec.compare(f.minKey(), key.encoded()) > 0
                || KeyCodec.compare(f.maxKey(), key.encoded()) < 0) {
            return null;
        }
        return readers.apply(f).get(key.encoded(), key.values(), Long.MAX_VALUE, keyColumns);
    }
}
