package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
        if (!objectsOf(k).isEmpty()) {
            throw new FileAlreadyExistsException(where(name));
        }
        S3WritableFile.Fence fence = name.startsWith(MANIFEST_PREFIX) ? this::checkNotFenced : () -> { };
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
        return new S3ReadableFile(store, where(name), parts, config.readBlockBytes(), memory, disk, counters);
    }

    public boolean exists(String name) throws IOException {
        String k = key(name);
        return store.head(k).isPresent() || !objectsOf(k).isEmpty();
    }

    public List<String> list(String namePrefix) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectStore.Info o : store.list(prefix + namePrefix)) {
            String fileKey = ObjectNames.fileKey(o.key());
            if (!fileKey.equals(prefix + LOCK_NAME_MARK)) {
                names.add(fileKey.substring(prefix.length()));
            }
        }
        return new ArrayList<>(names);
    }

    /** Deletes every object of a file; the file's chunk 0 goes last, so a half-deleted file still reads as a prefix. */
    public void delete(String name) throws IOException {
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

    /**
     * Creates the lock object with {@code If-None-Match: *}; a {@link TableLockedException}
     * naming its holder if it exists. The handle deletes it.
     */
    public AutoCloseable lock(String name) throws IOException {
        String k = key(name);
        String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + java.time.Instant.now();
        byte[] body = holder.getBytes(StandardCharsets.UTF_8);
        try {
            store.put(k, body, 0, body.length, ObjectStore.Condition.IF_ABSENT);
        } catch (FileAlreadyExistsException e) {
            String other = store.getAll(k).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("unknown");
            throw new TableLockedException("table " + config.location() + " is open for writing by " + other
                    + " (lock object " + where(name) + "; if that process is gone, delete it or use S3Storage.breakLock)");
        }
        return () -> store.delete(k);
    }

    /** Deletes the lock object, whoever holds it. */
    public void breakLock(String name) throws IOException {
        store.delete(key(name));
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    public Optional<byte[]> readObject(String name) throws IOException {
        return store.getAll(key(name));
    }

    @Override
    public void close() {
        store.close();
    }
}
