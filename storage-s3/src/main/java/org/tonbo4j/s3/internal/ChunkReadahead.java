package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Reads the small objects of a chunked file (a WAL segment of group commits, a manifest of
 * edits) ahead of a sequential reader, {@link #AHEAD} at once: recovery then waits for about one
 * GET per {@value #AHEAD} chunks instead of one per chunk. Whole chunks bypass the block caches
 * (such files are read once, at open). A chunk whose fetch failed is fetched again by the next
 * read of it. Thread-safe.
 */
final class ChunkReadahead {
    /** Chunks larger than this are read through the block caches instead. */
    static final long MAX_CHUNK_BYTES = 1 << 20;
    /** Chunks in flight ahead of the one being read. */
    static final int AHEAD = 16;

    private final ObjectStore store;
    private final List<S3ReadableFile.Part> parts;
    private final Executor pool;
    private final ConcurrentHashMap<Integer, CompletableFuture<byte[]>> fetched = new ConcurrentHashMap<>();

    ChunkReadahead(ObjectStore store, List<S3ReadableFile.Part> parts, Executor pool) {
        this.store = store;
        this.parts = parts;
        this.pool = pool;
    }

    /** Whether part {@code i} is read whole through the readahead. */
    boolean covers(int i) {
        return pool != null && parts.size() > 1 && parts.get(i).size() <= MAX_CHUNK_BYTES;
    }

    /** The whole content of part {@code i}, which {@link #covers} it; starts fetching the next ones. */
    byte[] chunk(int i) throws IOException {
        fetched.keySet().removeIf(k -> k < i);
        for (int j = i; j < Math.min(parts.size(), i + AHEAD) && covers(j); j++) {
            S3ReadableFile.Part p = parts.get(j);
            fetched.computeIfAbsent(j, k -> CompletableFuture.supplyAsync(() -> {
                try {
                    return store.get(p.key(), 0, (int) p.size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, pool));
        }
        CompletableFuture<byte[]> f = fetched.get(i);
        try {
            return f.join();
        } catch (CompletionException e) {
            fetched.remove(i, f);
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }
}
