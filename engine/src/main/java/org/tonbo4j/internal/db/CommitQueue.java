package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.function.Supplier;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.memtable.MemTable;
import org.tonbo4j.internal.wal.WalWriter;

/**
 * The write path of a {@link Db}: callers queue batches; the first in line (the leader) makes
 * room (rotating the memtable or stalling), takes every queued batch into a group, validates the
 * group's transactions ({@link ConflictCheck}), assigns sequence numbers, appends the group to
 * the WAL outside the lock, syncs once for all of it (group commit), applies it to the memtable
 * and publishes the new visible sequence. A bulk commit ({@link BulkCommit}) forms a group of its
 * own: its leader flushes the memtables, writes the rows into an L0 file and installs it.
 *
 * <p>Thread-safe; shares the {@link Db}'s lock (held while queueing and forming groups, released
 * for WAL I/O). Invariants: only the leader assigns sequence numbers ({@code lastSeq}); a
 * batch is in the WAL as one record and becomes visible only with its whole group.
 */
final class CommitQueue {
    /** A leader takes queued batches up to about this many rows into one group. */
    private static final int MAX_GROUP_ROWS = 64 * 1024;

    private final Db db;
    private final ArrayDeque<PendingWrite> writers = new ArrayDeque<>();
    /** Key columns only: what a conflict check reads of an SST row. */
    private final boolean[] keyColumns;
    private final AtomicLong stallNanos = new AtomicLong();
    /** The last sequence number assigned; only the leader of the moment changes it. */
    private long lastSeq;

    CommitQueue(Db db, long lastSeq) {
        this.db = db;
        this.lastSeq = lastSeq;
        this.keyColumns = new boolean[db.schema.columnCount()];
        for (int k : db.schema.keyIndexes()) {
            keyColumns[k] = true;
        }
    }

    /** Total time writers spent stalled, in nanoseconds. */
    long stallNanos() {
        return stallNanos.get();
    }

    /** Freezes the memtable (if it holds anything) through the queue, behind every queued write. */
    void rotateNow() {
        submit(new PendingWrite(MutationBatch.EMPTY, true));
    }

    /** A batch waiting in the write queue. */
    final class PendingWrite {
        final MutationBatch mutations;
        final boolean forceRotate;
        /** Set for a transaction commit: the batch conflicts if one of these keys is newer than {@link #snapshotSeq}. */
        final Supplier<List<CheckKey>> checkKeys;
        final long snapshotSeq;
        /** Set for a bulk commit: its rows in key order (then {@link #mutations} is empty). */
        final List<Entry> bulk;
        final Condition turn = db.lock.newCondition();
        boolean done;
        Throwable error;
        byte[] conflictKey;
        /** Set when this transaction's conflict check could not read what it needed. */
        Throwable checkError;
        long commitSeq;

        /** Whether the leader leaves this batch out of the group's WAL record and memtable. */
        boolean excluded() {
            return conflictKey != null || checkError != null;
        }

        PendingWrite(MutationBatch mutations, boolean forceRotate) {
            this(mutations, forceRotate, null, -1);
        }

        PendingWrite(MutationBatch mutations, boolean forceRotate, Supplier<List<CheckKey>> checkKeys, long snapshotSeq) {
            this(mutations, forceRotate, checkKeys, snapshotSeq, null);
        }

        PendingWrite(MutationBatch mutations, boolean forceRotate, Supplier<List<CheckKey>> checkKeys, long snapshotSeq,
                     List<Entry> bulk) {
            this.mutations = mutations;
            this.forceRotate = forceRotate;
            this.checkKeys = checkKeys;
            this.snapshotSeq = snapshotSeq;
            this.bulk = bulk;
        }
    }

    /** Applies a batch atomically; durable per the sync policy when it returns. */
    void write(MutationBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        submit(new PendingWrite(batch, false));
    }

    /**
     * Commits a transaction's batch atomically unless a key of {@code checkKeys} has a version
     * newer than {@code snapshotSeq} (in a memtable, an SST, or a batch committed earlier in the
     * same group); returns the sequence number of the batch's last mutation, or -1 and writes
     * nothing on a conflict, with the conflicting key in {@code conflict[0]}.
     */
    long commit(MutationBatch batch, long snapshotSeq, Supplier<List<CheckKey>> keys, byte[][] conflict) {
        return commit(new PendingWrite(batch, false, keys, snapshotSeq), conflict);
    }

    /**
     * As {@link #commit(MutationBatch, long, Supplier, byte[][])} for a bulk commit of {@code rows}
     * (distinct keys in ascending order, sequence ignored): every row gets the returned sequence.
     */
    long commitBulk(List<Entry> rows, long snapshotSeq, Supplier<List<CheckKey>> keys, byte[][] conflict) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a bulk commit needs at least one row");
        }
        return commit(new PendingWrite(MutationBatch.EMPTY, false, keys, snapshotSeq, rows), conflict);
    }

    private long commit(PendingWrite w, byte[][] conflict) {
        submit(w);
        if (w.conflictKey != null) {
            conflict[0] = w.conflictKey;
            return -1;
        }
        return w.commitSeq;
    }

    private void submit(PendingWrite w) {
        db.lock.lock();
        try {
            db.checkWritable();
            writers.addLast(w);
            while (!w.done && writers.peekFirst() != w) {
                w.turn.awaitUninterruptibly();
            }
            if (w.done) {
                if (w.error != null) {
                    throw db.failure("write failed", w.error);
                }
                return;
            }
            if (w.bulk != null) {
                leadBulk(w);
            } else {
                lead(w);
            }
            if (w.error != null) {
                throw db.failure("transaction commit check failed", w.error);
            }
        } finally {
            db.lock.unlock();
        }
    }

    /** Runs a group commit led by {@code leader}; called with the lock held, returns with it held. */
    private void lead(PendingWrite leader) {
        List<PendingWrite> group = new ArrayList<>();
        Throwable err = null;
        try {
            makeRoom(leader.forceRotate);
        } catch (Throwable t) {
            err = t;
        }
        if (err == null) {
            int rows = 0;
            boolean validate = false;
            for (PendingWrite p : writers) {
                if ((p.forceRotate || p.bulk != null) && p != leader) {
                    break;
                }
                if (!group.isEmpty() && rows + p.mutations.size() > MAX_GROUP_ROWS) {
                    break;
                }
                group.add(p);
                rows += p.mutations.size();
                validate |= p.checkKeys != null;
            }
            ReadView view = validate ? db.latestView() : null;
            MemTable m = db.mem;
            WalWriter log = db.wal;
            db.lock.unlock();
            try {
                if (view != null) {
                    rows = ConflictCheck.run(group, view, db.tableCache::reader, keyColumns, lastSeq);
                }
                long first = lastSeq + 1;
                lastSeq += rows;
                synchronized (log) {
                    long seq = first;
                    for (PendingWrite p : group) {
                        if (!p.mutations.isEmpty() && !p.excluded()) {
                            log.append(seq, p.mutations);
                            seq += p.mutations.size();
                        }
                    }
                    if (db.options.syncPolicy().kind() == SyncPolicy.Kind.EVERY_COMMIT && rows > 0) {
                        log.sync();
                    }
                }
                long seq = first;
                for (PendingWrite p : group) {
                    if (!p.excluded()) {
                        m.addBatch(p.mutations, seq);
                        seq += p.mutations.size();
                        p.commitSeq = seq - 1;
                    }
                }
            } catch (Throwable t) {
                err = t;
            } finally {
                db.lock.lock();
                if (view != null) {
                    db.versions.release(view.version);
                }
            }
            if (err != null) {
                // The WAL may hold part of the group: no later write may follow it.
                db.setBackgroundError(err);
            } else {
                db.visibleSeq = lastSeq;
                db.lastCommitNanos = System.nanoTime();
                db.history.committed(lastSeq);
            }
        } else {
            group.add(leader);
        }
        finish(group, leader, err);
    }

    /** Takes a finished group off the queue, wakes its members and the next leader; lock held. */
    private void finish(List<PendingWrite> group, PendingWrite leader, Throwable err) {
        for (PendingWrite p : group) {
            writers.pollFirst();
            p.done = true;
            p.error = err != null ? err : p.checkError;
            if (p != leader) {
                p.turn.signal();
            }
        }
        PendingWrite next = writers.peekFirst();
        if (next != null) {
            next.turn.signal();
        }
        if (err != null) {
            throw db.failure("write failed", err);
        }
    }

    /**
     * Runs a bulk commit led by {@code w}, alone in its group (see {@link BulkCommit}); called
     * with the lock held, returns with it held. A failure before the manifest edit fails only
     * this commit (its partial file is deleted); a failed edit stops the table's writes, since
     * the manifest may or may not hold it.
     */
    private void leadBulk(PendingWrite w) {
        Throwable err = null;
        boolean sticky = false;
        try {
            BulkCommit.drainMemtables(db, this);
            ReadView view = db.latestView();
            List<FileMeta> files = null;
            long seq = lastSeq + w.bulk.size();
            db.lock.unlock();
            try {
                ConflictCheck.run(List.of(w), view, db.tableCache::reader, keyColumns, lastSeq);
                if (!w.excluded()) {
                    files = BulkCommit.writeFiles(db, w.bulk, seq);
                }
            } finally {
                db.lock.lock();
                db.versions.release(view.version);
            }
            if (files != null) {
                try {
                    db.checkWritable();
                } catch (RuntimeException e) {
                    for (FileMeta f : files) {
                        BulkCommit.deleteQuietly(db, f, e);
                    }
                    throw e;
                }
                sticky = true;
                BulkCommit.install(db, files, seq);
                lastSeq = seq;
                db.visibleSeq = seq;
                db.history.committed(seq);
                w.commitSeq = seq;
                db.maybeScheduleCompaction();
            }
        } catch (Throwable t) {
            err = t;
            if (sticky) {
                db.setBackgroundError(t);
            }
        }
        finish(List.of(w), w, err);
    }

    /** Makes sure the memtable has room, rotating it and stalling as needed; lock held. */
    void makeRoom(boolean force) throws IOException {
        boolean stalled = false;
        long stallStart = 0;
        try {
            while (true) {
                db.checkWritable();
                if (db.options.compactionEnabled() && db.versions.current().files(0).size() >= db.options.level0StopWritesTrigger()) {
                    if (!stalled) {
                        stalled = true;
                        stallStart = System.nanoTime();
                    }
                    db.maybeScheduleCompaction();
                    db.backgroundChanged.awaitUninterruptibly();
                    continue;
                }
                if (!force && db.mem.approximateBytes() < db.options.memtableBytes()) {
                    return;
                }
                if (force && db.mem.isEmpty()) {
                    return;
                }
                if (db.imm.size() >= db.options.maxImmutableMemtables()) {
                    if (!stalled) {
                        stalled = true;
                        stallStart = System.nanoTime();
                    }
                    db.backgroundChanged.awaitUninterruptibly();
                    continue;
                }
                db.rotate();
                return;
            }
        } finally {
            if (stalled) {
                stallNanos.addAndGet(System.nanoTime() - stallStart);
            }
        }
    }
}
