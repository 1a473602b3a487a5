package org.tonbo4j.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * A storage that never changes the one below it: reads fall through to the base, while every
 * change (new files, deletions, publications, the lock) stays in a private in-memory layer.
 * Opening a table on it lets a reader in another process run the normal recovery — which
 * writes a new manifest and sweeps what it thinks are orphans — without touching the
 * writer's files and without taking the writer's lock. Thread-safe.
 */
public final class OverlayStorage implements Storage {
    private final Storage base;
    private final MemoryStorage overlay = new MemoryStorage();
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();

    public OverlayStorage(Storage base) {
        this.base = base;
    }

    @Override
    public WritableFile create(String name) throws IOException {
        WritableFile f = overlay.create(name);
        hidden.remove(name);
        return f;
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        if (overlay.exists(name)) {
            return overlay.open(name);
        }
        if (hidden.contains(name)) {
            throw new NoSuchFileException(name);
        }
        return base.open(name);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return overlay.exists(name) || (!hidden.contains(name) && base.exists(name));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        TreeSet<String> names = new TreeSet<>(base.list(prefix));
        names.removeAll(hidden);
        names.addAll(overlay.list(prefix));
        return List.copyOf(names);
    }

    @Override
    public void delete(String name) {
        overlay.delete(name);
        hidden.add(name);
    }

    @Override
    public void publish(String name, byte[] content) {
        overlay.publish(name, content);
        hidden.remove(name);
    }

    @Override
    public AutoCloseable lock(String name) {
        return overlay.lock(name);
    }

    @Override
    public java.util.Map<String, Long> counters() {
        return base.counters();
    }

    @Override
    public String describe() {
        return base.describe() + " (read-only)";
    }

    /** Drops the private layer; the base belongs to the caller and stays open. */
    @Override
    public void close() {
        overlay.close();
    }
}
