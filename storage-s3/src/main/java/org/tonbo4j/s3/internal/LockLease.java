package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tonbo4j.TableLockedException;

/**
 * The table's write lock as a leased series of lock generations {@code LOCK~gN}
 * (docs/format/s3-objects.md). The holder of the newest generation holds the lock while that
 * generation says {@code held} and its Last-Modified is younger than its lease by the server's
 * clock. Taking the lock creates generation N + 1 with {@code If-None-Match: *}, so of two
 * contenders exactly one wins; the holder renews by rewriting its own generation (nobody else
 * ever writes it) every third of the lease, and releases by rewriting it as {@code released}.
 *
 * <p>The holder counts its lease from the moment it sent its last successful renewal (monotonic
 * clock): once a lease has passed since then, or once it sees a newer generation, it is
 * fenced and {@link #check()} fails every upload. A contender waits for the lease plus one
 * second by the server's clock, so the old holder has stopped acknowledging writes before a new
 * one takes over, as long as the two clocks tick at about the same rate. Thread-safe.
 */
final class LockLease implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LockLease.class.getName());

    private final ObjectStore store;
    private final String key;
    private final String location;
    private final String generationKey;
    private final byte[] heldBody;
    private final long leaseNanos;
    private final ScheduledExecutorService renewer;
    private volatile long renewedAtNanos;
    private volatile String fenced;

    private LockLease(ObjectStore store, String key, String location, long generation, byte[] heldBody, Duration lease,
            long startNanos) {
        this.store = store;
        this.key = key;
        this.location = location;
        this.generationKey = ObjectNames.generation(key, generation);
        this.heldBody = heldBody;
        this.leaseNanos = lease.toNanos();
        this.renewedAtNanos = startNanos;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tonbo-s3-lock-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes the lock at {@code key}, or throws {@link TableLockedException} naming its live holder. */
    static LockLease take(ObjectStore store, String key, String location, Duration lease) throws IOException {
        if (store.head(key).isPresent()) {
            String other = store.getAll(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("unknown");
            throw new TableLockedException("table " + location + " is open for writing by " + other.trim()
                    + " (a lock without a lease, " + "s3://" + store.bucket() + "/" + key
                    + "; if that process is gone, use S3Storage.breakLock)");
        }
        long newest = newestGeneration(store, key);
        if (newest >= 0) {
            String g = ObjectNames.generation(key, newest);
            Optional<ObjectStore.Stamped> stamp = store.headStamped(g);
            Optional<byte[]> body = store.getAll(g);
            if (stamp.isPresent() && body.isPresent()) {
                String text = new String(body.get(), StandardCharsets.UTF_8);
                if (!text.contains("state=released")) {
                    long holderLease = leaseMillis(text, lease.toMillis());
                    Instant modified = stamp.get().info().lastModified();
                    Duration age = Duration.between(modified, stamp.get().serverNow());
                    Duration expiry = Duration.ofMillis(holderLease).plusSeconds(1);
                    if (age.compareTo(expiry) <= 0) {
                        throw new TableLockedException("table " + location + " is open for writing by "
                                + holder(text) + " (lease renewed " + age.toSeconds() + " s ago; it expires "
                                + expiry.minus(age).toSeconds() + " s after its last renewal if that writer is gone)");
                    }
                    LOG.log(System.Logger.Level.WARNING, "taking the expired write lock of " + location + " from "
                            + holder(text) + " (last renewed " + age.toSeconds() + " s ago)");
                }
            }
        }
        long mine = newest + 1;
        String token = UUID.randomUUID().toString();
        byte[] held = body(token, lease, "held");
        long start = System.nanoTime();
        try {
            store.put(ObjectNames.generation(key, mine), held, 0, held.length, ObjectStore.Condition.IF_ABSENT);
        } catch (FileAlreadyExistsException e) {
            throw new TableLockedException("table " + location + " was just locked by another writer (lock generation "
                    + mine + " of s3://" + store.bucket() + "/" + key + ")");
        }
        for (ObjectStore.Info o : store.list(key)) {
            long g = ObjectNames.generationOf(key, o.key());
            if (g >= 0 && g < mine) {
                store.delete(o.key());
            }
        }
        return new LockLease(store, key, location, mine, held, lease, start);
    }

    /** Ends any lease: a new released generation, so that the next writer need not wait. */
    static void breakLock(ObjectStore store, String key, Duration lease) throws IOException {
        store.delete(key);
        long newest = newestGeneration(store, key);
        byte[] released = body("broken", lease, "released");
        store.put(ObjectNames.generation(key, newest + 1), released, 0, released.length, ObjectStore.Condition.NONE);
    }

    private static long newestGeneration(ObjectStore store, String key) throws IOException {
        long newest = -1;
        for (ObjectStore.Info o : store.list(key)) {
            newest = Math.max(newest, ObjectNames.generationOf(key, o.key()));
        }
        return newest;
    }

    private static byte[] body(String token, Duration lease, String state) {
        String holder = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
        return ("holder=" + holder + "\ntoken=" + token + "\nlease-ms=" + lease.toMillis() + "\nstate=" + state + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String holder(String text) {
        String h = field(text, "holder");
        return h != null ? h : "unknown";
    }

    private static long leaseMillis(String text, long fallback) {
        try {
            String v = field(text, "lease-ms");
            return v != null ? Long.parseLong(v) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    private void renew() {
        if (fenced != null) {
            return;
        }
        long start = System.nanoTime();
        if (start - renewedAtNanos >= leaseNanos) {
            fenced = "the write lock of " + location + " was not renewed within its lease of " + leaseNanos / 1_000_000 + " ms";
            return;
        }
        try {
            long newest = newestGeneration(store, key);
            if (!ObjectNames.generation(key, newest).equals(generationKey)) {
                fenced = "another writer took the write lock of " + location + " (lock generation " + newest + ")";
                return;
            }
            store.put(generationKey, heldBody, 0, heldBody.length, ObjectStore.Condition.NONE);
            renewedAtNanos = start;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not renew the write lock of " + location + ": " + e);
        }
    }

    /** Throws if this writer may no longer write: its lease ran out or another writer took the lock. */
    void check() throws IOException {
        String f = fenced;
        if (f != null) {
            throw new IOException(f + ": this writer's view of the table is stale and it must stop");
        }
        long since = System.nanoTime() - renewedAtNanos;
        if (since >= leaseNanos) {
            fenced = "the write lock of " + location + " was not renewed within its lease of " + leaseNanos / 1_000_000 + " ms";
            throw new IOException("the write lock of " + location + " was last renewed " + since / 1_000_000
                    + " ms ago, longer than its lease of " + leaseNanos / 1_000_000
                    + " ms: another writer may have taken it, so this writer must stop");
        }
    }

    @Override
    public void close() throws IOException {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fenced == null && ObjectNames.generation(key, newestGeneration(store, key)).equals(generationKey)) {
            byte[] released = new String(heldBody, StandardCharsets.UTF_8).replace("state=held", "state=released")
                    .getBytes(StandardCharsets.UTF_8);
            store.put(generationKey, released, 0, released.length, ObjectStore.Condition.NONE);
        }
    }
}
