package org.tonbo4j.internal.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import org.tonbo4j.Schema;
import org.tonbo4j.TonboException;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.sst.BlockCache;
import org.tonbo4j.internal.sst.SstReader;
import org.tonbo4j.storage.Storage;

/**
 * Open SST readers by file number, opened on first use and kept until the file is deleted or
 * the table closes. Thread-safe.
 */
final class TableCache implements AutoCloseable {
    private final Storage storage;
    private final Schema schema;
    private final BlockCache blockCache;
    private final ConcurrentHashMap<Long, SstReader> readers = new ConcurrentHashMap<>();

    TableCache(Storage storage, Schema schema, BlockCache blockCache) {
        this.storage = storage;
        this.schema = schema;
        this.blockCache = blockCache;
    }

    SstReader reader(FileMeta f) {
        try {
            return readers.computeIfAbsent(f.number(), n -> {
                try {
                    return SstReader.open(storage, FileNames.sst(n), schema, blockCache);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new TonboException("cannot open SST " + FileNames.sst(f.number()) + " in " + storage.describe() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Closes and forgets a file's reader and its cached data. */
    void evict(long number) {
        SstReader r = readers.remove(number);
        if (r != null) {
            try {
                r.close();
            } catch (IOException ignored) {
                // The file is going away; a failed close loses nothing.
            }
        }
        blockCache.evictFile(FileNames.sst(number));
    }

    @Override
    public void close() {
        for (Long n : readers.keySet()) {
            evict(n);
        }
    }
}
