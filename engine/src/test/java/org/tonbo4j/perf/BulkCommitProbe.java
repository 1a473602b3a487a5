package org.tonbo4j.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.Transaction;

/**
 * A quick local probe of one large transaction (the SQLite benchmark's orders rows) for
 * profiling (not a benchmark: see bench/): buffering and commit times, bulk commits on or off
 * ({@code -Dprobe.bulk=false}), WAL synced at every commit or never ({@code -Dprobe.sync=every}). Run from the engine's test class path:
 * {@code java -cp ... org.tonbo4j.perf.BulkCommitProbe [rows]}.
 */
public final class BulkCommitProbe {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("customer", ColumnType.INT64)
                .column("amount", ColumnType.FLOAT64).column("qty", ColumnType.INT64).column("note", ColumnType.STRING)
                .primaryKey("id").build();
        Options.Builder b = Options.builder().syncPolicy(
                "every".equals(System.getProperty("probe.sync")) ? SyncPolicy.everyCommit() : SyncPolicy.never());
        if (!Boolean.parseBoolean(System.getProperty("probe.bulk", "true"))) {
            b.bulkCommitBytes(Long.MAX_VALUE);
        }
        Options o = b.build();
        for (int rep = 0; rep < Integer.getInteger("probe.reps", 5); rep++) {
            Path dir = Files.createTempDirectory("probe");
            Random r = new Random(42);
            try (Table<Row> t = Tonbo.open(dir, s, o)) {
                long t0 = System.nanoTime();
                Transaction<Row> tx = t.begin();
                for (long i = 0; i < rows; i++) {
                    tx.insert(Row.of(s, i, (long) r.nextInt(10_000), r.nextInt(100_000) / 100.0, 1L + r.nextInt(20),
                            "note " + r.nextInt(1000)));
                }
                long t1 = System.nanoTime();
                tx.commit();
                long t2 = System.nanoTime();
                t.flush();
                long t3 = System.nanoTime();
                System.out.printf("buffer %d ms, commit %d ms, flush after %d ms%n", (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            }
        }
    }
}
