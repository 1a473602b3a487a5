package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;

/**
 * A memtable that holds at least its idle-flush size and sees no commit for the idle-flush delay
 * is flushed in the background; a smaller one, or any with idle flushes off, stays.
 */
class IdleFlushTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("s", ColumnType.STRING).primaryKey("id").build();
    private static final String PAD = "x".repeat(100);

    private static Options options(Duration idle) {
        // 8 MiB memtable: the idle-flush size is its floor, 4 MiB
        return Options.builder().memtableBytes(8L << 20).idleFlush(idle).compactionEnabled(false).build();
    }

    private static void load(Table<Row> t, int rows) {
        List<Row> batch = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            batch.add(Row.of(SCHEMA, i, PAD + i));
        }
        t.insertAll(batch);
    }

    private static long count(Table<Row> t) {
        long n = 0;
        try (RowIterator<Row> it = t.scan()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void anIdleMemtableOfTheFlushSizeGoesToParquet() throws Exception {
        MemoryStorage s = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, options(Duration.ofMillis(100)))) {
            load(t, 35_000); // about 5 MiB of memtable
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (t.stats().flushes() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, t.stats().flushes(), "flushed once it was idle");
            assertEquals(1, s.list(FileNames.SST_DIR).size());
            assertEquals(35_000, count(t));
            Thread.sleep(500);
            assertEquals(1, t.stats().flushes(), "an empty memtable is not flushed again");
        }
    }

    @Test
    void aSmallMemtableOrIdleFlushOffStays() throws Exception {
        MemoryStorage small = new MemoryStorage();
        MemoryStorage off = new MemoryStorage();
        try (Table<Row> a = Tonbo.open(small, SCHEMA, options(Duration.ofMillis(50)));
             Table<Row> b = Tonbo.open(off, SCHEMA, options(Duration.ZERO))) {
            load(a, 1_000);
            load(b, 25_000);
            Thread.sleep(1_000); // twenty idle delays of a
            assertEquals(0, a.stats().flushes(), "below the idle-flush size");
            assertEquals(0, b.stats().flushes(), "idle flushes off");
            assertEquals(1_000, count(a));
            assertEquals(25_000, count(b));
        }
    }

    @Test
    void aNegativeDelayIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.builder().idleFlush(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("idleFlush"), e.getMessage());
    }
}
