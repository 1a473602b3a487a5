package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tonbo4j.TableLockedException;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.WritableFile;

/**
 * The storage operations on S3 objects under a key prefix (the engine of
 * {@link org.tonbo4j.s3.S3Storage}); see {@link ObjectNames} for the layout.
 *
 * <p>{@link #publish} writes generation {@code g + 1} of a file with {@code If-None-Match: *},
 * where {@code g} is the newest generation this process has seen: if another writer published
 * meanwhile, the put fails and the publish throws instead of overwriting (single writer,
 * enforced by the server). Old generations are deleted after a successful publish. Thread-safe.
 */
public final class ObjectFiles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ObjectFiles.class.getName());

    private final S3Config config;
    private final ObjectStore store;
    private final String prefix;
    private final Counters counters;
    private final MemoryBlockCache memory;
    private final DiskBlockCache disk;
    /** Files deleted for this storage whose objects are deleted after the grace period. */
    private final ConcurrentHashMap<String, Boolean> pendingDeletes = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;
    private java.util.concurrent.ExecutorService readahead;
    /** Newest generation seen per published file. */
    private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();

    public ObjectFiles(S3Config config, Counters counters) throws IOException {
        this.config = config;
        this.counters = counters;
        this.store = new ObjectStore(Clients.create(config, counters), config.bucket(), counters, config.maxAttempts());
        this.prefix = config.prefix();
        this.memory = new MemoryBlockCache(config.memoryCacheBytes());
        this.disk = config.diskCacheDir().isPresent()
                ? new DiskBlockCache(config.diskCacheDir().get(), config.diskCacheBytes()) : null;
    }

    private String key(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf(ObjectNames.MARK) >= 0 || name.contains("//")) {
            throw new IllegalArgumentException("bad storage file name: '" + name + "'");
        }
        return prefix + name;
    }

    private String where(String name) {
        return config.location() + name;
    }

    public WritableFile create(String name) throws IOException {
        String k = key(name);
        if (pendingDeletes.remove(name) != null) {
            deleteNow(name);
        }
        if (!objectsOf(k).isEmpty()) {
            throw new FileAlreadyExistsException(where(name));
        }
        S3WritableFile.Fence fence = name.startsWith(MANIFEST_PREFIX) ? () -> {
            checkLease();
            checkNotFenced();
        } : this::checkLease;
        return new S3WritableFile(store, k, config.partBytes(), fence);
    }

    /** The objects of one file (its chunks and generations). */
    private List<ObjectStore.Info> objectsOf(String k) throws IOException {
        List<ObjectStore.Info> out = new ArrayList<>();
        for (ObjectStore.Info o : store.list(k)) {
            if (ObjectNames.fileKey(o.key()).equals(k)) {
                out.add(o);
            }
        }
        return out;
    }

    public ReadableFile open(String name) throws IOException {
        String k = key(name);
        if (pendingDeletes.containsKey(name)) {
            throw new NoSuchFileException(where(name));
        }
        List<ObjectStore.Info> objects = objectsOf(k);
        ObjectStore.Info newest = null;
        long newestGen = -1;
        List<S3ReadableFile.Part> parts = new ArrayList<>();
        long pos = 0;
        int expected = 0;
        for (ObjectStore.Info o : objects) {
            long g = ObjectNames.generationOf(k, o.key());
            if (g >= 0) {
                if (g > newestGen) {
                    newestGen = g;
                    newest = o;
                }
                continue;
            }
            int c = ObjectNames.chunkIndex(k, o.key());
            if (c != expected) {
                // A gap: a chunk whose upload failed or was cut off ends the file there.
                continue;
            }
            parts.add(new S3ReadableFile.Part(o.key(), o.etag(), pos, o.size()));
            pos += o.size();
            expected++;
        }
        if (newest != null) {
            generations.merge(k, newestGen, Math::max);
            parts = List.of(new S3ReadableFile.Part(newest.key(), newest.etag(), 0, newest.size()));
        }
        if (parts.isEmpty()) {
            throw new NoSuchFileException(where(name));
        }
        return new S3ReadableFile(store, where(name), parts, config.readBlockBytes(), memory, disk, counters, readaheadPool());
    }

    public boolean exists(String name) throws IOException {
        String k = key(name);
        if (pendingDeletes.containsKey(name)) {
            return false;
        }
        return store.head(k).isPresent() || !objectsOf(k).isEmpty();
    }

    public List<String> list(String namePrefix) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectStore.Info o : store.list(prefix + namePrefix)) {
            String fileKey = ObjectNames.fileKey(o.key());
            String name = fileKey.substring(prefix.length());
            if (!fileKey.equals(prefix + LOCK_NAME_MARK) && !pendingDeletes.containsKey(name)) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * Deletes a file: at once for this storage, and its objects after {@link S3Config#deleteDelay()}
     * (the grace period of lagging readers in other processes).
     */
    public void delete(String name) throws IOException {
        key(name);
        long delayMs = config.deleteDelay().toMillis();
        if (delayMs == 0) {
            deleteNow(name);
            return;
        }
        if (pendingDeletes.putIfAbsent(name, Boolean.TRUE) == null) {
            sweeper().schedule(() -> {
                if (pendingDeletes.remove(name) != null) {
                    try {
                        deleteNow(name);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "could not delete " + where(name) + "; the next writer's open removes it", e);
                    }
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Threads of the chunk readahead, started on first use. */
    private synchronized java.util.concurrent.ExecutorService readaheadPool() {
        if (readahead == null) {
            java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(ChunkReadahead.AHEAD,
                    ChunkReadahead.AHEAD, 10, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "tonbo-s3-readahead");
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            readahead = pool;
        }
        return readahead;
    }

    private synchronized ScheduledExecutorService sweeper() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tonbo-s3-delayed-delete");
                t.setDaemon(true);
                return t;
            });
        }
        return sweeper;
    }

    /** Deletes every object of a file; the file's chunk 0 goes last, so a half-deleted file still reads as a prefix. */
    private void deleteNow(String name) throws IOException {
        String k = key(name);
        List<ObjectStore.Info> objects = objectsOf(k);
        for (int i = objects.size() - 1; i >= 0; i--) {
            String ok = objects.get(i).key();
            if (!ok.equals(k)) {
                store.delete(ok);
                memory.evictObject(ok);
            }
        }
        for (ObjectStore.Info o : objects) {
            if (o.key().equals(k)) {
                store.delete(k);
                memory.evictObject(k);
            }
        }
        generations.remove(k);
    }

    public void publish(String name, byte[] content) throws IOException {
        String k = key(name);
        Long seen = generations.get(k);
        if (seen == null) {
            seen = -1L;
            for (ObjectStore.Info o : objectsOf(k)) {
                seen = Math.max(seen, ObjectNames.generationOf(k, o.key()));
            }
        }
        long next = seen + 1;
        try {
            store.put(ObjectNames.generation(k, next), content, 0, content.length, ObjectStore.Condition.IF_ABSENT);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot publish " + where(name) + ": generation " + next
                    + " was published by another writer; this writer's view of the table is stale and it must stop", e);
        }
        generations.put(k, next);
        for (long g = next - 2; g >= Math.max(0, next - 4); g--) {
            try {
                store.delete(ObjectNames.generation(k, g));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not delete an old generation of " + where(name), e);
                break;
            }
        }
    }

    /**
     * Manifest files (docs/format/layout.md): every append to one is a metadata commit, so it
     * first checks that no other writer has published since this one last did.
     */
    private static final String MANIFEST_PREFIX = "MANIFEST-";

    /**
     * Throws if another writer published a newer generation of a file this storage published
     * or read: this writer's view of the table is stale (it lost its lock) and must not commit.
     */
    private void checkNotFenced() throws IOException {
        for (var e : generations.entrySet()) {
            long newest = -1;
            for (ObjectStore.Info o : objectsOf(e.getKey())) {
                newest = Math.max(newest, ObjectNames.generationOf(e.getKey(), o.key()));
            }
            if (newest != e.getValue()) {
                throw new IOException("another writer published " + config.location() + e.getKey().substring(prefix.length())
                        + " (generation " + newest + ", this writer last saw " + e.getValue()
                        + "): this writer's view of the table is stale and it must stop");
            }
        }
    }

    /** The lock object's name; {@link #list} hides it. */
    private static final String LOCK_NAME_MARK = "LOCK";

    /** The lease of the write lock this storage holds, or null. */
    private volatile LockLease lease;

    /**
     * Takes the table's leased write lock (see {@link LockLease}); a {@link TableLockedException}
     * naming its holder if a live writer has it. The handle releases it.
     */
    public AutoCloseable lock(String name) throws IOException {
        LockLease l = LockLease.take(store, key(name), config.location(), config.lockLease());
        lease = l;
        return () -> {
            lease = null;
            l.close();
        };
    }

    /** Ends the lock's lease, whoever holds it. */
    public void breakLock(String name) throws IOException {
        LockLease.breakLock(store, key(name), config.lockLease());
    }

    /** Refuses uploads once this storage's writer lost its lock. */
    private void checkLease() throws IOException {
        LockLease l = lease;
        if (l != null) {
            l.check();
        }
    }

    public Optional<byte[]> readObject(String name) throws IOException {
        return store.getAll(key(name));
    }

    /** Deletions waiting for their grace period. */
    public int pendingDeletes() {
        return pendingDeletes.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            if (readahead != null) {
                readahead.shutdownNow();
            }
        }
        LockLease l = lease;
        if (l != null) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not release the write lock of " + config.location(), e);
            }
        }
        store.close();
    }
}
