package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.tonbo4j.Options;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.read.EntrySource;
import org.tonbo4j.internal.sst.SstMeta;
import org.tonbo4j.internal.sst.SstWriter;
import org.tonbo4j.internal.sst.SstWriterOptions;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;

/**
 * Writes an ascending stream of versions into SST files of one level, keeping what the
 * {@link VersionFilter} keeps and starting a new file past the size limit, always at a key
 * boundary (all versions of a key stay in one file). On failure, every file it started is
 * deleted. Not thread-safe.
 */
final class SstBuilder {
    private final Storage storage;
    private final Schema schema;
    private final Options options;
    private final LongSupplier fileNumbers;
    private final BooleanSupplier cancelled;

    SstBuilder(Storage storage, Schema schema, Options options, LongSupplier fileNumbers, BooleanSupplier cancelled) {
        this.storage = storage;
        this.schema = schema;
        this.options = options;
        this.fileNumbers = fileNumbers;
        this.cancelled = cancelled;
    }

    /**
     * Builds the files; returns their metadata in key order (possibly none).
     *
     * @param maxFileBytes roll to a new file past this estimated size
     * @param expectedRows a guess of the row count, to size bloom filters
     */
    List<FileMeta> build(EntrySource source, VersionFilter filter, int level, long maxFileBytes, long expectedRows)
            throws IOException {
        // A tiered table puts each level's files where that level lives.
        Storage target = TieredStorage.forLevel(storage, level);
        List<FileMeta> done = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        SstWriter writer = null;
        long number = -1;
        List<Entry> versions = new ArrayList<>();
        long keys = 0;
        boolean ok = false;
        try {
            while (source.peek() != null) {
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                versions.clear();
                byte[] key = source.peek().key;
                for (Entry e = source.peek(); e != null && KeyCodec.compare(e.key, key) == 0; e = source.peek()) {
                    versions.add(e);
                    source.next();
                }
                List<Entry> kept = filter.filter(versions);
                if (kept.isEmpty()) {
                    continue;
                }
                // Asking Parquet for its buffered size walks every column: do it every 256 keys.
                if (writer != null && maxFileBytes != Long.MAX_VALUE && (++keys & 0xFF) == 0
                        && writer.estimatedBytes() >= maxFileBytes) {
                    done.add(finish(writer, number, level));
                    writer = null;
                }
                if (writer == null) {
                    number = fileNumbers.getAsLong();
                    started.add(number);
                    writer = new SstWriter(target, FileNames.sst(number), schema, SstWriterOptions.from(options, expectedRows));
                }
                for (Entry e : kept) {
                    writer.add(e);
                }
            }
            if (writer != null) {
                done.add(finish(writer, number, level));
                writer = null;
            }
            ok = true;
            return done;
        } finally {
            if (!ok) {
                if (writer != null) {
                    writer.abort();
                }
                for (long n : started) {
                    try {
                        target.delete(FileNames.sst(n));
                    } catch (IOException ignored) {
                        // An orphan is swept at the next open.
                    }
                }
            }
        }
    }

    private static FileMeta finish(SstWriter writer, long number, int level) throws IOException {
        SstMeta m = writer.finish();
        return new FileMeta(number, level, m.fileBytes(), m.rowCount(), m.minKey(), m.maxKey(), m.minSeq(), m.maxSeq());
    }

    /** Thrown inside a build when the table is closing. */
    static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("cancelled: the table is closing", null, false, false);
        }
    }
}
