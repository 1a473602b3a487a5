package org.tonbo4j.internal.wal;

import java.io.IOException;
import java.util.List;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.internal.log.LogWriter;
import org.tonbo4j.storage.Storage;

/**
 * Appends commit batches to one WAL segment. Each batch is one CRC32C-framed record, so a batch
 * is recovered whole or not at all. Not thread-safe: the table's commit leader is the only
 * caller. See docs/format/wal.md.
 */
public final class WalWriter implements AutoCloseable {
    /** A buffer grown past this by a huge batch is dropped after use rather than kept. */
    private static final int KEEP_BUFFER_BYTES = 8 << 20;
    /**
     * A batch of encoded rows larger than this is written in chunks, never built in one buffer:
     * allocating and touching a fresh buffer of a bulk load's size cost more than encoding it.
     */
    private static final long STREAM_PAYLOAD_BYTES = 2 << 20;

    private final LogWriter log;
    private final BatchCodec codec;
    private ByteWriter buf = new ByteWriter(64 << 10);

    /** Creates the segment file and writes its header (synced). */
    public WalWriter(Storage storage, String fileName, Schema schema) throws IOException {
        this.codec = new BatchCodec(schema);
        this.log = new LogWriter(storage, fileName, LogFormat.WAL_MAGIC);
    }

    /**
     * Appends one batch as one record (not synced). Entries have consecutive sequence numbers
     * starting at the first one's; tombstones carry only key columns.
     *
     * @throws IllegalArgumentException if the batch is empty, its sequence numbers are not
     *         consecutive, or a value does not fit its column; nothing is written then
     */
    public void append(List<Entry> batch) throws IOException {
        buf.reset(LogFormat.FRAME_SIZE);
        codec.encode(batch, buf);
        log.write(LogFormat.TYPE_WAL_BATCH, buf);
        if (buf.array().length > KEEP_BUFFER_BYTES) {
            buf = new ByteWriter(64 << 10);
        }
    }

    /**
     * Appends one batch of already encoded mutations as one record (not synced); entry i gets
     * sequence number {@code firstSeq + i}.
     */
    public void append(long firstSeq, MutationBatch batch) throws IOException {
        long length = BatchCodec.payloadLength(batch);
        if (length > STREAM_PAYLOAD_BYTES && length <= LogFormat.MAX_PAYLOAD) {
            log.writeStreamed(LogFormat.TYPE_WAL_BATCH, BatchCodec.payload(firstSeq, batch, (int) length));
            return;
        }
        buf.reset(LogFormat.FRAME_SIZE);
        codec.encode(firstSeq, batch, buf);
        log.write(LogFormat.TYPE_WAL_BATCH, buf);
        if (buf.array().length > KEEP_BUFFER_BYTES) {
            buf = new ByteWriter(64 << 10);
        }
    }

    /** Makes everything appended durable. */
    public void sync() throws IOException {
        log.sync();
    }

    /** Bytes written to the segment so far. */
    public long size() {
        return log.size();
    }

    /** Closes the segment without syncing. */
    @Override
    public void close() throws IOException {
        log.close();
    }
}
