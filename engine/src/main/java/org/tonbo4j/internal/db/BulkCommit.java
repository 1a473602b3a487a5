package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.internal.sst.SstMeta;
import org.tonbo4j.internal.sst.SstWriter;
import org.tonbo4j.internal.sst.SstWriterOptions;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;

/**
 * The steps of a bulk commit ({@code Options.bulkCommitBytes}): a large transaction's sorted
 * writes go straight into new L0 files (one per part of the key range, written in parallel),
 * installed by one manifest edit, instead of through the
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
 *   <li>Visibility: every row of the files carries the commit's sequence number; the files are
 *       installed and the visible sequence raised under the table's lock, and readers skip files
 *       whose smallest sequence is above their snapshot, so no reader sees part of it.</li>
 *   <li>Durability and atomicity: the files are complete and synced before the manifest edit that
 *       names them; the edit is one CRC-framed, synced record. A crash before the edit leaves
 *       orphan files that the next open deletes; after it, the whole commit. The WAL never holds
 *       the rows, so recovery cannot replay them twice; the flush before made every earlier
 *       commit durable too, so even without WAL syncs what survives is a prefix of the commits.
 *       The parts' key ranges are disjoint, so their order among L0 files (equal sequences)
 *       does not matter.</li>
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

    /** Below this many rows per part a bulk commit writes one file on the leader's thread. */
    static final int MIN_PART_ROWS = 64 * 1024;
    /** At most this many files (and writing threads) per bulk commit. */
    static final int MAX_PARTS = 4;

    /**
     * Writes the rows, all at sequence {@code seq}, into synced L0 files of disjoint key ranges:
     * one per part of at least {@link #MIN_PART_ROWS} rows, written in parallel (up to the
     * processors available and {@link #MAX_PARTS}). Returns them in key order; on failure none
     * is left behind. Lock not held.
     */
    static List<FileMeta> writeFiles(Db db, List<Entry> rows, long seq) throws IOException {
        int parts = (int) Math.max(1, Math.min(Math.min(MAX_PARTS, Runtime.getRuntime().availableProcessors()),
                rows.size() / MIN_PART_ROWS));
        if (parts == 1) {
            return List.of(writeFile(db, rows, seq));
        }
        List<Callable<FileMeta>> jobs = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<Entry> part = rows.subList((int) ((long) rows.size() * p / parts), (int) ((long) rows.size() * (p + 1) / parts));
            jobs.add(() -> writeFile(db, part, seq));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts - 1, r -> {
            Thread t = new Thread(r, "tonbo-bulk-write " + db.storage.describe());
            t.setDaemon(true);
            return t;
        });
        List<Future<FileMeta>> running = new ArrayList<>();
        try {
            for (int p = 1; p < parts; p++) {
                running.add(pool.submit(jobs.get(p)));
            }
            List<FileMeta> out = new ArrayList<>();
            Throwable failure = null;
            try {
                out.add(jobs.get(0).call());
            } catch (Exception e) {
                failure = e;
            }
            for (Future<FileMeta> f : running) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                for (FileMeta f : out) {
                    deleteQuietly(db, f, failure);
                }
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException("bulk commit write failed: " + failure, failure);
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** Removes a written but never installed file; a failure to do so leaves an orphan the next open deletes. */
    static void deleteQuietly(Db db, FileMeta f, Throwable cause) {
        try {
            TieredStorage.forLevel(db.storage, f.level()).delete(FileNames.sst(f.number()));
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Writes the rows, all at sequence {@code seq}, into one synced L0 file; lock not held. */
    private static FileMeta writeFile(Db db, List<Entry> rows, long seq) throws IOException {
        Storage target = TieredStorage.forLevel(db.storage, 0);
        long number = db.versions.newFileNumber();
        SstWriter writer = new SstWriter(target, FileNames.sst(number), db.schema, SstWriterOptions.from(db.options, rows.size()));
        try {
            for (Entry e : rows) {
                writer.add(e, seq);
            }
            SstMeta m = writer.finish();
            return new FileMeta(number, 0, m.fileBytes(), m.rowCount(), m.minKey(), m.maxKey(), m.minSeq(), m.maxSeq());
        } finally {
            writer.close(); // deletes the file unless it was finished
        }
    }

    /** Makes the files live with the commit's sequence; lock held. Durable on return. */
    static void install(Db db, List<FileMeta> files, long seq) throws IOException {
        VersionEdit edit = new VersionEdit();
        edit.added.addAll(files);
        edit.lastSequence = seq;
        db.versions.logAndApply(edit);
    }
}
