package org.tonbo4j.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.tonbo4j.TableLockedException;

/**
 * {@link Storage} in memory: files are byte arrays that live as long as this object. Useful for
 * tests and for tables that need not outlive the process. Thread-safe.
 */
public class MemoryStorage implements Storage {
    private final ConcurrentSkipListMap<String, MemFile> files = new ConcurrentSkipListMap<>();
    private final java.util.Set<String> locks = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A file's bytes; {@code synced} is how many of them a sync has made durable. */
    protected static final class MemFile {
        byte[] data = new byte[64];
        int length;
        int synced;

        synchronized void append(byte[] b, int off, int len) {
            if (length + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, length + len));
            }
            System.arraycopy(b, off, data, length, len);
            length += len;
        }

        synchronized byte[] snapshot() {
            return Arrays.copyOf(data, length);
        }

        synchronized int syncedLength() {
            return synced;
        }

        synchronized void sync() {
            synced = length;
        }

        synchronized void read(long pos, byte[] buf, int off, int len) throws EOFException {
            if (pos < 0 || pos + len > length) {
                throw new EOFException("end of file: reading " + len + " bytes at " + pos + " of " + length);
            }
            System.arraycopy(data, (int) pos, buf, off, len);
        }

        synchronized int length() {
            return length;
        }
    }

    /** A consistent copy of a file's bytes and how many of them are synced. */
    protected record FileState(byte[] data, int synced) {
    }

    /** The state of a file, for subclasses that simulate crashes. */
    protected static FileState state(MemFile f) {
        synchronized (f) {
            return new FileState(f.snapshot(), f.syncedLength());
        }
    }

    /** The files and their contents; for subclasses that simulate crashes. */
    protected final ConcurrentSkipListMap<String, MemFile> files() {
        return files;
    }

    /** Installs a file with the given content, fully synced; for subclasses. */
    protected final void put(String name, byte[] content) {
        MemFile f = new MemFile();
        f.append(content, 0, content.length);
        f.sync();
        files.put(name, f);
    }

    @Override
    public WritableFile create(String name) throws IOException {
        MemFile f = new MemFile();
        if (files.putIfAbsent(name, f) != null) {
            throw new FileAlreadyExistsException(name);
        }
        return new WritableFile() {
            private boolean closed;

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException(name + " is closed");
                }
                f.append(buf, off, len);
            }

            @Override
            public long position() {
                return f.length();
            }

            @Override
            public void sync() {
                f.sync();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        MemFile f = files.get(name);
        if (f == null) {
            throw new NoSuchFileException(name);
        }
        return new ReadableFile() {
            @Override
            public long length() {
                return f.length();
            }

            @Override
            public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                f.read(position, buf, off, len);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean exists(String name) {
        return files.containsKey(name);
    }

    @Override
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : files.tailMap(prefix, true).keySet()) {
            if (!k.startsWith(prefix)) {
                break;
            }
            out.add(k);
        }
        return out;
    }

    @Override
    public void delete(String name) {
        files.remove(name);
    }

    @Override
    public void publish(String name, byte[] content) {
        put(name, content.clone());
    }

    @Override
    public AutoCloseable lock(String name) {
        if (!locks.add(name)) {
            throw new TableLockedException("memory table is already open for writing (lock " + name + ")");
        }
        return () -> locks.remove(name);
    }

    @Override
    public String describe() {
        return "memory@" + Integer.toHexString(System.identityHashCode(this));
    }

    /** Total bytes held. */
    public long totalBytes() {
        long n = 0;
        for (MemFile f : files.values()) {
            n += f.length();
        }
        return n;
    }

    @Override
    public void close() {
    }
}
