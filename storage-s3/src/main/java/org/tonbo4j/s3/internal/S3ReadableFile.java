package org.tonbo4j.s3.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.tonbo4j.storage.ReadableFile;

/**
 * Positional reads of a file made of immutable S3 objects (its chunks, or one published
 * generation). Reads go through aligned blocks of {@code blockBytes}: each block is looked up in
 * the memory cache, then the disk cache, and the missing blocks of one read are fetched with a
 * single ranged GET per run of consecutive blocks, so nearby reads (a page header, then its
 * page; the column index, then the offset index) share requests. Blocks of long runs (scans,
 * compactions) are not cached, so a scan does not flush the cache of hot blocks.
 * The small chunks of a file of many (WAL, manifest) are read whole and ahead, several at once
 * ({@link ChunkReadahead}). Thread-safe: the object list is immutable and the caches are thread-safe.
 */
final class S3ReadableFile implements ReadableFile {
    /** One immutable object holding bytes [start, start + size) of the file. */
    record Part(String key, String etag, long start, long size) {
    }

    /** Runs longer than this many blocks bypass the caches. */
    private static final int CACHED_RUN_BLOCKS = 8;

    private final ObjectStore store;
    private final String name;
    private final List<Part> parts;
    private final long length;
    private final int blockBytes;
    private final MemoryBlockCache memory;
    private final DiskBlockCache disk;
    private final Counters counters;
    private final ChunkReadahead readahead;

    S3ReadableFile(ObjectStore store, String name, List<Part> parts, int blockBytes, MemoryBlockCache memory,
                   DiskBlockCache disk, Counters counters, java.util.concurrent.Executor readaheadPool) {
        this.readahead = new ChunkReadahead(store, parts, readaheadPool);
        this.store = store;
        this.name = name;
        this.parts = parts;
        Part last = parts.get(parts.size() - 1);
        this.length = last.start + last.size;
        this.blockBytes = blockBytes;
        this.memory = memory;
        this.disk = disk;
        this.counters = counters;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void readFully(long position, byte[] buf, int off, int len) throws IOException {
        if (position < 0 || len < 0 || position + len > length) {
            throw new EOFException("end of file " + name + ": reading " + len + " bytes at " + position + " of " + length);
        }
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (len == 0) {
                break;
            }
            long end = p.start + p.size;
            if (position >= end) {
                continue;
            }
            int n = (int) Math.min(len, end - position);
            if (readahead.covers(i)) {
                System.arraycopy(readahead.chunk(i), (int) (position - p.start), buf, off, n);
            } else {
                readPart(p, position - p.start, buf, off, n);
            }
            position += n;
            off += n;
            len -= n;
        }
    }

    private String blockId(Part p, long block) {
        return p.key + "@" + p.etag + "#" + block;
    }

    private int blockLength(Part p, long block) {
        return (int) Math.min(blockBytes, p.size - block * blockBytes);
    }

    /** Reads {@code len} bytes at {@code pos} within one object. */
    private void readPart(Part p, long pos, byte[] buf, int off, int len) throws IOException {
        long first = pos / blockBytes;
        long last = (pos + len - 1) / blockBytes;
        byte[][] blocks = new byte[(int) (last - first + 1)][];
        for (long b = first; b <= last; b++) {
            blocks[(int) (b - first)] = cached(p, b);
        }
        for (long b = first; b <= last; b++) {
            if (blocks[(int) (b - first)] != null) {
                continue;
            }
            long runEnd = b;
            while (runEnd + 1 <= last && blocks[(int) (runEnd + 1 - first)] == null) {
                runEnd++;
            }
            fetch(p, b, runEnd, blocks, first);
            b = runEnd;
        }
        for (long b = first; b <= last; b++) {
            byte[] block = blocks[(int) (b - first)];
            long blockStart = b * blockBytes;
            int from = (int) Math.max(0, pos - blockStart);
            int to = (int) Math.min(block.length, pos + len - blockStart);
            System.arraycopy(block, from, buf, off, to - from);
            off += to - from;
        }
    }

    private byte[] cached(Part p, long block) {
        String id = blockId(p, block);
        byte[] b = memory.get(id);
        if (b != null) {
            counters.memoryHits.increment();
            return b;
        }
        if (disk != null) {
            b = disk.get(id, blockLength(p, block));
            if (b != null) {
                counters.diskHits.increment();
                memory.put(id, b);
                return b;
            }
        }
        return null;
    }

    /** Fetches blocks [from, to] of an object in one ranged GET and caches short runs. */
    private void fetch(Part p, long from, long to, byte[][] blocks, long first) throws IOException {
        counters.misses.add(to - from + 1);
        long start = from * blockBytes;
        long end = Math.min(p.size, (to + 1) * blockBytes);
        byte[] data = store.get(p.key, start, (int) (end - start));
        boolean cache = to - from + 1 <= CACHED_RUN_BLOCKS;
        for (long b = from; b <= to; b++) {
            int at = (int) ((b - from) * blockBytes);
            byte[] block = java.util.Arrays.copyOfRange(data, at, at + blockLength(p, b));
            blocks[(int) (b - first)] = block;
            if (cache) {
                String id = blockId(p, b);
                memory.put(id, block);
                if (disk != null) {
                    disk.put(id, block);
                }
            }
        }
    }

    @Override
    public void close() {
        // Nothing is held open: every read is its own request.
    }
}
