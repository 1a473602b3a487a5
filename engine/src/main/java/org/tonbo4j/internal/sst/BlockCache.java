package org.tonbo4j.internal.sst;

/**
 * A bounded, thread-safe cache of decoded SST data shared by all readers of a table, evicting
 * least recently used entries beyond its byte budget. Counts hits and misses.
 */
public final class BlockCache {

    public BlockCache(long capacityBytes) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A cache that holds nothing. */
    public static BlockCache disabled() {
        return new BlockCache(0);
    }

    public long hits() {
        throw new UnsupportedOperationException("TODO");
    }

    public long misses() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Drops every entry of a file (called when the file is deleted). */
    public void evictFile(String fileName) {
        throw new UnsupportedOperationException("TODO");
    }
}
