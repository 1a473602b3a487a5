package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableLockedException;
import org.tonbo4j.TonboException;
import org.tonbo4j.Tonbo;

/**
 * The write lock's lease: a live writer keeps renewing it, so a second writer is refused for as
 * long as the first lives; a crashed writer's lock expires after the lease and a new writer takes
 * it without {@code breakLock}; a writer cut off from S3 (alive but unable to renew) stops
 * acknowledging writes before the new writer takes over, and nothing it acknowledged is lost.
 */
class S3LockLeaseTest {
    private static final Duration LEASE = Duration.ofSeconds(2);

    private static void closeQuietly(Table<Row> t) {
        try {
            t.close();
        } catch (TonboException expected) {
            // A writer that lost its lock may not close cleanly; the table must not care.
        }
    }

    @Test
    void liveWriterKeepsItsLockAndReleasesItAtClose() throws Exception {
        S3Config config = S3TestServer.config("lease-live").lockLease(LEASE).build();
        try (S3Storage a = S3Storage.open(config); S3Storage b = S3Storage.open(config)) {
            try (Table<Row> t = Tonbo.open(a, Workload.SCHEMA, Workload.OPTIONS)) {
                long end = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
                long i = 0;
                while (System.nanoTime() < end) {
                    t.insert(Row.of(Workload.SCHEMA, i, "v" + i));
                    i++;
                    TableLockedException e = assertThrows(TableLockedException.class,
                            () -> Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS), "the live writer's lease was renewed");
                    assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
                    Thread.sleep(300);
                }
            }
            try (Table<Row> t = Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS)) {
                assertEquals("v0", t.get(0L).orElseThrow().getString("v"), "a released lock is taken at once");
            }
        }
    }

    @Test
    void crashedWritersLockExpiresAndANewWriterTakesIt() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
            S3Config config = S3TestServer.config(proxy.endpoint(), "lease-crash").lockLease(LEASE).maxAttempts(2)
                    .attemptTimeout(Duration.ofMillis(500)).build();
            S3Storage dying = S3Storage.open(config);
            Table<Row> crashed = Tonbo.open(dying, Workload.SCHEMA, Workload.OPTIONS);
            for (long i = 0; i < 50; i++) {
                crashed.insert(Row.of(Workload.SCHEMA, i, "acked " + i));
            }
            proxy.dieAfter(0); // the writer's process is gone: no request of it arrives any more
            try (S3Storage b = S3Storage.open(config.toBuilder().endpoint(S3TestServer.endpoint()).build())) {
                TableLockedException e = assertThrows(TableLockedException.class,
                        () -> Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS));
                assertTrue(e.getMessage().contains("lease"), e.getMessage());
                long start = System.nanoTime();
                Table<Row> next = null;
                while (next == null) {
                    try {
                        next = Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS);
                    } catch (TableLockedException stillLocked) {
                        Thread.sleep(200);
                    }
                }
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(waitedMs < LEASE.toMillis() + 3000, "taken about one lease after the crash: " + waitedMs + " ms");
                try (Table<Row> t = next) {
                    for (long i = 0; i < 50; i++) {
                        assertEquals("acked " + i, t.get(i).orElseThrow().getString("v"));
                    }
                    t.insert(Row.of(Workload.SCHEMA, 100L, "new writer"));
                }
            }
            closeQuietly(crashed);
            dying.close();
        }
    }

    @Test
    void writerThatCannotRenewStopsBeforeTheTakeover() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
            S3Config config = S3TestServer.config(proxy.endpoint(), "lease-cut-off").lockLease(LEASE).build();
            try (S3Storage a = S3Storage.open(config);
                 S3Storage b = S3Storage.open(config.toBuilder().endpoint(S3TestServer.endpoint()).build())) {
                Table<Row> stale = Tonbo.open(a, Workload.SCHEMA, Workload.OPTIONS);
                stale.insert(Row.of(Workload.SCHEMA, 1L, "before"));
                // Only the lock's requests fail: the writer still reaches S3 for everything else.
                proxy.plan((n, method, path) -> path.contains("/LOCK") ? FaultProxy.Fault.ERROR_500 : FaultProxy.Fault.NONE);
                long acked = 1;
                TonboException stopped = null;
                long deadline = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
                while (stopped == null && System.nanoTime() < deadline) {
                    try {
                        stale.insert(Row.of(Workload.SCHEMA, 1 + acked, "acked " + acked));
                        acked++;
                    } catch (TonboException e) {
                        stopped = e;
                    }
                    Thread.sleep(20);
                }
                assertTrue(stopped != null, "the writer stopped once its lease ran out");
                String all = stopped + " " + stopped.getCause();
                assertTrue(all.contains("lease"), all);
                Table<Row> next = null;
                while (next == null) {
                    try {
                        next = Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS);
                    } catch (TableLockedException stillLocked) {
                        Thread.sleep(200);
                    }
                }
                try (Table<Row> t = next) {
                    assertEquals("before", t.get(1L).orElseThrow().getString("v"));
                    for (long i = 1; i < acked; i++) {
                        assertEquals("acked " + i, t.get(1 + i).orElseThrow().getString("v"), "acknowledged write " + i);
                    }
                }
                closeQuietly(stale);
            }
        }
    }
}
