package org.tonbo4j.internal.wal;

import java.io.IOException;
import java.util.List;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.storage.Storage;

/**
 * Appends commit batches to one WAL segment. Each batch is one CRC32C-framed record, so a batch
 * is recovered whole or not at all. Not thread-safe: the table's commit leader is the only
 * caller. See docs/format/wal.md.
 */
public final class WalWriter implements AutoCloseable {

    /** Creates the segment file and writes its header (not synced). */
    public WalWriter(Storage storage, String fileName, Schema schema) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Appends one batch as one record (not synced). Entries have consecutive sequence numbers
     * starting at the first one's; tombstones carry only key columns.
     */
    public void append(List<Entry> batch) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Makes everything appended durable. */
    public void sync() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Bytes written to the segment so far. */
    public long size() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Closes the segment without syncing. */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
