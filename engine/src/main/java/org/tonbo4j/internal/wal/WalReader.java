package org.tonbo4j.internal.wal;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.tonbo4j.Schema;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.internal.Entry;

/** Replays WAL segments during recovery. Stateless. */
public final class WalReader {
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
        throw new UnsupportedOperationException("TODO");
    }
}
