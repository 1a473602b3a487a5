package org.tonbo4j.internal.db;

import java.io.IOException;
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
import java.util.function.Supplier;
import org.tonbo4j.Options;
import org.tonbo4j.Schema;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.TableClosedException;
import org.tonbo4j.TableStats;
import org.tonbo4j.TonboException;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.MutationBatch;
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
import org.tonbo4j.internal.wal.RowCodec;
import org.tonbo4j.internal.wal.WalWriter;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;

/**
 * The LSM engine of one table, on encoded keys and value arrays; the public {@code Table}
 * wraps it. Thread-safe.
 *
 * <p>Writes go through the {@link CommitQueue} (group commit, conflict checks, stalls); reads
 * of the past through {@link TimeTravel}. Background: one flush thread turns frozen
 * memtables into L0 files; one compaction thread runs leveled compaction. Reads pin a
 * {@link ReadView}. Invariants: {@code visibleSeq} only grows; a frozen memtable's WAL segment
 * is deleted only after its SST is durably in the manifest.
 */
public final class Db implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Db.class.getName());

    final Storage storage;
    final Schema schema;
    final Options options;
    final KeyCodec keyCodec;
    final RowCodec rowCodec;
    final VersionSet versions;
    final TableCache tableCache;
    /** {@code tableCache::reader}, made once: reads ask for it per lookup. */
    private final java.util.function.Function<FileMeta, org.tonbo4j.internal.sst.SstReader> readers;
    final BlockCache blockCache;
    final SnapshotRegistry snapshots = new SnapshotRegistry();
    private final AutoCloseable fileLock;
    final History history;
    final CommitQueue commits;
    private final TimeTravel timeTravel;
    private final CompactionPicker picker;

    /** Guards the fields below, the commit queue and the version set's changes. */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever background work changes the shape of the tree or fails. */
    final Condition backgroundChanged = lock.newCondition();
    MemTable mem;
    final List<MemTable> imm = new ArrayList<>(); // oldest first
    WalWriter wal;
    /** The newest sequence number readers may see; written by the commit leader under the lock. */
    volatile long visibleSeq;
    private volatile Throwable backgroundError;
    private volatile boolean closing;
    private boolean closed;
    /** Flush workers running ({@link Options#flushThreads} at most); lock held. */
    private int flushesRunning;
    /**
     * How many of the oldest frozen memtables ({@code imm}) a flush worker has taken: {@code
     * imm[0..claimed)} are being written or wait to be installed, oldest first; lock held.
     */
    private int claimed;
    private boolean compactionScheduled;

    private final ExecutorService flushExecutor;
    private final ExecutorService compactionExecutor;
    /** Runs the interval WAL sync; null without an interval sync policy. */
    private final ScheduledExecutorService timer;
    /**
     * Runs the idle-flush check (null when off), on its own thread: the check's rotation may wait
     * behind commits or stalls, which must not hold up interval syncs.
     */
    private final ScheduledExecutorService idleTimer;
    /** When the last commit became visible ({@link System#nanoTime}), for the idle flush. */
    volatile long lastCommitNanos = System.nanoTime();

    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();

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
        this.readers = tableCache::reader;
        this.blockCache = blockCache;
        this.picker = new CompactionPicker(options);
        this.visibleSeq = lastSeq;
        this.commits = new CommitQueue(this, lastSeq);
        this.timeTravel = new TimeTravel(this);
        this.history = new History(options.historyRetention(), versions.historyFloor());
        for (long seq : versions.namedSnapshots().values()) {
            snapshots.acquire(seq);
        }
        String name = storage.describe();
        this.flushExecutor = Executors.newFixedThreadPool(options.flushThreads(), daemon("tonbo-flush " + name));
        this.compactionExecutor = Executors.newSingleThreadExecutor(daemon("tonbo-compaction " + name));
        this.timer = options.syncPolicy().kind() == SyncPolicy.Kind.INTERVAL
                ? Executors.newSingleThreadScheduledExecutor(daemon("tonbo-wal-sync " + name)) : null;
        this.idleTimer = options.idleFlush().isZero() ? null
                : Executors.newSingleThreadScheduledExecutor(daemon("tonbo-idle-flush " + name));
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
        return open(storage, schema, schema, options);
    }

    /**
     * Opens the table stored with {@code stored} and changes its schema to {@code next} (the
     * same columns and key, with columns appended) as part of recovery; see
     * {@link Recovery#Recovery(Storage, Schema, Schema, Options, TableCache)}. Files written before
     * stay as they are and read the added columns as their defaults.
     */
    public static Db openEvolving(Storage storage, Schema stored, Schema next, Options options) {
        return open(storage, stored, next, options);
    }

    private static Db open(Storage storage, Schema stored, Schema schema, Options options) {
        AutoCloseable fileLock;
        try {
            fileLock = storage.lock(FileNames.LOCK);
        } catch (IOException e) {
            throw new TonboException("cannot lock table in " + storage.describe() + ": " + e, e);
        }
        BlockCache blockCache = new BlockCache(options.cacheBytes());
        TableCache tableCache = new TableCache(storage, schema, blockCache);
        try {
            Recovery.Result r = new Recovery(storage, stored, schema, options, tableCache).run();
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
        if (timer != null) {
            long ms = options.syncPolicy().interval().toMillis();
            timer.scheduleWithFixedDelay(this::syncWal, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (idleTimer != null) {
            long ms = Math.max(10, Math.min(250, options.idleFlush().toMillis() / 4));
            idleTimer.scheduleWithFixedDelay(this::flushIfIdle, ms, ms, TimeUnit.MILLISECONDS);
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

    /** Applies a batch atomically; durable per the sync policy when it returns. */
    public void write(List<Mutation> batch) {
        commits.write(MutationBatch.of(batch));
    }

    /** See {@link CommitQueue#commit}. */
    public long commit(MutationBatch batch, long snapshotSeq, Supplier<List<CheckKey>> keys, byte[][] conflict) {
        return commits.commit(batch, snapshotSeq, keys, conflict);
    }

    /** See {@link CommitQueue#commitBulk}. */
    public long commitBulk(List<Entry> rows, long snapshotSeq, Supplier<List<CheckKey>> keys, byte[][] conflict) {
        return commits.commitBulk(rows, snapshotSeq, keys, conflict);
    }

    public Options options() {
        return options;
    }

    /** Freezes the memtable and starts a new WAL segment; lock held, no write in flight. */
    void rotate() throws IOException {
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

    /**
     * Freezes the memtable for a background flush when it holds {@link Options#idleFlushBytes}
     * or more and no commit came for {@link Options#idleFlush} (see there); runs on the timer.
     */
    private void flushIfIdle() {
        lock.lock();
        try {
            if (closed || closing || backgroundError != null || imm.size() >= options.maxImmutableMemtables()
                    || mem.approximateBytes() < options.idleFlushBytes()
                    || System.nanoTime() - lastCommitNanos < options.idleFlush().toNanos()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            commits.rotateNow();
        } catch (RuntimeException e) {
            // Closed or failed meanwhile: the next open replays the WAL; nothing to do here.
        }
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

    void setBackgroundError(Throwable t) {
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

    /**
     * Starts flush workers, up to {@link Options#flushThreads}, while the memtables no worker has
     * taken ({@code imm.size() - claimed}) outnumber the workers free to take one ({@code
     * flushesRunning - claimed}, as each worker holds at most one claim): that is, while frozen
     * memtables outnumber workers. Lock held.
     */
    private void scheduleFlush() {
        while (!closing && backgroundError == null && flushesRunning < options.flushThreads()
                && imm.size() > flushesRunning) {
            flushesRunning++;
            flushExecutor.execute(this::flushLoop);
        }
    }

    /**
     * A flush worker: takes the oldest frozen memtable no other worker has, writes it to L0
     * files, waits until every older memtable is installed, installs its files, and goes on with
     * the next one until none is left. Several workers write at once; the installs (manifest
     * edit, WAL floor, removal from {@code imm}) stay in memtable order.
     */
    private void flushLoop() {
        MemTable m;
        long floor;
        lock.lock();
        try {
            m = claimOrExit();
            floor = history.floorForJob(visibleSeq); // taken with the claim: installs see floors in order
        } finally {
            lock.unlock();
        }
        while (m != null) {
            List<FileMeta> files;
            try {
                files = writeL0(m, floor);
            } catch (Throwable t) {
                if (!(t instanceof SstBuilder.CancelledException)) {
                    setBackgroundError(t);
                }
                exitWorker();
                return;
            }
            lock.lock();
            try {
                while (imm.get(0) != m) { // an older memtable is still being written
                    if (backgroundError != null || closing) {
                        exitWorker(); // its files stay orphans, which the next open deletes
                        return;
                    }
                    backgroundChanged.awaitUninterruptibly();
                }
                install(m, files, floor);
                m = claimOrExit();
                floor = history.floorForJob(visibleSeq);
            } catch (Throwable t) {
                setBackgroundError(t);
                exitWorker();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next frozen memtable no worker has taken, claimed; or null, the calling worker counted out. Lock held. */
    private MemTable claimOrExit() {
        if (claimed < imm.size() && backgroundError == null && !closing) {
            return imm.get(claimed++);
        }
        flushesRunning--;
        backgroundChanged.signalAll();
        return null;
    }

    private void exitWorker() {
        lock.lock();
        try {
            flushesRunning--;
            backgroundChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private List<FileMeta> writeL0(MemTable m, long floor) throws IOException {
        if (m.isEmpty()) {
            return new ArrayList<>();
        }
        SstBuilder builder = new SstBuilder(storage, schema, options, versions::newFileNumber, () -> closing);
        return builder.build(new IteratorSource(m.flushIterator()), new VersionFilter(snapshots, floor, false), 0,
                Long.MAX_VALUE, m.size());
    }

    /** Installs the oldest frozen memtable's files and drops it from {@code imm}; lock held. */
    private void install(MemTable m, List<FileMeta> files, long floor) throws IOException {
        VersionEdit edit = new VersionEdit();
        edit.historyFloor = floor;
        edit.added.addAll(files);
        edit.walFloor = imm.size() > 1 ? imm.get(1).walNumber() : mem.walNumber();
        edit.lastSequence = m.isEmpty() ? null : m.maxSeq();
        versions.logAndApply(edit);
        deleteWalBelow(versions.walFloor());
        imm.remove(0);
        claimed--;
        flushes.incrementAndGet();
        backgroundChanged.signalAll();
        maybeScheduleCompaction();
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

    void maybeScheduleCompaction() {
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
        if (TieredStorage.samePlacement(storage, c.inputs.get(0).level(), c.outputLevel)
                && c.isTrivialMove(f -> !tableCache.reader(f).mayHoldTombstones())) {
            for (FileMeta f : c.inputs) {
                edit.added.add(f.atLevel(c.outputLevel));
            }
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
        commits.rotateNow();
        lock.lock();
        try {
            awaitImmutablesFlushed();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every frozen memtable is flushed (or the table fails or closes); lock held. */
    void awaitImmutablesFlushed() {
        while (!imm.isEmpty()) {
            checkWritable();
            scheduleFlush();
            backgroundChanged.awaitUninterruptibly();
        }
        checkWritable();
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

    /** Time travel and named snapshots. */
    public TimeTravel timeTravel() {
        return timeTravel;
    }

    /** The data files of the current version, by level. */
    public List<FileMeta> liveFiles() {
        return versions.current().allFiles();
    }

    /** Reads every data file of the current version and checks it (see {@link Verifier}). */
    public org.tonbo4j.VerifyReport verify() {
        checkOpen();
        Version v = versions.acquire();
        try {
            return Verifier.verify(v, tableCache);
        } finally {
            versions.release(v);
        }
    }

    /** The newest committed sequence number. */
    public long lastSequence() {
        return visibleSeq;
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
    ReadView latestView() {
        List<MemTable> mems = new ArrayList<>(imm.size() + 1);
        mems.add(mem);
        for (int i = imm.size() - 1; i >= 0; i--) {
            mems.add(imm.get(i));
        }
        return new ReadView(mems, versions.acquire(), visibleSeq);
    }

    /** Pins a view its caller holds once more (see {@link ReadHandle#share}). */
    void retain(ReadView view) {
        versions.retain(view.version);
        snapshots.acquire(view.seq);
    }

    void release(ReadView view) {
        snapshots.release(view.seq);
        versions.release(view.version);
    }

    /** The newest version of a key visible in the view, tombstones included, or null. */
    Entry get(ReadView view, byte[] key, Object[] keyValues, boolean[] columns) {
        try {
            return ViewReader.get(view, readers, key, keyValues, columns);
        } catch (IOException e) {
            throw new TonboException("read failed in " + storage.describe() + ": " + e, e);
        }
    }

    /** A merged source of every version in [lo, hi) the view holds. */
    EntrySource source(ReadView view, byte[] lo, byte[] hi, boolean reverse, boolean[] columns) {
        return ViewReader.source(view, readers, lo, hi, reverse, columns);
    }

    /** As {@link #source(ReadView, byte[], byte[], boolean, boolean[])}, skipping what {@code filter} excludes. */
    EntrySource source(ReadView view, byte[] lo, byte[] hi, boolean reverse, boolean[] columns,
                       org.tonbo4j.internal.read.RowFilter filter) {
        return ViewReader.source(view, readers, lo, hi, reverse, columns, filter);
    }

    // ---------------------------------------------------------------- state

    void checkOpen() {
        if (closed || closing) {
            throw new TableClosedException("table " + storage.describe() + " is closed");
        }
    }

    void checkWritable() {
        checkOpen();
        Throwable t = backgroundError;
        if (t != null) {
            throw new TonboException("table " + storage.describe()
                    + " no longer accepts writes after a background failure (reopen it to recover): " + t, t);
        }
    }

    TonboException failure(String what, Throwable t) {
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
                    compactions.get(), commits.stallNanos(), blockCache.hits(), blockCache.misses(), blockCache.usedBytes(),
                    storage.counters());
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
        boolean flush;
        try {
            if (closed) {
                return;
            }
            flush = options.flushOnClose() && !closing && backgroundError == null;
        } finally {
            lock.unlock();
        }
        if (flush) {
            try {
                flush();
            } catch (RuntimeException e) {
                // The rows stay in the WAL, which the next open replays; the close goes on.
            }
        }
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
        if (timer != null) {
            // Not shutdownNow: an interrupt would abort a sync in progress.
            timer.shutdown();
        }
        if (idleTimer != null) {
            idleTimer.shutdown();
        }
        flushExecutor.shutdown();
        compactionExecutor.shutdown();
        try {
            flushExecutor.awaitTermination(1, TimeUnit.HOURS);
            compactionExecutor.awaitTermination(1, TimeUnit.HOURS);
            if (timer != null) {
                timer.awaitTermination(1, TimeUnit.MINUTES);
            }
            if (idleTimer != null) {
                idleTimer.awaitTermination(1, TimeUnit.MINUTES);
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
