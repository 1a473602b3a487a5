package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.WritableFile;
import org.tonbo4j.testing.ForwardingWritableFile;

/**
 * Two flush threads write frozen memtables at once ({@link Options.Builder#flushThreads}): a
 * younger memtable whose files are finished first waits for the older one before it is
 * installed, so the newest version of every key wins, the WAL floor only moves forward, and a
 * reopen finds everything.
 */
class ParallelFlushTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    private static final int KEYS = 1000;
    private static final int ROUNDS = 12;

    /** Holds the close of the first SST file until another SST file has been closed (or 20 s pass). */
    private static final class GatedStorage extends MemoryStorage {
        final CountDownLatch otherClosed = new CountDownLatch(1);
        final AtomicInteger created = new AtomicInteger();
        final AtomicBoolean overtaken = new AtomicBoolean();

        @Override
        public WritableFile create(String name) throws IOException {
            WritableFile w = super.create(name);
            if (!name.startsWith(FileNames.SST_DIR)) {
                return w;
            }
            boolean first = created.getAndIncrement() == 0;
            return new ForwardingWritableFile(w) {
                @Override
                public void close() throws IOException {
                    if (first) {
                        try {
                            overtaken.set(otherClosed.await(20, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else {
                        otherClosed.countDown();
                    }
                    inner.close();
                }
            };
        }
    }

    private static Options options() {
        return Options.builder().memtableBytes(32 << 10).maxImmutableMemtables(4).flushThreads(2)
                .compactionEnabled(false).build();
    }

    @Test
    void youngerMemtablesWaitForOlderOnesToBeInstalled() throws Exception {
        GatedStorage s = new GatedStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, options())) {
            for (int round = 0; round < ROUNDS; round++) {
                List<Row> rows = new ArrayList<>();
                for (long k = 0; k < KEYS; k++) {
                    rows.add(Row.of(SCHEMA, k, "round " + round + " of key " + k));
                }
                t.insertAll(rows);
                if (round % 3 == 1) {
                    t.delete((long) round); // a tombstone in a middle memtable
                }
                // the newest state, whatever is flushed or still being written
                assertEquals("round " + round + " of key 999", t.get(999L).orElseThrow().get("v"));
            }
            t.flush();
            assertTrue(s.overtaken.get(), "a younger memtable's file was finished while the oldest one's was held");
            assertTrue(t.stats().flushes() >= 4, "several memtables were flushed: " + t.stats());
            assertNewest(t);
        }
        try (Table<Row> t = Tonbo.open(s, SCHEMA, options())) {
            assertNewest(t);
        }
    }

    private static void assertNewest(Table<Row> t) {
        long n = 0;
        try (RowIterator<Row> it = t.scan()) {
            while (it.hasNext()) {
                Row r = it.next();
                assertEquals("round " + (ROUNDS - 1) + " of key " + r.get("id"), r.get("v"));
                n++;
            }
        }
        assertEquals(KEYS, n, "every key once, the deletes overwritten by later rounds");
    }
}
