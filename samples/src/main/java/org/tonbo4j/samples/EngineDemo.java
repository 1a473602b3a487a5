package org.tonbo4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tonbo4j.Nullable;
import org.tonbo4j.Options;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.TableStats;
import org.tonbo4j.Tonbo;

/**
 * The engine-only demo ({@code scripts/demo.sh --engine-only}): opens an orders table in a local directory, ingests rows in
 * batches with a progress bar, reads them back with a full scan, a projection scan and random
 * point lookups, and prints the timings and the Parquet files it wrote.
 *
 * <p>Arguments: {@code [directory] [rows]}; defaults {@code ./db_path/orders} and 1,000,000.
 */
public final class EngineDemo {

    /** One order; {@code id} is the primary key. */
    public record Order(@PrimaryKey long id, String customer, String status, double amount, int quantity,
                        LocalDate orderDate, long updatedMicros, @Nullable String comment) {
    }

    private static final String[] STATUS = {"open", "paid", "shipped", "delivered", "returned"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "db_path/orders");
        long rows = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 1_000_000L;
        deleteRecursively(dir);
        System.out.printf(Locale.ROOT, "tonbo4j demo: %,d orders into %s%n%n", rows, dir.toAbsolutePath());

        Options options = Options.builder().syncPolicy(SyncPolicy.interval(Duration.ofMillis(100))).build();
        try (Table<Order> orders = Tonbo.open(dir, Order.class, options)) {
            long t0 = System.nanoTime();
            ingest(orders, rows);
            long ingestNanos = System.nanoTime() - t0;

            t0 = System.nanoTime();
            orders.flush();
            orders.compact();
            long compactNanos = System.nanoTime() - t0;

            t0 = System.nanoTime();
            double total = 0;
            long seen = 0;
            try (RowIterator<Order> it = orders.scan()) {
                while (it.hasNext()) {
                    total += it.next().amount();
                    seen++;
                }
            }
            long scanNanos = System.nanoTime() - t0;

            t0 = System.nanoTime();
            long projected = 0;
            try (RowIterator<Order> it = orders.scan(Scan.builder().columns("amount").build())) {
                while (it.hasNext()) {
                    it.next();
                    projected++;
                }
            }
            long projNanos = System.nanoTime() - t0;

            int lookups = (int) Math.min(100_000, rows);
            Random r = new Random(7);
            t0 = System.nanoTime();
            int found = 0;
            for (int i = 0; i < lookups; i++) {
                if (orders.get((long) r.nextInt((int) Math.min(Integer.MAX_VALUE, rows))).isPresent()) {
                    found++;
                }
            }
            long getNanos = System.nanoTime() - t0;

            System.out.println();
            line("ingest (batches of 1,000, WAL on)", rows, ingestNanos);
            System.out.printf(Locale.ROOT, "  %-38s %10.2f s%n", "flush + full compaction", compactNanos / 1e9);
            line("full scan (all 8 columns)", seen, scanNanos);
            line("projection scan (amount only)", projected, projNanos);
            line("random point lookups", lookups, getNanos);
            System.out.printf(Locale.ROOT, "  found %,d of %,d keys; total amount %.2f%n%n", found, lookups, total);

            TableStats stats = orders.stats();
            System.out.printf(Locale.ROOT, "LSM levels: %s%n", describeLevels(stats));
        }
        System.out.println("Parquet files written:");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".parquet")).sorted()::iterator) {
                System.out.printf(Locale.ROOT, "  %-50s %,14d bytes%n", dir.relativize(p), Files.size(p));
            }
        }
        System.out.println();
        System.out.println("Read them with any Parquet reader, e.g. DuckDB (live rows, see docs/format/sst.md):");
        System.out.println("  SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone) FROM read_parquet('" + dir + "/sst/*.parquet')"
                + " QUALIFY row_number() OVER (PARTITION BY id ORDER BY _tonbo_seq DESC) = 1 AND NOT _tonbo_tombstone;");
    }

    private static void ingest(Table<Order> orders, long rows) {
        Random r = new Random(42);
        LocalDate start = LocalDate.of(2020, 1, 1);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("ingest").setInitialMax(rows)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).setUpdateIntervalMillis(250).build()) {
            List<Order> batch = new ArrayList<>(1000);
            for (long id = 0; id < rows; id++) {
                batch.add(new Order(id, "customer-" + r.nextInt(50_000), STATUS[r.nextInt(STATUS.length)],
                        Math.round(r.nextDouble() * 100_000) / 100.0, 1 + r.nextInt(20),
                        start.plusDays(r.nextInt(2000)), 1_600_000_000_000_000L + id * 1000,
                        r.nextInt(4) == 0 ? null : "note " + r.nextInt(1000)));
                if (batch.size() == 1000) {
                    orders.insertAll(batch);
                    bar.stepBy(batch.size());
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                orders.insertAll(batch);
                bar.stepBy(batch.size());
            }
        }
    }

    private static void line(String what, long n, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(Locale.ROOT, "  %-38s %10.2f s  %,14.0f rows/s%n", what, s, n / Math.max(s, 1e-9));
    }

    private static String describeLevels(TableStats stats) {
        StringBuilder sb = new StringBuilder();
        for (TableStats.Level l : stats.levels()) {
            if (l.files() > 0) {
                sb.append(String.format(Locale.ROOT, "L%d: %d file(s), %,d bytes, %,d rows; ", l.level(), l.files(), l.bytes(), l.rows()));
            }
        }
        return sb.length() == 0 ? "empty" : sb.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
