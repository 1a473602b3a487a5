package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults on the S3 path, through a fault-injecting HTTP proxy in front of the real S3 test
 * server: error replies (503 SlowDown, 500), responses slower than the attempt timeout, and
 * connections cut in the middle of request and response bodies. Transient faults are retried
 * away without the table noticing; faults that outlast the retries fail the operation with a
 * clear error, and a reopen on a healthy path shows every acknowledged write and nothing else.
 * Seed: {@code -Dtonbo.test.seed=S}.
 */
class S3FaultTest {
    private static long seed() {
        Long fixed = Long.getLong("tonbo.test.seed");
        return fixed != null ? fixed : System.nanoTime();
    }

    /** Operations of the mixed run ({@code -Dtonbo.test.s3.faultOps=N}, default 300); a single-kind run does 2/5 of it. */
    private static int faultOps() {
        return Integer.getInteger("tonbo.test.s3.faultOps", 300);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FaultProxy.Fault.class, names = {"ERROR_503", "ERROR_500", "SLOW_RESPONSE", "CUT_REQUEST", "CUT_RESPONSE"})
    void transientFaultsAreRetriedAndLoseNothing(FaultProxy.Fault kind) throws Exception {
        runTransient(faultOps() * 2 / 5, kind.toString(), kind);
    }

    /** Every transient fault kind in one run, chosen per request. */
    @Test
    void mixedTransientFaultsAreRetriedAndLoseNothing() throws Exception {
        runTransient(faultOps(), "MIXED", FaultProxy.Fault.ERROR_503,
                FaultProxy.Fault.ERROR_500, FaultProxy.Fault.SLOW_RESPONSE, FaultProxy.Fault.CUT_REQUEST,
                FaultProxy.Fault.CUT_RESPONSE);
    }

    private static void runTransient(int ops, String kind, FaultProxy.Fault... kinds) throws Exception {
        long seed = seed();
        System.out.println("[s3-faults " + kind + "] seed=" + seed);
        Random r = new Random(seed);
        try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
            proxy.slowMillis(700);
            proxy.plan((n, method, path) -> {
                synchronized (r) {
                    return r.nextInt(100) < 15 ? kinds[r.nextInt(kinds.length)] : FaultProxy.Fault.NONE;
                }
            });
            S3Config config = S3TestServer.config(proxy.endpoint(), "faults").maxAttempts(12)
                    .attemptTimeout(Duration.ofMillis(500)).readBlockBytes(4096).memoryCacheBytes(0).build();
            Workload w = new Workload();
            S3Stats stats;
            try (S3Storage s3 = S3Storage.open(config)) {
                w.run(s3, ops, seed);
                stats = s3.stats();
            }
            if (w.failure != null) {
                throw new AssertionError("transient faults must be retried away (" + kind + ", seed " + seed + ")", w.failure);
            }
            assertTrue(proxy.faults() > 10, "faults were injected: " + proxy.faults());
            assertTrue(stats.retries() > 0, "the client retried: " + stats);
            try (S3Storage healthy = S3Storage.open(config.toBuilder().endpoint(S3TestServer.endpoint()).build())) {
                w.verify(healthy, kind + " faults (seed " + seed + ")");
            }
        }
    }

    @Test
    void faultsOutlastingTheRetriesFailClearlyAndCorruptNothing() throws Exception {
        long seed = seed();
        Random r = new Random(seed);
        int failures = 0;
        for (int round = 0; round < 6; round++) {
            long workloadSeed = r.nextLong();
            // The faults must start while the workload runs: count the requests of the same
            // workload without faults (on a prefix of its own), then start them within that count.
            long requests;
            try (FaultProxy probe = new FaultProxy(S3TestServer.endpoint())) {
                S3Config probeConfig = S3TestServer.config(probe.endpoint(), "hard-faults-probe-" + round).build();
                try (S3Storage s3 = S3Storage.open(probeConfig)) {
                    new Workload().run(s3, 300, workloadSeed);
                }
                requests = probe.requests();
            }
            long from = 20 + r.nextInt((int) Math.max(1, requests * 3 / 4 - 20));
            FaultProxy.Fault kind = round % 2 == 0 ? FaultProxy.Fault.ERROR_503 : FaultProxy.Fault.CUT_RESPONSE;
            try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
                proxy.plan((n, method, path) -> n >= from ? kind : FaultProxy.Fault.NONE);
                S3Config config = S3TestServer.config(proxy.endpoint(), "hard-faults").maxAttempts(3)
                        .attemptTimeout(Duration.ofSeconds(2)).build();
                Workload w = new Workload();
                try (S3Storage s3 = S3Storage.open(config)) {
                    w.run(s3, 300, workloadSeed);
                }
                String where = kind + " from request " + from + " of about " + requests + " (seed " + seed + ")";
                if (w.failure != null) {
                    failures++;
                    String msg = String.valueOf(w.failure.getMessage()) + " " + w.failure.getCause();
                    assertTrue(msg.contains("S3") || msg.contains("s3://"), "the error names S3: " + msg);
                }
                try (S3Storage healthy = S3Storage.open(config.toBuilder().endpoint(S3TestServer.endpoint()).build())) {
                    healthy.breakLock();
                    w.verify(healthy, where);
                }
            }
        }
        assertTrue(failures >= 3, "persistent faults did stop the workload: " + failures);
    }

    @Test
    void errorMessageNamesTheRequestAndObject() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
            proxy.plan((n, method, path) -> FaultProxy.Fault.ERROR_500);
            S3Config config = S3TestServer.config(proxy.endpoint(), "msg").maxAttempts(2).build();
            try (S3Storage s3 = S3Storage.open(config)) {
                java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> s3.readAll("sst/000001.parquet"));
                assertNotNull(e.getMessage());
                assertTrue(e.getMessage().contains("S3 LIST s3://" + S3TestServer.BUCKET + "/") && e.getMessage().contains("500"),
                        e.getMessage());
                assertEquals(2, proxy.requests(), "one attempt and one retry");
            }
        }
    }
}
