package org.tonbo4j.internal.sst;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, thread-safe cache of decoded SST data shared by all readers of a table, evicting
 * least recently used entries beyond its byte budget. Counts hits and misses.
 *
 * <p>Entries are keyed by (file name, row group, column), where the column is a user column
 * index or {@link #KEYS} for the decoded keys, key columns and system columns of a row group;
 * point lookups also keep decompressed pages here, keyed by (file, content id)
 * ({@link PageCachingCodecs}), and decompressed pages and decoded dictionaries keyed by (file,
 * offset) ({@link PageReads}).
 * Values are compact decoded forms ({@link KeyBlock}, {@link ColumnVector}: primitive arrays and
 * byte blobs, boxed only when a row is read), sized by the heap bytes of their arrays. A capacity of 0 caches nothing; an entry larger
 * than the whole capacity is not cached. One lock guards the map: entries are whole decoded
 * column chunks, so operations are few and short.
 */
public final class BlockCache {
    /** The column index of a row group's key block (encoded keys, key columns, seqs, tombstones). */
    static final int KEYS = -1;

    private final long capacity;
    private final LinkedHashMap<Object, Sized> map = new LinkedHashMap<>(64, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private long used;

    /** A cache of at most {@code capacityBytes} (estimated heap bytes); 0 caches nothing. */
    public BlockCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacityBytes must be at least 0, got " + capacityBytes);
        }
        this.capacity = capacityBytes;
    }

    /** A cache that holds nothing. */
    public static BlockCache disabled() {
        return new BlockCache(0);
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The budget in bytes. */
    public long capacityBytes() {
        return capacity;
    }

    /** Estimated bytes held now. */
    public synchronized long usedBytes() {
        return used;
    }

    /** Number of entries held now. */
    public synchronized int size() {
        return map.size();
    }

    /** Drops every entry of a file (called when the file is deleted). */
    public void evictFile(String fileName) {
        synchronized (this) {
            Iterator<Map.Entry<Object, Sized>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Object, Sized> e = it.next();
                if (fileOf(e.getKey()).equals(fileName)) {
                    used -= e.getValue().bytes;
                    it.remove();
                }
            }
        }
    }

    /** The cached value, or null (counted as a hit or a miss). */
    Object get(String file, int rowGroup, int column) {
        return lookup(new BlockKey(file, rowGroup, column));
    }

    /** Caches a value of about {@code bytes} heap bytes, evicting the least recently used. */
    void put(String file, int rowGroup, int column, Object value, long bytes) {
        insert(new BlockKey(file, rowGroup, column), value, bytes);
    }

    /** A decompressed page of a file ({@link PageCachingCodecs}), or null. */
    Object getPage(String file, long id) {
        return lookup(new PageKey(file, id));
    }

    /** Caches a decompressed page of a file under {@code id}, evicting the least recently used. */
    void putPage(String file, long id, Object page, long bytes) {
        insert(new PageKey(file, id), page, bytes);
    }

    /** A page or dictionary of a file cached by its file offset ({@link PageReads}), or null. */
    Object getAt(String file, long offset) {
        return lookup(new OffsetKey(file, offset));
    }

    /** Caches a decoded page or dictionary of a file under its file offset. */
    void putAt(String file, long offset, Object value, long bytes) {
        insert(new OffsetKey(file, offset), value, bytes);
    }

    private Object lookup(Object key) {
        if (capacity == 0) {
            misses.increment();
            return null;
        }
        Sized s;
        synchronized (this) {
            s = map.get(key);
        }
        if (s == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return s.value;
    }

    private void insert(Object key, Object value, long bytes) {
        if (capacity == 0 || bytes > capacity) {
            return;
        }
        synchronized (this) {
            Sized old = map.put(key, new Sized(value, bytes));
            if (old != null) {
                used -= old.bytes;
            }
            used += bytes;
            Iterator<Sized> it = map.values().iterator();
            while (used > capacity && it.hasNext()) {
                used -= it.next().bytes;
                it.remove();
            }
        }
    }

    private static String fileOf(Object key) {
        if (key instanceof BlockKey b) {
            return b.file;
        }
        return key instanceof PageKey p ? p.file : ((OffsetKey) key).file;
    }

    private record BlockKey(String file, int rowGroup, int column) {
    }

    /** A decompressed page: {@code id} is its content's checksum and length. */
    private record PageKey(String file, long id) {
    }

    /** A page or dictionary at a file offset. */
    private record OffsetKey(String file, long offset) {
    }

    private record Sized(Object value, long bytes) {
    }
}
