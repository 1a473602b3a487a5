package org.tonbo4j.perf;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * A quick local probe of the hot paths for profiling (not a benchmark: see bench/). Run from
 * the engine's test class path: {@code java -cp ... org.tonbo4j.perf.IngestProbe [rows]}.
 */
public final class IngestProbe {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("c1", ColumnType.INT64)
                .column("c2", ColumnType.INT32).column("c3", ColumnType.FLOAT64).column("c4", ColumnType.STRING)
                .column("c5", ColumnType.STRING).column("c6", ColumnType.BOOLEAN).column("c7", ColumnType.DATE)
                .column("c8", ColumnType.decimal(12, 2)).primaryKey("id").build();
        Path dir = Files.createTempDirectory("probe");
        Options o = Options.builder().syncPolicy(SyncPolicy.never()).memtableBytes(Long.getLong("probe.memtable", 64L << 20)).cacheBytes(Long.getLong("probe.cache", 128L << 20)).compression(org.tonbo4j.Compression.valueOf(System.getProperty("probe.comp", "ZSTD"))).build();
        Random r = new Random(1);
        String[] cats = {"alpha", "beta", "gamma", "delta"};
        try (Table<Row> t = Tonbo.open(dir, s, o)) {
            long t0 = System.nanoTime();
            List<Row> batch = new ArrayList<>(1000);
            for (long i = 0; i < rows; i++) {
                batch.add(Row.of(s, i, r.nextLong(), r.nextInt(), r.nextDouble(), "name-" + r.nextInt(1_000_000),
                        cats[r.nextInt(4)], r.nextBoolean(), LocalDate.ofEpochDay(18000 + r.nextInt(1000)),
                        BigDecimal.valueOf(r.nextInt(1_000_000), 2)));
                if (batch.size() == 1000) {
                    t.insertAll(batch);
                    batch.clear();
                }
            }
            long t1 = System.nanoTime();
            System.out.printf("ingest %.0f rows/s%n", rows / ((t1 - t0) / 1e9));
            System.out.println(t.stats());
            for (int k = 0; k < 2; k++) {
                long s0 = System.nanoTime();
                long m = 0;
                try (RowIterator<Row> it = t.scan()) {
                    while (it.hasNext()) {
                        it.next();
                        m++;
                    }
                }
                System.out.printf("memtable scan %.0f rows/s%n", m / ((System.nanoTime() - s0) / 1e9));
            }
            if (Boolean.getBoolean("probe.ingestOnly")) {
                return;
            }
            t1 = System.nanoTime();
            t.flush();
            long t2 = System.nanoTime();
            System.out.printf("flush %.2f s%n", (t2 - t1) / 1e9);
            if (Boolean.getBoolean("probe.flushOnly")) {
                return;
            }
            t.compact();
            long t3 = System.nanoTime();
            System.out.printf("compact %.2f s, %s%n", (t3 - t2) / 1e9, t.stats());
            for (int rep = 0; rep < 3; rep++) {
                long a = System.nanoTime();
                long n = 0;
                try (RowIterator<Row> it = t.scan()) {
                    while (it.hasNext()) {
                        it.next();
                        n++;
                    }
                }
                long b = System.nanoTime();
                try (RowIterator<Row> it = t.scan(Scan.builder().columns("c1").build())) {
                    while (it.hasNext()) {
                        it.next();
                        n++;
                    }
                }
                long c = System.nanoTime();
                int gets = 100_000;
                for (int i = 0; i < gets; i++) {
                    t.get((long) r.nextInt(rows));
                }
                long d = System.nanoTime();
                System.out.printf("scan %.0f rows/s, projection %.0f rows/s, get %.0f/s, cache used %d%n", rows / ((b - a) / 1e9),
                        rows / ((c - b) / 1e9), gets / ((d - c) / 1e9), t.stats().cacheUsedBytes());
            }
        }
    }
}
