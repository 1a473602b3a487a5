package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.internal.read.IteratorSource;

/**
 * The steps of a bulk commit ({@code Options.bulkCommitBytes}): a large transaction's sorted
 * writes go straight into one new L0 file, installed by one manifest edit, instead of through the
 * WAL and the memtable. Run by the commit leader ({@link CommitQueue}), alone in its group, so
 * the commit is ordered with every other commit exactly as a normal one. Stateless.
 *
 * <p>Why this is as correct as the normal path:
 * <ul>
 *   <li>Order: before the file is written, every memtable is flushed ({@link #drainMemtables}),
 *       so every older version of any key is in an SST whose sequence numbers are all below the
 *       commit's, and every later write goes to a memtable above it. Files then stay in sequence
 *       order (L0 newest first by largest sequence, memtables newer than every SST), which point
 *       reads and conflict checks rely on when they stop at the first version found.</li>
 *   <li>Visibility: every row of the file carries the commit's sequence number; the file is
 *       installed and the visible sequence raised under the table's lock, and readers skip files
 *       whose smallest sequence is above their snapshot, so no reader sees part of it.</li>
 *   <li>Durability and atomicity: the file is complete and synced before the manifest edit that
 *       names it; the edit is one CRC-framed, synced record. A crash before the edit leaves an
 *       orphan file that the next open deletes; after it, the whole commit. The WAL never holds
 *       the rows, so recovery cannot replay them twice; the flush before made every earlier
 *       commit durable too, so even without WAL syncs what survives is a prefix of the commits.</li>
 * </ul>
 */
final class BulkCommit {
    private BulkCommit() {
    }

    /** Freezes a non-empty memtable and waits until every frozen one is flushed; lock held. */
    static void drainMemtables(Db db, CommitQueue queue) throws IOException {
        queue.makeRoom(true);
        db.awaitImmutablesFlushed();
    }

    /** Writes the rows, all at sequence {@code seq}, into one synced L0 file; lock not held. */
    static FileMeta writeFile(Db db, List<Entry> rows, long seq) throws IOException {
        Iterator<Entry> it = rows.iterator();
        Iterator<Entry> atSeq = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Entry next() {
                Entry e = it.next();
                return new Entry(e.key, seq, e.tombstone, e.values);
            }
        };
        SstBuilder builder = new SstBuilder(db.storage, db.schema, db.options, db.versions::newFileNumber, () -> false);
        // One version per key: the filter keeps every row.
        List<FileMeta> files = builder.build(new IteratorSource(atSeq), new VersionFilter(db.snapshots, seq, false), 0,
                Long.MAX_VALUE, rows.size());
        if (files.size() != 1) {
            throw new IllegalStateException("a bulk commit of " + rows.size() + " rows wrote " + files.size() + " files");
        }
        return files.get(0);
    }

    /** Makes the file live with the commit's sequence; lock held. Durable on return. */
    static void install(Db db, FileMeta file, long seq) throws IOException {
        VersionEdit edit = new VersionEdit();
        edit.added.add(file);
        edit.lastSequence = seq;
        db.versions.logAndApply(edit);
    }
}
