package org.tonbo4j;

import java.util.List;
import java.util.Map;
import org.tonbo4j.storage.Storage;

/**
 * A point-in-time picture of a table: the LSM shape and counters since open. Immutable.
 *
 * @param lastSequence sequence number of the last committed write
 * @param memtableBytes approximate bytes in the mutable memtable
 * @param immutableMemtables frozen memtables waiting to be flushed
 * @param levels per level (index = level number), files and bytes
 * @param flushes memtable flushes completed since open
 * @param compactions compactions completed since open
 * @param stallNanos time writers spent stalled for flush or compaction since open
 * @param cacheHits data cache hits since open
 * @param cacheMisses data cache misses since open
 * @param cacheUsedBytes bytes of decoded data in the cache now
 * @param storageCounters the storage's own counters, by name (see {@link Storage#counters()}),
 *     e.g. S3 requests, bytes fetched and block-cache hits; empty for local and memory storage
 */
public record TableStats(long lastSequence, long memtableBytes, int immutableMemtables, List<Level> levels,
                         long flushes, long compactions, long stallNanos, long cacheHits, long cacheMisses,
                         long cacheUsedBytes, Map<String, Long> storageCounters) {

    public TableStats {
        storageCounters = Map.copyOf(storageCounters);
    }

    /** Stats without storage counters. */
    public TableStats(long lastSequence, long memtableBytes, int immutableMemtables, List<Level> levels,
                      long flushes, long compactions, long stallNanos, long cacheHits, long cacheMisses,
                      long cacheUsedBytes) {
        this(lastSequence, memtableBytes, immutableMemtables, levels, flushes, compactions, stallNanos, cacheHits,
                cacheMisses, cacheUsedBytes, Map.of());
    }

    /** One level of the tree. */
    public record Level(int level, int files, long bytes, long rows) {
    }

    /** Number of SST files across levels. */
    public int totalFiles() {
        return levels.stream().mapToInt(Level::files).sum();
    }

    /** Bytes of SST files across levels. */
    public long totalBytes() {
        return levels.stream().mapToLong(Level::bytes).sum();
    }
}
