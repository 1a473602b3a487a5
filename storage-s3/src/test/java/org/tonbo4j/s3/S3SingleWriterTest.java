package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableLockedException;
import org.tonbo4j.TonboException;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.WritableFile;

/**
 * One writer per table, enforced by the server's conditional puts: a second writer cannot open
 * the table; a writer whose lock was broken is stopped at its next metadata commit instead of
 * corrupting the table; two writers can never both create one object.
 */
class S3SingleWriterTest {
    @Test
    void secondWriterIsRefusedWithTheHolderNamed() throws Exception {
        S3Config config = S3TestServer.config("two-writers").build();
        try (S3Storage a = S3Storage.open(config); S3Storage b = S3Storage.open(config);
             Table<Row> t = Tonbo.open(a, Workload.SCHEMA, Workload.OPTIONS)) {
            t.insert(Row.of(Workload.SCHEMA, 1L, "one"));
            TableLockedException e = assertThrows(TableLockedException.class,
                    () -> Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains(config.location()), e.getMessage());
        }
        try (S3Storage c = S3Storage.open(config); Table<Row> t = Tonbo.open(c, Workload.SCHEMA, Workload.OPTIONS)) {
            assertEquals("one", t.get(1L).orElseThrow().getString("v"), "the lock is released at close");
        }
    }

    @Test
    void writerWhoseLockWasBrokenIsFencedOff() throws Exception {
        S3Config config = S3TestServer.config("fenced").build();
        try (S3Storage a = S3Storage.open(config); S3Storage b = S3Storage.open(config)) {
            Table<Row> stale = Tonbo.open(a, Workload.SCHEMA, Workload.OPTIONS);
            stale.insert(Row.of(Workload.SCHEMA, 1L, "before takeover"));
            b.breakLock();
            try (Table<Row> current = Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS)) {
                assertEquals("before takeover", current.get(1L).orElseThrow().getString("v"));
                current.insert(Row.of(Workload.SCHEMA, 2L, "new writer"));
                current.flush();
                TonboException e = assertThrows(TonboException.class, () -> {
                    for (long i = 0; i < 2000; i++) {
                        stale.insert(Row.of(Workload.SCHEMA, 100 + i, "stale " + i));
                    }
                    stale.flush();
                });
                String all = e + " " + e.getCause();
                assertTrue(all.contains("another writer"), all);
                try {
                    stale.close();
                } catch (TonboException ignored) {
                    // The stale writer may fail to close cleanly; the table must not care.
                }
                assertEquals("new writer", current.get(2L).orElseThrow().getString("v"));
                current.insert(Row.of(Workload.SCHEMA, 3L, "still writing"));
                current.flush();
            }
            b.breakLock();
            try (Table<Row> again = Tonbo.open(b, Workload.SCHEMA, Workload.OPTIONS)) {
                assertEquals("before takeover", again.get(1L).orElseThrow().getString("v"));
                assertEquals("new writer", again.get(2L).orElseThrow().getString("v"));
                assertEquals("still writing", again.get(3L).orElseThrow().getString("v"));
            }
        }
    }

    @Test
    void twoWritersCannotBothCreateOneObject() throws IOException {
        S3Config config = S3TestServer.config("same-object").build();
        try (S3Storage a = S3Storage.open(config); S3Storage b = S3Storage.open(config)) {
            WritableFile wa = a.create("sst/000001.parquet");
            WritableFile wb = b.create("sst/000001.parquet");
            byte[] x = "first".getBytes(StandardCharsets.UTF_8);
            byte[] y = "second".getBytes(StandardCharsets.UTF_8);
            wa.write(x, 0, x.length);
            wa.sync();
            wa.close();
            wb.write(y, 0, y.length);
            IOException e = assertThrows(IOException.class, wb::sync);
            assertTrue(e.toString().contains("another writer"), e.toString());
            wb.close();
            assertEquals("first", new String(a.readAll("sst/000001.parquet"), StandardCharsets.UTF_8));
        }
    }
}
