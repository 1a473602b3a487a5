package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Several writers and readers at once while flushes and compactions run: no acknowledged write
 * is lost, a key never goes back in time, and a snapshot reads the same thing every time.
 */
class ConcurrencyTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("version", ColumnType.INT64, false)
            .column("pad", ColumnType.STRING)
            .primaryKey("id").build();
    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 200;
    private static final int ROUNDS = Integer.getInteger("tonbo.test.concurrencyRounds", 100);

    @Test
    void writersReadersAndBackgroundWork() throws Exception {
        Options o = Options.builder().memtableBytes(32 << 10).targetFileBytes(32 << 10).rowGroupBytes(8 << 10)
                .level0CompactionTrigger(3).level1MaxBytes(64 << 10).levelSizeMultiplier(3)
                .flushThreads(2).maxImmutableMemtables(3).build(); // two flushes at once, installed in order
        MemoryStorage storage = new MemoryStorage();
        AtomicLongArray acked = new AtomicLongArray(WRITERS * KEYS_PER_WRITER);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, o)) {
            List<Thread> threads = new ArrayList<>();
            CountDownLatch writersDone = new CountDownLatch(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int base = w * KEYS_PER_WRITER;
                threads.add(new Thread(() -> {
                    try {
                        for (long round = 1; round <= ROUNDS; round++) {
                            List<Row> batch = new ArrayList<>();
                            for (int k = 0; k < KEYS_PER_WRITER; k++) {
                                batch.add(Row.of(SCHEMA, (long) (base + k), round, "p".repeat(k % 17)));
                                if (batch.size() == 50) {
                                    t.insertAll(batch);
                                    for (Row r : batch) {
                                        acked.set((int) (long) r.getLong("id"), round);
                                    }
                                    batch.clear();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    } finally {
                        writersDone.countDown();
                    }
                }));
            }
            for (int rd = 0; rd < 2; rd++) {
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            long[] before = new long[acked.length()];
                            for (int i = 0; i < before.length; i++) {
                                before[i] = acked.get(i);
                            }
                            try (Snapshot<Row> s = t.snapshot()) {
                                List<Row> first = drain(s.scan());
                                for (Row r : first) {
                                    int id = (int) (long) r.getLong("id");
                                    long v = r.getLong("version");
                                    if (v < before[id]) {
                                        throw new AssertionError("key " + id + " went back to " + v + " after " + before[id] + " was acknowledged");
                                    }
                                }
                                java.util.Set<Long> present = new java.util.HashSet<>();
                                first.forEach(x -> present.add(x.getLong("id")));
                                for (int i = 0; i < before.length; i++) {
                                    if (before[i] > 0 && !present.contains((long) i)) {
                                        throw new AssertionError("acknowledged key " + i + " is missing from a later snapshot");
                                    }
                                }
                                List<Row> second = drain(s.scan(Scan.builder().reverse(true).build()));
                                java.util.Collections.reverse(second);
                                assertEquals(first, second, "a snapshot read twice must not change");
                                long probe = (long) (Math.random() * before.length);
                                Row got = s.get(probe).orElse(null);
                                Row inScan = first.stream().filter(x -> x.getLong("id") == probe).findFirst().orElse(null);
                                assertEquals(inScan, got, "get and scan of one snapshot agree on key " + probe);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        t.flush();
                        Thread.sleep(20);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
            threads.forEach(Thread::start);
            writersDone.await();
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
            if (!errors.isEmpty()) {
                AssertionError e = new AssertionError("concurrent run failed: " + errors.peek(), errors.peek());
                errors.forEach(e::addSuppressed);
                throw e;
            }
            List<Row> all = drain(t.scan());
            assertEquals(WRITERS * KEYS_PER_WRITER, all.size());
            for (Row r : all) {
                assertEquals(ROUNDS, r.getLong("version"), "final version of " + r.getLong("id"));
            }
            assertTrue(t.stats().flushes() > 0, "flushes ran");
        }
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, o)) {
            for (Row r : drain(t.scan())) {
                assertEquals(ROUNDS, r.getLong("version"));
            }
        }
    }

    static List<Row> drain(RowIterator<Row> it) {
        List<Row> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
