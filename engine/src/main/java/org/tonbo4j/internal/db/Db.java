package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tonbo4j.Options;
import org.tonbo4j.Schema;
import org.tonbo4j.SnapshotUnavailableException;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.TableClosedException;
import org.tonbo4j.TableStats;
import org.tonbo4j.TonboException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.internal.memtable.MemTable;
import org.tonbo4j.internal.read.EntrySource;
import org.tonbo4j.internal.read.IteratorSource;
import org.tonbo4j.internal.read.MergingSource;
import org.tonbo4j.internal.read.SstSource;
import org.tonbo4j.internal.sst.BlockCache;
import org.tonbo4j.internal.sst.SstReader;
import org.tonbo4j.internal.wal.RowCodec;
import org.tonbo4j.internal.wal.WalWriter;
import org.tonbo4j.storage.Storage;

/**
 * The LSM engine of one table, on encoded keys and value arrays; the public {@code Table}
 * wraps it. Thread-safe.
 *
 * <p>Writes: callers queue batches; the first in line (the leader) makes room (rotating the
 * memtable or stalling), takes every queued batch, assigns sequence numbers, appends them to
 * the WAL outside the lock, syncs once for all of them (group commit), applies them to the
 * memtable and publishes the new visible sequence. Background: one flush thread turns frozen
 * memtables into L0 files; one compaction thread runs leveled compaction. Reads pin a
 * {@link ReadView}. Invariants: {@code visibleSeq} only grows; a frozen memtable's WAL segment
 * is deleted only after its SST is durably in the manifest.
 */
public final class Db implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Db.class.getName());
    /** A leader takes queued batches up to about this many rows into one group. */
    private static final int MAX_GROUP_ROWS = 64 * 1024;

    final Storage storage;
    final Schema schema;
    final Options options;
    final KeyCodec keyCodec;
    final RowCodec rowCodec;
    final VersionSet versions;
    final TableCache tableCache;
    final BlockCache blockCache;
    final SnapshotRegistry snapshots = new SnapshotRegistry();
    private final AutoCloseable fileLock;
    /** Key columns only: what a conflict check reads of an SST row. */
    private final boolean[] keyColumns;
    private final History history;
    private final CompactionPicker picker;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever background work changes the shape of the tree or fails. */
    private final Condition backgroundChanged = lock.newCondition();
    private final ArrayDeque<PendingWrite> writers = new ArrayDeque<>();
    private MemTable mem;
    private final List<MemTable> imm = new ArrayList<>(); // oldest first
    private WalWriter wal;
    private long lastSeq;
    private volatile long visibleSeq;
    private volatile Throwable backgroundError;
    private volatile boolean closing;
    private boolean closed;
    private boolean flushScheduled;
    private boolean compactionScheduled;

    private final ExecutorService flushExecutor;
    private final ExecutorService compactionExecutor;
    private final ScheduledExecutorService syncExecutor;

    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong stallNanos = new AtomicLong();

    private Db(Storage storage, Schema schema, Options options, AutoCloseable fileLock, VersionSet versions,
               TableCache tableCache, BlockCache blockCache, long lastSeq) {
        this.storage = storage;
        this.schema = schema;
        this.options = options;
        this.keyCodec = new KeyCodec(schema);
        this.rowCodec = new RowCodec(schema);
        this.fileLock = fileLock;
        this.versions = versions;
        this.tableCache = tableCache;
        this.blockCache = blockCache;
        this.picker = new CompactionPicker(options);
        this.lastSeq = lastSeq;
        this.visibleSeq = lastSeq;
        this.keyColumns = new boolean[schema.columnCount()];
        for (int k : schema.keyIndexes()) {
            keyColumns[k] = true;
        }
        this.history = new History(options.historyRetention(), versions.historyFloor());
        for (long seq : versions.namedSnapshots().values()) {
            snapshots.acquire(seq);
        }
        String name = storage.describe();
        this.flushExecutor = Executors.newSingleThreadExecutor(daemon("tonbo-flush " + name));
        this.compactionExecutor = Executors.newSingleThreadExecutor(daemon("tonbo-compaction " + name));
        this.syncExecutor = options.syncPolicy().kind() == SyncPolicy.Kind.INTERVAL
                ? Executors.newSingleThreadScheduledExecutor(daemon("tonbo-wal-sync " + name)) : null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Opens (creating if new) the table in {@code storage}: takes the lock, reads the manifest,
     * replays the WAL, and starts a fresh manifest and WAL segment.
     */
    public static Db open(Storage storage, Schema schema, Options options) {
        AutoCloseable fileLock;
        try {
            fileLock = storage.lock(FileNames.LOCK);
        } catch (IOException e) {
            throw new TonboException("cannot lock table in " + storage.describe() + ": " + e, e);
        }
        BlockCache blockCache = new BlockCache(options.cacheBytes());
        TableCache tableCache = new TableCache(storage, schema, blockCache);
        try {
            Recovery.Result r = new Recovery(storage, schema, options, tableCache).run();
            Db db = new Db(storage, schema, options, fileLock, r.versions, tableCache, blockCache, r.lastSequence);
            db.mem = new MemTable(r.walNumber, db.rowCodec);
            db.wal = new WalWriter(storage, FileNames.wal(r.walNumber), schema);
            db.startBackground();
            return db;
        } catch (IOException | RuntimeException | Error e) {
            tableCache.close();
            try {
                fileLock.close();
            } catch (Exception ignored) {
                // Releasing the lock of a table that failed to open; the open error matters.
            }
            if (e instanceof TonboException) {
                throw (TonboException) e;
            }
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new TonboException("cannot open table in " + storage.describe() + ": " + e, e);
        }
    }

    private void startBackground() {
        if (syncExecutor != null) {
            long ms = options.syncPolicy().interval().toMillis();
            syncExecutor.scheduleWithFixedDelay(this::syncWal, ms, ms, TimeUnit.MILLISECONDS);
        }
        lock.lock();
        try {
            maybeScheduleCompaction();
        } finally {
            lock.unlock();
        }
    }

    public Schema schema() {
        return schema;
    }

    public KeyCodec keyCodec() {
        return keyCodec;
    }

    /** The encoding of rows in the WAL and the memtable; mutations carry their rows in it. */
    public RowCodec rowCodec() {
        return rowCodec;
    }

    // ---------------------------------------------------------------- writes

    /** A batch waiting in the write queue. */
    final class PendingWrite {
        final List<Mutation> mutations;
        final boolean forceRotate;
        /** Set for a transaction commit: the batch conflicts if one of these keys is newer than {@link #snapshotSeq}. */
        final List<ConflictCheck.Key> checkKeys;
        final long snapshotSeq;
        final Condition turn = lock.newCondition();
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

        PendingWrite(List<Mutation> mutations, boolean forceRotate) {
            this(mutations, forceRotate, null, -1);
        }

        PendingWrite(List<Mutation> mutations, boolean forceRotate, List<ConflictCheck.Key> checkKeys, long snapshotSeq) {
            this.mutations = mutations;
            this.forceRotate = forceRotate;
            this.checkKeys = checkKeys;
            this.snapshotSeq = snapshotSeq;
        }
    }

    /** Applies a batch atomically; durable per the sync policy when it returns. */
    public void write(List<Mutation> batch) {
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
    public long commit(List<Mutation> batch, long snapshotSeq, List<byte[]> keys, List<Object[]> keyValues,
                       byte[][] conflict) {
        List<ConflictCheck.Key> checkKeys = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            checkKeys.add(new ConflictCheck.Key(keys.get(i), keyValues.get(i)));
        }
        PendingWrite w = new PendingWrite(batch, false, checkKeys, snapshotSeq);
        submit(w);
        if (w.conflictKey != null) {
            conflict[0] = w.conflictKey;
            return -1;
        }
        return w.commitSeq;
    }

    private void submit(PendingWrite w) {
        lock.lock();
        try {
            checkWritable();
            writers.addLast(w);
            while (!w.done && writers.peekFirst() != w) {
                w.turn.awaitUninterruptibly();
            }
            if (w.done) {
                if (w.error != null) {
                    throw failure("write failed", w.error);
                }
                return;
            }
            lead(w);
            if (w.error != null) {
                throw failure("transaction commit check failed", w.error);
            }
        } finally {
            lock.unlock();
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
                if (p.forceRotate && p != leader) {
                    break;
                }
                if (!group.isEmpty() && rows + p.mutations.size() > MAX_GROUP_ROWS) {
                    break;
                }
                group.add(p);
                rows += p.mutations.size();
                validate |= p.checkKeys != null;
            }
            ReadView view = validate ? latestView() : null;
            MemTable m = mem;
            WalWriter log = wal;
            lock.unlock();
            try {
                if (view != null) {
                    rows = ConflictCheck.run(group, view, tableCache::reader, keyColumns);
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
                    if (options.syncPolicy().kind() == SyncPolicy.Kind.EVERY_COMMIT && rows > 0) {
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
                lock.lock();
                if (view != null) {
                    versions.release(view.version);
                }
            }
            if (err != null) {
                // The WAL may hold part of the group: no later write may follow it.
                setBackgroundError(err);
            } else {
                visibleSeq = lastSeq;
                history.committed(lastSeq);
            }
        } else {
            group.add(leader);
        }
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
            throw failure("write failed", err);
        }
    }

    /** Makes sure the memtable has room, rotating it and stalling as needed; lock held. */
    private void makeRoom(boolean force) throws IOException {
        boolean stalled = false;
        long stallStart = 0;
        try {
            while (true) {
                checkWritable();
                if (options.compactionEnabled() && versions.current().files(0).size() >= options.level0StopWritesTrigger()) {
                    if (!stalled) {
                        stalled = true;
                        stallStart = System.nanoTime();
                    }
                    maybeScheduleCompaction();
                    backgroundChanged.awaitUninterruptibly();
                    continue;
                }
                if (!force && mem.approximateBytes() < options.memtableBytes()) {
                    return;
                }
                if (force && mem.isEmpty()) {
                    return;
                }
                if (imm.size() >= options.maxImmutableMemtables()) {
                    if (!stalled) {
                        stalled = true;
                        stallStart = System.nanoTime();
                    }
                    backgroundChanged.awaitUninterruptibly();
                    continue;
                }
                rotate();
                return;
            }
        } finally {
            if (stalled) {
                stallNanos.addAndGet(System.nanoTime() - stallStart);
            }
        }
    }

    /** Freezes the memtable and starts a new WAL segment; lock held, no write in flight. */
    private void rotate() throws IOException {
        // The old segment is durable before a newer one exists: only the newest may be torn.
        WalWriter old = wal;
        synchronized (old) {
            old.sync();
        }
        long number = versions.newFileNumber();
        WalWriter next = new WalWriter(storage, FileNames.wal(number), schema);
        synchronized (old) {
            old.close();
        }
        wal = next;
        imm.add(mem);
        mem = new MemTable(number, rowCodec);
        scheduleFlush();
    }

    private void syncWal() {
        WalWriter w;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            w = wal;
        } finally {
            lock.unlock();
        }
        try {
            synchronized (w) {
                w.sync();
            }
        } catch (IOException | RuntimeException e) {
            // A segment closed by rotation is already synced; anything else is a real failure.
            if (w == currentWal()) {
                setBackgroundError(e);
            }
        }
    }

    private WalWriter currentWal() {
        lock.lock();
        try {
            return wal;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- background work

    private void setBackgroundError(Throwable t) {
        lock.lock();
        try {
            if (backgroundError == null) {
                backgroundError = t;
                LOG.log(System.Logger.Level.ERROR, "tonbo table " + storage.describe() + " stopped accepting writes", t);
            }
            backgroundChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled && !closing) {
            flushScheduled = true;
            flushExecutor.execute(this::flushLoop);
        }
    }

    private void flushLoop() {
        while (true) {
            MemTable m;
            lock.lock();
            try {
                if (imm.isEmpty() || backgroundError != null || closing) {
                    flushScheduled = false;
                    backgroundChanged.signalAll();
                    return;
                }
                m = imm.get(0);
            } finally {
                lock.unlock();
            }
            try {
                flushMemTable(m);
            } catch (Throwable t) {
                if (t instanceof SstBuilder.CancelledException) {
                    lock.lock();
                    try {
                        flushScheduled = false;
                        backgroundChanged.signalAll();
                    } finally {
                        lock.unlock();
                    }
                    return;
                }
                setBackgroundError(t);
            }
        }
    }

    private void flushMemTable(MemTable m) throws IOException {
        long floor = historyFloorForJob();
        List<FileMeta> files = new ArrayList<>();
        if (!m.isEmpty()) {
            SstBuilder builder = new SstBuilder(storage, schema, options, versions::newFileNumber, () -> closing);
            files = builder.build(new IteratorSource(m.iterator()), new VersionFilter(snapshots, floor, false), 0,
                    Long.MAX_VALUE, m.size());
        }
        lock.lock();
        try {
            VersionEdit edit = new VersionEdit();
            edit.historyFloor = floor;
            edit.added.addAll(files);
            edit.walFloor = imm.size() > 1 ? imm.get(1).walNumber() : mem.walNumber();
            edit.lastSequence = m.isEmpty() ? null : m.maxSeq();
            versions.logAndApply(edit);
            deleteWalBelow(versions.walFloor());
            imm.remove(0);
            flushes.incrementAndGet();
            backgroundChanged.signalAll();
            maybeScheduleCompaction();
        } finally {
            lock.unlock();
        }
    }

    private void deleteWalBelow(long floor) {
        try {
            for (String name : storage.list(FileNames.WAL_DIR)) {
                long n = FileNames.number(name);
                if (n >= 0 && n < floor) {
                    storage.delete(name);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete old WAL segments in " + storage.describe(), e);
        }
    }

    private void maybeScheduleCompaction() {
        if (options.compactionEnabled() && !compactionScheduled && !closing && backgroundError == null
                && picker.needsCompaction(versions.current())) {
            compactionScheduled = true;
            compactionExecutor.execute(this::compactionLoop);
        }
    }

    private void compactionLoop() {
        try {
            while (!closing && backgroundError == null) {
                Compaction c;
                lock.lock();
                try {
                    c = picker.pick(versions.current());
                } finally {
                    lock.unlock();
                }
                if (c == null) {
                    break;
                }
                runCompaction(c);
            }
        } catch (SstBuilder.CancelledException e) {
            // Closing: the partial outputs were deleted.
        } catch (Throwable t) {
            setBackgroundError(t);
        } finally {
            lock.lock();
            try {
                compactionScheduled = false;
                backgroundChanged.signalAll();
                maybeScheduleCompaction();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs one compaction and installs its result; on the compaction thread. */
    private void runCompaction(Compaction c) throws IOException {
        VersionEdit edit = new VersionEdit();
        edit.deleted.addAll(c.deletions());
        long floor = historyFloorForJob();
        edit.historyFloor = floor;
        if (c.isTrivialMove()) {
            edit.added.add(c.inputs.get(0).atLevel(c.outputLevel));
        } else {
            Version v = versions.acquire();
            try {
                List<EntrySource> sources = new ArrayList<>();
                long rows = 0;
                for (FileMeta f : c.inputs) {
                    sources.add(new SstSource(tableCache.reader(f), null, null, false, null, false));
                    rows += f.rowCount();
                }
                try (MergingSource merged = new MergingSource(sources, false)) {
                    SstBuilder builder = new SstBuilder(storage, schema, options, versions::newFileNumber, () -> closing);
                    edit.added.addAll(builder.build(merged, new VersionFilter(snapshots, floor, c.bottommost), c.outputLevel,
                            options.targetFileBytes(), rows));
                }
            } finally {
                versions.release(v);
            }
        }
        lock.lock();
        try {
            try {
                versions.logAndApply(edit);
            } catch (IOException | RuntimeException e) {
                for (FileMeta f : edit.added) {
                    if (f.level() == c.outputLevel && c.inputs.stream().noneMatch(i -> i.number() == f.number())) {
                        storage.delete(FileNames.sst(f.number()));
                    }
                }
                throw e;
            }
            compactions.incrementAndGet();
            backgroundChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the memtable to L0 and waits until every frozen memtable is flushed. */
    public void flush() {
        submit(new PendingWrite(List.of(), true));
        lock.lock();
        try {
            while (!imm.isEmpty()) {
                checkWritable();
                scheduleFlush();
                backgroundChanged.awaitUninterruptibly();
            }
            checkWritable();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes, then compacts every file into one level, and waits. */
    public void compactAll() {
        flush();
        Future<?> f = compactionExecutor.submit(() -> {
            Compaction c;
            lock.lock();
            try {
                c = picker.full(versions.current());
            } finally {
                lock.unlock();
            }
            if (c != null) {
                runCompaction(c);
            }
            return null;
        });
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TonboException("interrupted while compacting", e);
        } catch (ExecutionException e) {
            setBackgroundError(e.getCause());
            throw failure("compaction failed", e.getCause());
        }
    }

    // ---------------------------------------------------------------- reads

    /** Pins what a reader at the latest sequence sees. Release with {@link #release}. */
    public ReadHandle acquire() {
        lock.lock();
        try {
            checkOpen();
            ReadView view = latestView();
            snapshots.acquire(view.seq);
            return new ReadHandle(this, view);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pins a view at a past sequence number (time travel), or throws if the versions of that
     * sequence may be gone: below the history horizon and not kept by a named or open snapshot.
     */
    public ReadHandle acquireAt(long seq) {
        lock.lock();
        try {
            checkOpen();
            if (seq < 0 || seq > visibleSeq) {
                throw new IllegalArgumentException("sequence must be 0.." + visibleSeq + " (the last committed), got " + seq);
            }
            if (seq < history.horizon() && !snapshots.anyIn(seq, seq + 1)) {
                throw new SnapshotUnavailableException("history of " + storage.describe() + " is retained from sequence "
                        + history.horizon() + " on (options.historyRetention is " + options.historyRetention()
                        + "); sequence " + seq + " is no longer readable");
            }
            ReadView latest = latestView();
            ReadView view = new ReadView(latest.memtables, latest.version, seq);
            snapshots.acquire(seq);
            return new ReadHandle(this, view);
        } finally {
            lock.unlock();
        }
    }

    /** The newest committed sequence number. */
    public long lastSequence() {
        return visibleSeq;
    }

    /** Pins the current state under a durable name; returns its sequence. */
    public long pinSnapshot(String name) {
        lock.lock();
        try {
            checkWritable();
            if (versions.namedSnapshots().containsKey(name)) {
                throw new IllegalArgumentException("a snapshot named '" + name + "' is already pinned");
            }
            long seq = visibleSeq;
            VersionEdit edit = new VersionEdit();
            edit.pinned.put(name, seq);
            versions.logAndApply(edit);
            snapshots.acquire(seq);
            return seq;
        } catch (IOException e) {
            throw new TonboException("cannot pin snapshot '" + name + "' in " + storage.describe() + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /** Drops a named snapshot; returns whether it existed. */
    public boolean unpinSnapshot(String name) {
        lock.lock();
        try {
            checkWritable();
            Long seq = versions.namedSnapshots().get(name);
            if (seq == null) {
                return false;
            }
            VersionEdit edit = new VersionEdit();
            edit.unpinned.add(name);
            versions.logAndApply(edit);
            snapshots.release(seq);
            return true;
        } catch (IOException e) {
            throw new TonboException("cannot unpin snapshot '" + name + "' in " + storage.describe() + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    public java.util.SortedMap<String, Long> namedSnapshots() {
        return versions.namedSnapshots();
    }

    /** The history floor of a flush or compaction starting now. */
    private long historyFloorForJob() {
        lock.lock();
        try {
            return history.floorForJob(visibleSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The memtables and a pinned version at the visible sequence; lock held. */
    private ReadView latestView() {
        List<MemTable> mems = new ArrayList<>(imm.size() + 1);
        mems.add(mem);
        for (int i = imm.size() - 1; i >= 0; i--) {
            mems.add(imm.get(i));
        }
        return new ReadView(mems, versions.acquire(), visibleSeq);
    }

    void release(ReadView view) {
        snapshots.release(view.seq);
        versions.release(view.version);
    }

    /** The newest version of a key visible in the view, tombstones included, or null. */
    Entry get(ReadView view, byte[] key, Object[] keyValues, boolean[] columns) {
        try {
            return ViewReader.get(view, tableCache::reader, key, keyValues, columns);
        } catch (IOException e) {
            throw new TonboException("read failed in " + storage.describe() + ": " + e, e);
        }
    }

    /** A merged source of every version in [lo, hi) the view holds. */
    EntrySource source(ReadView view, byte[] lo, byte[] hi, boolean reverse, boolean[] columns) {
        return ViewReader.source(view, tableCache::reader, lo, hi, reverse, columns);
    }

    // ---------------------------------------------------------------- state

    private void checkOpen() {
        if (closed || closing) {
            throw new TableClosedException("table " + storage.describe() + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        Throwable t = backgroundError;
        if (t != null) {
            throw new TonboException("table " + storage.describe()
                    + " no longer accepts writes after a background failure (reopen it to recover): " + t, t);
        }
    }

    private TonboException failure(String what, Throwable t) {
        if (t instanceof TonboException) {
            return (TonboException) t;
        }
        return new TonboException(what + " in " + storage.describe() + ": " + t, t);
    }

    public TableStats stats() {
        lock.lock();
        try {
            Version v = versions.current();
            List<TableStats.Level> levels = new ArrayList<>();
            for (int i = 0; i < v.levelCount(); i++) {
                long rows = 0;
                for (FileMeta f : v.files(i)) {
                    rows += f.rowCount();
                }
                levels.add(new TableStats.Level(i, v.files(i).size(), v.levelBytes(i), rows));
            }
            return new TableStats(visibleSeq, mem.approximateBytes(), imm.size(), List.copyOf(levels), flushes.get(),
                    compactions.get(), stallNanos.get(), blockCache.hits(), blockCache.misses(), blockCache.usedBytes());
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} has begun. */
    public boolean isClosed() {
        return closing;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closing = true;
            backgroundChanged.signalAll();
        } finally {
            lock.unlock();
        }
        if (syncExecutor != null) {
            // Not shutdownNow: an interrupt would abort a sync in progress.
            syncExecutor.shutdown();
        }
        flushExecutor.shutdown();
        compactionExecutor.shutdown();
        try {
            flushExecutor.awaitTermination(1, TimeUnit.HOURS);
            compactionExecutor.awaitTermination(1, TimeUnit.HOURS);
            if (syncExecutor != null) {
                syncExecutor.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = null;
        lock.lock();
        try {
            closed = true;
            synchronized (wal) {
                if (backgroundError == null) {
                    wal.sync();
                }
                wal.close();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            lock.unlock();
        }
        try {
            versions.close();
        } catch (IOException | RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        tableCache.close();
        try {
            fileLock.close();
        } catch (Exception e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new TonboException("closing table " + storage.describe() + " failed: " + failure, failure);
        }
    }
}
