package org.tonbo4j.internal;

import java.util.Arrays;

/**
 * Writes packed back to back in large byte chunks: per write its encoded key, then its data in
 * the WAL's row encoding, and in parallel arrays where each starts, their lengths, the key's
 * first 8 bytes and whether it is a delete. A bulk load of a million rows is then a few dozen
 * arrays instead of millions of small ones: young garbage collections have almost nothing to
 * copy, and a commit reads the rows in memory order.
 *
 * <p>Append-only, by one writer. {@link #view()} captures the writes so far as an immutable
 * {@link View}: later appends only write past what it covers, so a view may be handed to other
 * threads (through a volatile or a lock) while the writer goes on.
 */
public final class RowArena extends PackedRows {
    /** The size of a full chunk; a larger write gets a chunk of its own. */
    static final int CHUNK_BYTES = 1 << 20;
    /**
     * The size of the first chunk. Chunks double up to {@link #CHUNK_BYTES}, so a small batch
     * (a memtable may keep one as it is) does not pin a mostly empty megabyte.
     */
    static final int FIRST_CHUNK_BYTES = 16 << 10;

    private byte[] current;
    private int nextChunk = FIRST_CHUNK_BYTES;
    private int used;
    private int chunkCount;
    private long bytes;

    public RowArena() {
        super(new byte[4][], new long[256], new int[256], new int[256], new long[256], new byte[256], 0);
    }

    /**
     * Appends a write: key {@code key} and data {@code data[off, off + len)}; returns its index.
     * A write larger than the next chunk gets a chunk of its own size.
     */
    public int add(byte[] key, boolean delete, byte[] data, int off, int len) {
        int need = key.length + len;
        if (current == null || need > current.length - used) {
            newChunk(Math.max(nextChunk, need));
            nextChunk = Math.min(CHUNK_BYTES, nextChunk * 2);
        }
        int i = count;
        if (i == where.length) {
            int n = i * 2;
            where = Arrays.copyOf(where, n);
            keyLen = Arrays.copyOf(keyLen, n);
            rowLen = Arrays.copyOf(rowLen, n);
            prefixes = Arrays.copyOf(prefixes, n);
            flags = Arrays.copyOf(flags, n);
        }
        System.arraycopy(key, 0, current, used, key.length);
        System.arraycopy(data, off, current, used + key.length, len);
        where[i] = ((long) (chunkCount - 1) << 32) | used;
        keyLen[i] = key.length;
        rowLen[i] = len;
        prefixes[i] = prefix(key);
        flags[i] = (byte) (delete ? 1 : 0);
        used += need;
        bytes += need;
        count = i + 1;
        return i;
    }

    private void newChunk(int size) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        current = new byte[size];
        chunks[chunkCount++] = current;
        used = 0;
    }

    /** Key and data bytes held (without the per-write arrays). */
    public long dataBytes() {
        return bytes;
    }

    /** The writes so far, immutable. */
    public View view() {
        return new View(chunks, where, keyLen, rowLen, prefixes, flags, count);
    }

    /** The first 8 bytes of a key, big-endian, zero-padded: unsigned order agrees with the key order. */
    public static long prefix(byte[] key) {
        long p = 0;
        int n = Math.min(8, key.length);
        for (int i = 0; i < n; i++) {
            p |= (key[i] & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }

    /** An immutable run of writes of an arena. */
    public static final class View extends PackedRows {
        View(byte[][] chunks, long[] where, int[] keyLen, int[] rowLen, long[] prefixes, byte[] flags, int count) {
            super(chunks, where, keyLen, rowLen, prefixes, flags, count);
        }
    }
}
