package org.tonbo4j.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link S3Storage} has cost so far: requests by kind, bytes moved, retries and cache
 * use. The request counts are the figures a cloud bill is made of. Immutable snapshot.
 *
 * @param gets ranged and whole GET requests sent (first attempts)
 * @param getBytes bytes received by GETs
 * @param puts PUT requests, multipart part uploads and completions
 * @param putBytes bytes sent by PUTs and parts
 * @param lists LIST requests (pages)
 * @param heads HEAD requests
 * @param deletes DELETE requests
 * @param retries attempts beyond the first, over all kinds
 * @param memoryCacheHits block reads served by the in-memory cache
 * @param diskCacheHits block reads served by the local disk cache
 * @param cacheMisses block reads that went to S3
 */
public record S3Stats(long gets, long getBytes, long puts, long putBytes, long lists, long heads, long deletes,
                      long retries, long memoryCacheHits, long diskCacheHits, long cacheMisses) {

    /** All requests sent, retries excluded. */
    public long requests() {
        return gets + puts + lists + heads + deletes;
    }

    /** The difference {@code this - earlier}, for the cost of one operation. */
    public S3Stats minus(S3Stats earlier) {
        return new S3Stats(gets - earlier.gets, getBytes - earlier.getBytes, puts - earlier.puts,
                putBytes - earlier.putBytes, lists - earlier.lists, heads - earlier.heads, deletes - earlier.deletes,
                retries - earlier.retries, memoryCacheHits - earlier.memoryCacheHits,
                diskCacheHits - earlier.diskCacheHits, cacheMisses - earlier.cacheMisses);
    }

    /** The counters by name, in a stable order, for generic stats displays. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("s3.get", gets);
        m.put("s3.get.bytes", getBytes);
        m.put("s3.put", puts);
        m.put("s3.put.bytes", putBytes);
        m.put("s3.list", lists);
        m.put("s3.head", heads);
        m.put("s3.delete", deletes);
        m.put("s3.retries", retries);
        m.put("s3.cache.memory.hits", memoryCacheHits);
        m.put("s3.cache.disk.hits", diskCacheHits);
        m.put("s3.cache.misses", cacheMisses);
        return m;
    }
}
