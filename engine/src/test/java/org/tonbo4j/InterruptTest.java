package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting a thread that reads or writes (as executors do on cancel) must not break the
 * table for anyone else: local files are neither closed nor left half-written by an interrupt.
 */
class InterruptTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("s", ColumnType.STRING).primaryKey("id").build();

    @Test
    void interruptedReadersAndWritersLeaveTheTableWorking(@TempDir Path dir) throws Exception {
        Options o = Options.builder().memtableBytes(64 << 10).syncPolicy(SyncPolicy.everyCommit()).build();
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, o)) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 5000; i++) {
                rows.add(Row.of(SCHEMA, i, "v" + i));
            }
            t.insertAll(rows);
            t.flush();
            AtomicLong written = new AtomicLong(5000);
            for (int round = 0; round < 20; round++) {
                Thread reader = new Thread(() -> {
                    for (int k = 0; k < 50; k++) {
                        try (RowIterator<Row> it = t.scan()) {
                            while (it.hasNext()) {
                                it.next();
                            }
                        } catch (TonboException e) {
                            // The interrupted thread itself may see its read fail.
                        }
                    }
                });
                Thread writer = new Thread(() -> {
                    for (int k = 0; k < 50; k++) {
                        long id = written.getAndIncrement();
                        t.insert(Row.of(SCHEMA, id, "w" + id));
                    }
                });
                reader.start();
                writer.start();
                Thread.sleep(2);
                reader.interrupt();
                writer.interrupt();
                reader.join();
                writer.join();
            }
            long n = 0;
            try (RowIterator<Row> it = t.scan()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            assertEquals(written.get(), n, "every acknowledged row is readable after the interrupts");
            t.insert(Row.of(SCHEMA, -1L, "after"));
            assertEquals("after", t.get(-1L).orElseThrow().getString("s"));
        }
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, o)) {
            assertEquals("after", t.get(-1L).orElseThrow().getString("s"));
        }
    }
}
