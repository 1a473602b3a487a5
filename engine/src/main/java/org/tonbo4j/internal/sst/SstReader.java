package org.tonbo4j.internal.sst;

import java.io.IOException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.storage.Storage;

/**
 * Reads one SST file. Opening reads and checks the footer (format version, schema); the
 * footer, per-row-group key ranges and bloom filters stay in memory while it is open.
 * Thread-safe: many threads may read row groups and get keys at once.
 */
public final class SstReader implements AutoCloseable {

    /**
     * Opens a file. Throws {@link org.tonbo4j.CorruptionException} (naming the file) if it is not a
     * valid SST of this format version, and {@link org.tonbo4j.SchemaMismatchException} if its
     * schema differs from {@code schema}.
     *
     * @param cache shared cache of decoded column data (may be {@link BlockCache#disabled()})
     */
    public static SstReader open(Storage storage, String fileName, Schema schema, BlockCache cache) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    public String fileName() {
        throw new UnsupportedOperationException("TODO");
    }

    public long rowCount() {
        throw new UnsupportedOperationException("TODO");
    }

    public int rowGroupCount() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Smallest encoded key of a row group. */
    public byte[] rowGroupMinKey(int rowGroup) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Largest encoded key of a row group. */
    public byte[] rowGroupMaxKey(int rowGroup) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Decodes a row group. Key columns and system columns are always decoded; other user
     * columns only where {@code columns[c]} is true (null means all).
     */
    public RowGroupData readRowGroup(int rowGroup, boolean[] columns) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The newest version of {@code key} with sequence at most {@code maxSeq} (a tombstone
     * included), or null if the file has none. Uses key ranges, bloom filters and page indexes
     * to read as little as possible. {@code columns} as in {@link #readRowGroup}.
     */
    public Entry get(byte[] key, Object[] keyValues, long maxSeq, boolean[] columns) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
