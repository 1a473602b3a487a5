package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Many threads reading the same SST files by key at once must find every row: a regression test
 * for Parquet's bloom filter, whose probe is not thread-safe (racing probes returned false
 * negatives, and rows went missing from point reads and conflict checks).
 */
class ConcurrentPointReadTest {
    record Item(@PrimaryKey long id, long value) {
    }

    @Test
    void concurrentGetsOnSharedFilesFindEveryRow() throws Exception {
        // A warm cache keeps each read short (bloom probe, cached keys), so the probes race often.
        long cache = 64L << 20;
        {
            try (Table<Item> t = Tonbo.open(new MemoryStorage(), Item.class,
                    Options.builder().cacheBytes(cache).rowGroupBytes(64 << 10).build())) {
                int rows = 20_000;
                List<Item> batch = new java.util.ArrayList<>();
                for (long i = 0; i < rows; i++) {
                    batch.add(new Item(i * 3, i));
                }
                t.insertAll(batch);
                t.flush();
                AtomicLong missing = new AtomicLong();
                List<Throwable> errors = new CopyOnWriteArrayList<>();
                Thread[] threads = new Thread[4];
                for (int n = 0; n < threads.length; n++) {
                    int offset = n;
                    threads[n] = new Thread(() -> {
                        try {
                            for (int round = 0; round < 10; round++) {
                                for (long i = offset; i < rows; i += 1) {
                                    if (t.get(i * 3).isEmpty()) {
                                        missing.incrementAndGet();
                                    }
                                }
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    });
                    threads[n].start();
                }
                for (Thread th : threads) {
                    th.join();
                }
                assertTrue(errors.isEmpty(), () -> "errors: " + errors);
                assertEquals(0, missing.get(), "rows not found by concurrent point reads (cache " + cache + ")");
            }
        }
    }
}
