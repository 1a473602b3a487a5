package org.tonbo4j.s3;

import java.io.IOException;
import java.util.List;
import org.tonbo4j.s3.internal.Counters;
import org.tonbo4j.s3.internal.ObjectFiles;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * {@link Storage} in an S3 bucket (AWS or any S3-compatible server), under a key prefix.
 *
 * <ul>
 *   <li>Files are immutable objects: a file synced once (every SST) is one object under its own
 *       name, readable by any Parquet-on-S3 tool; a file synced many times (WAL segment,
 *       manifest) is one object per sync — a group commit is one PUT.</li>
 *   <li>Reads are ranged GETs of aligned blocks ({@link S3Config.Builder#readBlockBytes}),
 *       nearby reads coalesced, through a bounded memory cache and an optional local disk
 *       cache; {@link #stats()} counts requests, bytes and cache hits.</li>
 *   <li>Every upload is conditional ({@code If-None-Match: *}): a second writer can never
 *       replace the first one's objects. {@code CURRENT} is published as numbered immutable
 *       generations, so a writer whose view is stale fails at its next publish instead of
 *       corrupting the table. The write lock is an object created the same way; a crashed
 *       writer leaves it behind ({@link #breakLock()}).</li>
 *   <li>Transient failures (5xx, throttling, timeouts, dropped connections) are retried with
 *       back-off ({@link S3Config.Builder#maxAttempts}); then the operation fails with an
 *       {@link IOException} naming the request and object. A failed upload never becomes a
 *       visible file.</li>
 * </ul>
 *
 * Thread-safe. See docs/s3.md for set-up, consistency and costs.
 */
public final class S3Storage implements Storage {
    private static final String LOCK = "LOCK";

    private final S3Config config;
    private final Counters counters = new Counters();
    private final ObjectFiles files;

    private S3Storage(S3Config config) throws IOException {
        this.config = config;
        this.files = new ObjectFiles(config, counters);
    }

    /** A storage on the bucket and prefix of {@code config}; nothing is sent until first use. */
    public static S3Storage open(S3Config config) throws IOException {
        return new S3Storage(config);
    }

    public S3Config config() {
        return config;
    }

    /** Requests, bytes and cache use since this storage was opened. */
    public S3Stats stats() {
        return counters.snapshot();
    }

    /**
     * Deletes the table's write-lock object, whoever holds it: for a writer that crashed. Only
     * call it when no writer is alive; a live writer whose lock is broken is still stopped at
     * its next manifest publish, but its unpublished writes are then lost.
     */
    public void breakLock() throws IOException {
        files.breakLock(LOCK);
    }

    @Override
    public WritableFile create(String name) throws IOException {
        return files.create(name);
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        return files.open(name);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return files.exists(name);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return files.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        files.delete(name);
    }

    @Override
    public void publish(String name, byte[] content) throws IOException {
        files.publish(name, content);
    }

    @Override
    public AutoCloseable lock(String name) throws IOException {
        return files.lock(name);
    }

    /** {@link #stats()} by name ({@code s3.get}, {@code s3.get.bytes}, ...), for {@link org.tonbo4j.TableStats}. */
    @Override
    public java.util.Map<String, Long> counters() {
        return stats().asMap();
    }

    @Override
    public String describe() {
        return config.location();
    }

    @Override
    public void close() {
        files.close();
    }
}
