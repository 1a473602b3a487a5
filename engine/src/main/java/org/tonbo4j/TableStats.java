package org.tonbo4j;

import java.util.List;

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
 */
public record TableStats(long lastSequence, long memtableBytes, int immutableMemtables, List<Level> levels,
                         long flushes, long compactions, long stallNanos, long cacheHits, long cacheMisses,
                         long cacheUsedBytes) {

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
