package org.tonbo4j.storage;

import java.io.IOException;

/** A file open for positional reads. Thread-safe: concurrent reads at different positions are allowed. */
public interface ReadableFile extends AutoCloseable {

    /** The file's length in bytes. */
    long length() throws IOException;

    /**
     * Reads exactly {@code len} bytes at {@code position} into {@code buf}; throws
     * {@link java.io.EOFException} if the file ends first.
     */
    void readFully(long position, byte[] buf, int off, int len) throws IOException;

    /**
     * Whether reads of this file are remote requests (an object store) rather than local I/O.
     * The engine then prefers many small reads to a few large ones: a point lookup reads the
     * pages that may hold its key instead of decoding whole row groups into its cache. The
     * default is false.
     */
    default boolean isRemote() {
        return false;
    }

    @Override
    void close() throws IOException;
}
