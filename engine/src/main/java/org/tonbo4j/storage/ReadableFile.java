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

    @Override
    void close() throws IOException;
}
