package org.tonbo4j.storage;

import java.io.IOException;
import java.util.List;

/**
 * Where a table's files live: memory, a local directory, or (later) an object store.
 *
 * <p>Names are relative paths with {@code /} separators, such as {@code wal/000007.log}.
 * The contract is deliberately small so that object stores can implement it:
 * <ul>
 *   <li>files are written once, front to back, through {@link #create}; there is no in-place
 *       rewrite and no reopening for append;</li>
 *   <li>{@link WritableFile#sync()} makes everything written so far durable; bytes not synced
 *       may be lost or damaged by a crash;</li>
 *   <li>reads are positional ({@link ReadableFile#readFully}), so a store can serve ranges;</li>
 *   <li>{@link #publish} atomically replaces a small file (readers see the old or the new
 *       content, never a mix); it is durable when it returns;</li>
 *   <li>{@link #lock} gives one writer at a time.</li>
 * </ul>
 * Implementations are thread-safe: different files may be used from different threads at once.
 */
public interface Storage extends AutoCloseable {

    /** Creates a new, empty file for writing; fails if it already exists. */
    WritableFile create(String name) throws IOException;

    /** Opens an existing file for positional reads; {@link java.nio.file.NoSuchFileException} if absent. */
    ReadableFile open(String name) throws IOException;

    /** Whether a file exists. */
    boolean exists(String name) throws IOException;

    /** The names of the files whose names start with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Deletes a file; does nothing if it does not exist. */
    void delete(String name) throws IOException;

    /** Atomically creates or replaces a small file with {@code content}; durable on return. */
    void publish(String name, byte[] content) throws IOException;

    /** Reads a whole (small) file. */
    default byte[] readAll(String name) throws IOException {
        try (ReadableFile f = open(name)) {
            long len = f.length();
            if (len > Integer.MAX_VALUE) {
                throw new IOException(name + " is too large to read whole: " + len + " bytes");
            }
            byte[] b = new byte[(int) len];
            f.readFully(0, b, 0, b.length);
            return b;
        }
    }

    /**
     * Takes the exclusive write lock of this storage's table, held until the returned handle is
     * closed. Throws {@link org.tonbo4j.TableLockedException} if another holder has it.
     */
    AutoCloseable lock(String name) throws IOException;

    /**
     * Counters of this storage's own work, by name, for {@link org.tonbo4j.TableStats}: for
     * an object store, requests by kind, bytes moved, retries and cache hits. The default is
     * none.
     */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }

    /** A short human-readable description for messages, e.g. the directory path. */
    String describe();

    /** Releases resources; files are kept. */
    @Override
    void close() throws IOException;
}
