package org.tonbo4j.internal.sst;

import java.io.IOException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.storage.Storage;

/**
 * Writes one SST: a Parquet file holding the user columns plus the system columns
 * {@code _tonbo_seq} and {@code _tonbo_tombstone}, rows sorted by key ascending then sequence
 * descending. Not thread-safe. See docs/format/sst.md.
 */
public final class SstWriter implements AutoCloseable {

    public SstWriter(Storage storage, String fileName, Schema schema, SstWriterOptions options) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Appends a row version; keys ascending, equal keys by sequence descending (else IllegalStateException). */
    public void add(Entry e) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Rows added so far. */
    public long rowCount() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Approximate size the file would have if finished now (for rolling output files). */
    public long estimatedBytes() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Writes the footer, syncs and closes the file; returns what the manifest records. */
    public SstMeta finish() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Abandons the file: closes and deletes it. Safe to call after a failure; idempotent. */
    public void abort() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Same as {@link #abort()} unless {@link #finish()} succeeded. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
