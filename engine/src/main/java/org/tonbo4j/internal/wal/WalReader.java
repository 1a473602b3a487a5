package org.tonbo4j.internal.wal;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.internal.log.LogReader;
import org.tonbo4j.internal.log.MalformedRecordException;
import org.tonbo4j.storage.Storage;

/** Replays WAL segments during recovery. Stateless. */
public final class WalReader {
    private static final System.Logger LOG = System.getLogger(WalReader.class.getName());

    private WalReader() {
    }

    /**
     * Hands each batch of a segment to {@code sink}, in order, with keys encoded for
     * {@code schema}. In the newest segment ({@code lastSegment}) a damaged final record with
     * nothing valid after it is a torn write and ends the replay quietly; any other damage is a
     * {@link org.tonbo4j.CorruptionException} naming the file and offset.
     *
     * @return the number of batches replayed
     */
    public static long replay(Storage storage, String fileName, Schema schema, boolean lastSegment,
                              Consumer<List<Entry>> sink) throws IOException {
        BatchCodec codec = new BatchCodec(schema);
        long batches = 0;
        try (LogReader r = new LogReader(storage, fileName, LogFormat.WAL_MAGIC, LogFormat.TYPE_WAL_BATCH, lastSegment)) {
            while (r.next()) {
                List<Entry> batch;
                try {
                    batch = codec.decode(r.payload());
                } catch (MalformedRecordException e) {
                    throw r.corruption(e);
                }
                sink.accept(batch);
                batches++;
            }
            if (r.tornOffset() >= 0) {
                LOG.log(System.Logger.Level.WARNING, "ignored the torn tail of {0} from offset {1} (an unfinished append)",
                        fileName, r.tornOffset());
            }
        }
        return batches;
    }
}
