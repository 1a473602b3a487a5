package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Options;
import org.tonbo4j.ReadOnlyTable;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * Readers of a table in S3 that another process writes: a separate JVM opened read-only sees
 * exactly the rows of the writer's snapshot (flushed SSTs, compacted levels and the WAL not
 * yet flushed); an in-process view keeps its state until refreshed, and changes nothing.
 */
class S3ReadOnlyTest {
    private static List<String> rows(RowIterator<Row> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(r -> out.add(r.getLong("id") + "=" + r.getString("v")));
        }
        return out;
    }

    private static void write(Table<Row> t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (i % 7 == 3) {
                t.delete((long) (i / 2));
            } else {
                t.insert(Row.of(Workload.SCHEMA, (long) (i % 300), "v" + i));
            }
            if (i % 200 == 199) {
                t.flush();
            }
        }
    }

    @Test
    void anotherProcessSeesTheWritersSnapshot() throws Exception {
        S3Config config = S3TestServer.config("read-only-process").build();
        try (S3Storage s3 = S3Storage.open(config); Table<Row> writer = Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS)) {
            write(writer, 0, 1500);
            writer.compact();
            write(writer, 1500, 1650); // the last rows stay in the WAL and the memtable
            List<String> expected;
            try (Snapshot<Row> snap = writer.snapshot()) {
                expected = rows(snap.scan());
            }
            assertFalse(expected.isEmpty());
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ReadOnlyReaderMain.class.getName(), S3TestServer.endpoint().toString(), config.prefix())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the reader process finished");
            assertEquals(0, p.exitValue(), "reader exit status; output: " + out);
            List<String> got = new ArrayList<>(List.of(out.split("\n")));
            assertEquals("END", got.remove(got.size() - 1));
            assertEquals(expected, got);
            // The reader changed nothing: the writer goes on and reopens normally.
            writer.insert(Row.of(Workload.SCHEMA, 1L, "after the reader"));
            writer.flush();
        }
    }

    /**
     * A reader in another process holds an old view while the writer compacts away every file
     * of it: with the grace period the reader still reads its whole snapshot; without one it
     * fails with an error naming the missing object.
     */
    @Test
    void laggingReaderInAnotherProcessOutlivesACompaction() throws Exception {
        List<String> lagging = lagBehindACompaction("lagging-reader", java.time.Duration.ofMinutes(1));
        assertEquals("END", lagging.remove(lagging.size() - 1), "the lagging reader read its view: " + lagging);
        List<String> control = lagBehindACompaction("lagging-reader-no-grace", java.time.Duration.ZERO);
        assertEquals("ERROR", control.get(0), "without a grace period the old files are gone: " + control);
        assertTrue(control.get(1).contains("s3://" + S3TestServer.BUCKET + "/"), "the error names the object: " + control);
    }

    /** Runs the lagging reader against a writer with {@code delay}; returns its output after {@code READY}. */
    private static List<String> lagBehindACompaction(String name, java.time.Duration delay) throws Exception {
        S3Config config = S3TestServer.config(name).deleteDelay(delay).build();
        try (S3Storage s3 = S3Storage.open(config); Table<Row> writer = Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS)) {
            write(writer, 0, 600);
            writer.flush();
            List<String> expected;
            try (Snapshot<Row> snap = writer.snapshot()) {
                expected = rows(snap.scan());
            }
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LaggingReaderMain.class.getName(), S3TestServer.endpoint().toString(), config.prefix())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine());
            write(writer, 600, 1200);
            writer.compact();
            java.io.OutputStream in = p.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> got = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                got.add(line);
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the reader process finished");
            assertEquals(0, p.exitValue(), "reader exit status; output: " + got);
            if (!got.isEmpty() && got.get(got.size() - 1).equals("END")) {
                assertEquals(expected, got.subList(0, got.size() - 1), "the lagging view reads its own snapshot");
            }
            return got;
        }
    }

    @Test
    void viewKeepsItsStateUntilRefreshed() throws Exception {
        S3Config config = S3TestServer.config("read-only-refresh").build();
        try (S3Storage writerStorage = S3Storage.open(config); S3Storage readerStorage = S3Storage.open(config);
             Table<Row> writer = Tonbo.open(writerStorage, Workload.SCHEMA, Workload.OPTIONS)) {
            write(writer, 0, 600);
            List<String> first;
            try (Snapshot<Row> snap = writer.snapshot()) {
                first = rows(snap.scan());
            }
            try (ReadOnlyTable<Row> view = Tonbo.openReadOnly(readerStorage, Workload.SCHEMA, Options.defaults())) {
                assertEquals(first, rows(view.scan()));
                long seq = view.lastSequence();
                write(writer, 600, 1400);
                writer.compact();
                assertEquals(first, rows(view.scan()), "the view's state does not move by itself");
                view.refresh();
                List<String> now;
                try (Snapshot<Row> snap = writer.snapshot()) {
                    now = rows(snap.scan());
                }
                assertEquals(now, rows(view.scan()), "after refresh the view shows the newest committed state");
                assertTrue(view.lastSequence() > seq);
                assertEquals(writer.get(5L), view.get(5L));
            }
        }
    }
}
