package org.tonbo4j.storage;

import java.io.IOException;

/** A new file being written front to back. Not thread-safe: one writer at a time. */
public interface WritableFile extends AutoCloseable {

    /** Appends bytes. */
    void write(byte[] buf, int off, int len) throws IOException;

    /** Bytes written so far. */
    long position();

    /** Makes everything written so far durable (and the file's existence). */
    void sync() throws IOException;

    /** Finishes the file. Does not imply {@link #sync()}. */
    @Override
    void close() throws IOException;
}
