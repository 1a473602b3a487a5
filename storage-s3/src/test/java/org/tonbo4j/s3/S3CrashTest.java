package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * A writer that dies mid-flight: from some request on, every connection to S3 is cut (the
 * request in flight half-sent), as when the process is killed or the network lost — during a
 * WAL group commit, an SST upload of a flush or a compaction, a manifest append or the
 * publication of {@code CURRENT}. A new writer then breaks the dead one's lock and reopens:
 * every acknowledged write is there, nothing never written appears, and no orphan object
 * (a half-written SST, a file of an unfinished compaction) is part of the table.
 *
 * <p>Crash points: {@code -Dtonbo.test.s3.crashes=N} (default 8). Seed: {@code -Dtonbo.test.seed=S}.
 */
class S3CrashTest {
    private static final int CRASHES = Integer.getInteger("tonbo.test.s3.crashes", 8);

    /** Dies at the {@code k}-th request whose path contains {@code pathPart} and whose method is {@code method}. */
    private static FaultProxy.Plan dieAt(String method, String pathPart, long k) {
        AtomicLong seen = new AtomicLong();
        return (n, m, path) -> m.equals(method) && path.contains(pathPart) && seen.incrementAndGet() == k
                ? FaultProxy.Fault.DIE : FaultProxy.Fault.NONE;
    }

    @Test
    void crashAtManyPointsThenReopen() throws Exception {
        Long fixed = Long.getLong("tonbo.test.seed");
        long seed = fixed != null ? fixed : System.nanoTime();
        System.out.println("[s3-crash] seed=" + seed);
        Random r = new Random(seed);
        int died = 0;
        for (int round = 0; round < CRASHES; round++) {
            FaultProxy.Plan plan;
            String what;
            switch (round % 4) {
                case 0 -> {
                    long k = 1 + r.nextInt(8);
                    plan = dieAt("PUT", "/sst/", k);
                    what = "SST upload #" + k;
                }
                case 1 -> {
                    long k = 2 + r.nextInt(12);
                    plan = dieAt("PUT", "MANIFEST-", k);
                    what = "manifest append #" + k;
                }
                case 2 -> {
                    long k = 1 + r.nextInt(3);
                    plan = dieAt("PUT", "CURRENT", k);
                    what = "CURRENT publication #" + k;
                }
                default -> {
                    long k = 20 + r.nextInt(500);
                    plan = (n, m, p) -> n == k ? FaultProxy.Fault.DIE : FaultProxy.Fault.NONE;
                    what = "request #" + k;
                }
            }
            long runSeed = r.nextLong();
            String where = "death at " + what + " (seed " + seed + ", round " + round + ")";
            try (FaultProxy proxy = new FaultProxy(S3TestServer.endpoint())) {
                proxy.plan(plan);
                S3Config config = S3TestServer.config(proxy.endpoint(), "crash").maxAttempts(2)
                        .attemptTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(1)).build();
                Workload w = new Workload();
                try (S3Storage s3 = S3Storage.open(config)) {
                    w.run(s3, 250, runSeed);
                }
                if (proxy.dead()) {
                    died++;
                    assertTrue(w.failure != null, where + ": the writer noticed");
                }
                try (S3Storage healthy = S3Storage.open(config.toBuilder().endpoint(S3TestServer.endpoint()).build())) {
                    healthy.breakLock();
                    w.verify(healthy, where);
                    // compaction off: a compaction starting at open would upload an output not yet installed
                    try (Table<Row> t = Tonbo.open(healthy, Workload.SCHEMA,
                            Workload.OPTIONS.toBuilder().compactionEnabled(false).build())) {
                        assertEquals(t.stats().totalFiles(), healthy.list("sst/").size(),
                                where + ": the SSTs in the bucket are exactly the table's (no orphan)");
                    }
                }
            }
        }
        assertTrue(died >= CRASHES / 2, "the writer died in most rounds: " + died);
    }
}
