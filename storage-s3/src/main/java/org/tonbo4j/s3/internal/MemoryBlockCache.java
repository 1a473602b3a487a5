package org.tonbo4j.s3.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded in-memory cache of fetched blocks of S3 objects, least recently used first out.
 * Keys name an object version (key and etag) and a block index, so a re-created object never
 * serves stale bytes. A bound of 0 disables it. Thread-safe (one lock; entries are large).
 */
final class MemoryBlockCache {
    private final long capacity;
    private final LinkedHashMap<String, byte[]> blocks = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    MemoryBlockCache(long capacity) {
        this.capacity = capacity;
    }

    synchronized byte[] get(String id) {
        return capacity == 0 ? null : blocks.get(id);
    }

    synchronized void put(String id, byte[] block) {
        if (capacity == 0 || block.length > capacity / 4) {
            return;
        }
        byte[] old = blocks.put(id, block);
        bytes += block.length - (old == null ? 0 : old.length);
        var it = blocks.entrySet().iterator();
        while (bytes > capacity && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            bytes -= e.getValue().length;
            it.remove();
        }
    }

    /** Forgets every block of one object (on delete). */
    synchronized void evictObject(String objectKey) {
        String prefix = objectKey + "@";
        var it = blocks.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                bytes -= e.getValue().length;
                it.remove();
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }
}
