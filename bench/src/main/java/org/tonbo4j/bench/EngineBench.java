package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;

/**
 * tonbo4j against RocksDB (rocksdbjni), side by side in one JVM, on the same logical data.
 *
 * <p>Workload ({@link BenchData}): a table of 1,000,000 rows (option {@code --rows}), an INT64
 * key and eight value columns (INT64, INT32, FLOAT64, a 10-30 char STRING, a low-cardinality
 * STRING, BOOLEAN, DATE, DECIMAL(12,2)), keys inserted in shuffled order. RocksDB stores each row
 * as key = 8-byte order-preserving id, value = the eight columns in a compact binary encoding
 * ({@link RowBytes}). Each engine runs on its own fresh directory, one engine after the other:
 * <ol>
 *   <li>{@code ingest}: all rows in atomic batches of 1,000 (tonbo {@code insertAll}, RocksDB
 *       {@code WriteBatch}), WAL on, no fsync per batch (tonbo {@code SyncPolicy.never()},
 *       RocksDB {@code setSync(false)}); then flush and full compaction (timed, shown for
 *       information);</li>
 *   <li>{@code size}: bytes of data files and of the whole directory after compaction;</li>
 *   <li>{@code get}: 200,000 random point gets of existing keys, then 20,000 of missing keys;</li>
 *   <li>{@code scan}: a full scan decoding all columns, and (tonbo only) a projection scan of one
 *       column, compared with RocksDB's full scan (RocksDB has no projection);</li>
 *   <li>{@code ingest-sync}: the same ingest on another fresh directory with an fsync per batch
 *       (tonbo {@code SyncPolicy.everyCommit()}, RocksDB {@code setSync(true)}).</li>
 * </ol>
 * An untimed warm-up pass of every workload on 100,000 rows comes first; then {@code --reps}
 * repetitions (default 3, alternating which engine goes first), and the best value of each is
 * reported with the ratio tonbo/rocksdb and the goal. The scans and gets check the engines'
 * answers against the generated data (a mismatch fails the workload).
 *
 * <p>Run from the repository root (builds, then runs with the default options):
 * <pre>{@code
 * scripts/bench-engine.sh
 * scripts/bench-engine.sh --rows=200000 --reps=1 --workloads=ingest,get
 * }</pre>
 * which is {@code mvn -B -q install -DskipTests -pl bench -am} then
 * {@code java -Xms4g -Xmx4g -cp 'bench/target/classes:bench/target/lib/*' org.tonbo4j.bench.EngineBench [options]};
 * {@code --help} lists the options.
 */
public final class EngineBench {
    private final BenchArgs args;
    private final Report report = new Report();
    private final List<Path> profiles = new ArrayList<>();

    private EngineBench(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] argv) throws IOException {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals("help")) {
                System.err.println(e.getMessage());
            }
            System.err.println(BenchArgs.USAGE);
            System.exit(e.getMessage().equals("help") ? 0 : 2);
            return;
        }
        new EngineBench(args).run();
        System.exit(0); // engines' background threads must not keep a finished benchmark alive
    }

    private void run() throws IOException {
        BenchData.distribution = args.data;
        Path root = args.dir != null ? Files.createDirectories(args.dir) : Files.createTempDirectory("tonbo-bench-");
        if (args.profileDir != null) {
            Files.createDirectories(args.profileDir);
        }
        System.out.println("# tonbo4j vs RocksDB: " + String.format(Locale.ROOT, "%,d", args.rows) + " rows, batches of " + args.batch
                + ", workloads " + args.workloads + ", best of " + args.reps
                + ", data " + args.data.name().toLowerCase(Locale.ROOT));
        System.out.println(MachineInfo.describe(root));
        if (args.engines.contains("rocksdb")) {
            try {
                RocksDB.loadLibrary();
            } catch (Throwable t) {
                System.err.println("RocksDB's native library failed to load; running tonbo alone: " + t);
                t.printStackTrace();
                report.note("RocksDB's native library failed to load: " + t);
                args.engines.remove("rocksdb");
            }
        }
        if (args.warmupRows > 0) {
            System.out.printf(Locale.ROOT, "%nwarm-up: %,d rows, untimed%n", args.warmupRows);
            Dataset warm = new Dataset(Math.min(args.warmupRows, args.rows), Math.min(args.gets, 20_000), Math.min(args.misses, 2_000));
            for (String engine : args.engines) {
                runOne(engine, warm, root.resolve("warmup"), null);
            }
        }
        System.out.printf(Locale.ROOT, "%ngenerating %,d rows%n", args.rows);
        Dataset data = new Dataset(args.rows, args.gets, args.misses);
        for (int rep = 0; rep < args.reps; rep++) {
            List<String> order = new ArrayList<>(args.engines);
            if (rep % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            System.out.printf(Locale.ROOT, "%nrep %d of %d, order %s%n", rep + 1, args.reps, order);
            for (String engine : order) {
                runOne(engine, data, root.resolve("rep" + rep), rep == 0 ? args.profileDir : null);
            }
        }
        System.out.println("\n## Results (best of " + args.reps + ")\n");
        System.out.println(report.table());
        System.out.println("\nall repetitions:\n" + report.raw());
        if (args.csv != null) {
            report.csv(String.format(Locale.ROOT, "engine, tonbo vs RocksDB (%,d rows, %s data, best of %d)", args.rows,
                    args.data.name().toLowerCase(Locale.ROOT), args.reps)).write(args.csv);
        }
        for (Path p : profiles) {
            System.out.println(JfrTop.summarize(p, 15));
        }
        if (!args.keep) {
            deleteRecursively(args.dir != null ? root.resolve("warmup") : root);
            for (int rep = 0; rep < args.reps && args.dir != null; rep++) {
                deleteRecursively(root.resolve("rep" + rep));
            }
        }
    }

    /** Every selected workload for one engine: the loaded table, then the fsync ingest. */
    private void runOne(String engine, Dataset d, Path repDir, Path profileDir) {
        Report into = profileDir == null && repDir.getFileName().toString().equals("warmup") ? new Report() : report;
        Path dir = repDir.resolve(engine);
        try {
            loaded(engine, d, dir, profileDir, into);
        } finally {
            deleteQuietly(dir);
        }
        if (args.workloads.contains("ingest-sync")) {
            Path syncDir = repDir.resolve(engine + "-sync");
            try (BenchEngine e = open(engine, syncDir, true)) {
                double s = timed(engine, "ingest-sync", profileDir, () -> ingest(e, d));
                into.add(engine, Metric.INGEST_SYNC, d.rows.length / s);
                log(engine, Metric.INGEST_SYNC, d.rows.length / s);
            } catch (RuntimeException ex) {
                failed(into, engine, Metric.INGEST_SYNC, ex);
            } finally {
                deleteQuietly(syncDir);
            }
        }
        System.gc();
    }

    private void loaded(String engine, Dataset d, Path dir, Path profileDir, Report into) {
        BenchEngine e;
        try {
            e = open(engine, dir, false);
        } catch (RuntimeException ex) {
            failed(into, engine, Metric.INGEST, ex);
            return;
        }
        try {
            if (into == report && report.all(engine, Metric.INGEST).isEmpty() && report.all(engine, Metric.FLUSH_COMPACT).isEmpty()) {
                report.note("- " + engine + ": " + e.describe());
            }
            Metric current = Metric.INGEST;
            try {
                double s = timed(engine, "ingest", args.workloads.contains("ingest") ? profileDir : null, () -> ingest(e, d));
                if (args.workloads.contains("ingest")) {
                    into.add(engine, Metric.INGEST, d.rows.length / s);
                    log(engine, Metric.INGEST, d.rows.length / s);
                }
                current = Metric.FLUSH_COMPACT;
                s = timed(engine, "flush-compact", profileDir, () -> {
                    e.flushAndCompact();
                    return 0;
                });
                into.add(engine, Metric.FLUSH_COMPACT, s);
                log(engine, Metric.FLUSH_COMPACT, s);
                if (e instanceof TonboEngine && into == report) {
                    System.out.println("    tonbo after compaction: " + ((TonboEngine) e).shape());
                }
                if (args.workloads.contains("size")) {
                    into.add(engine, Metric.DATA_BYTES, e.dataBytes());
                    log(engine, Metric.DATA_BYTES, e.dataBytes());
                }
            } catch (RuntimeException ex) {
                failed(into, engine, current, ex);
                return;
            }
            if (args.workloads.contains("get")) {
                measure(into, engine, Metric.GET, profileDir, () -> gets(into, e, d.hitKeys, true));
                if (d.missKeys.length > 0) {
                    measure(into, engine, Metric.GET_MISS, profileDir, () -> gets(into, e, d.missKeys, false));
                }
            }
            if (args.workloads.contains("scan")) {
                measure(into, engine, Metric.SCAN, profileDir, () -> scan(e, d, false));
                if (e instanceof TonboEngine) {
                    measure(into, engine, Metric.PROJECTION, profileDir, () -> scan(e, d, true));
                }
            }
        } finally {
            try {
                e.close();
            } catch (RuntimeException ex) {
                failed(into, engine, Metric.DIR_BYTES, ex);
            }
        }
        if (args.workloads.contains("size")) {
            long bytes = BenchEngine.directoryBytes(dir);
            into.add(engine, Metric.DIR_BYTES, bytes);
            log(engine, Metric.DIR_BYTES, bytes);
        }
    }

    /** A workload body: returns the operations done, or a value for the metric when it is not a rate. */
    private interface Body {
        double run();
    }

    private void measure(Report into, String engine, Metric m, Path profileDir, Body body) {
        try {
            double[] ops = new double[1];
            double s = timed(engine, m.name().toLowerCase(Locale.ROOT), profileDir, () -> ops[0] = body.run());
            into.add(engine, m, ops[0] / s);
            log(engine, m, ops[0] / s);
        } catch (RuntimeException ex) {
            failed(into, engine, m, ex);
        }
    }

    /** Runs {@code body} under a {@link PhaseWatch}; returns the wall-clock seconds. */
    private double timed(String engine, String phase, Path profileDir, Body body) {
        System.gc();
        PhaseWatch watch = PhaseWatch.start(engine, phase, profileDir, args.stallSeconds);
        long t0 = System.nanoTime();
        try {
            body.run();
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            watch.close();
            if (watch.jfrFile() != null) {
                profiles.add(watch.jfrFile());
            }
        }
    }

    private double ingest(BenchEngine e, Dataset d) {
        Object[][] batch = new Object[args.batch][];
        for (int i = 0; i < d.rows.length; i += args.batch) {
            int n = Math.min(args.batch, d.rows.length - i);
            System.arraycopy(d.rows, i, batch, 0, n);
            e.insertBatch(batch, n);
        }
        return d.rows.length;
    }

    /**
     * Gets every key (or as many as fit in {@code --max-get-seconds}); checks that all hits are
     * found with the right values and no miss is. Returns the number of gets done.
     */
    private double gets(Report into, BenchEngine e, long[] keys, boolean hits) {
        long deadline = System.nanoTime() + args.maxGetSeconds * 1_000_000_000L;
        int found = 0;
        long sum = 0;
        int done = 0;
        for (; done < keys.length; done++) {
            if ((done & 15) == 15 && System.nanoTime() > deadline) {
                break;
            }
            Object[] v = e.get(keys[done]);
            if (v != null) {
                found++;
                sum += Dataset.fullChecksum(v);
            }
        }
        if (done < keys.length) {
            String msg = String.format(Locale.ROOT, "- %s: %s stopped at the %d s limit after %,d of %,d gets (rate over those)",
                    e.name(), hits ? "gets of existing keys" : "gets of missing keys", args.maxGetSeconds, done, keys.length);
            System.out.println("  " + msg);
            into.note(msg);
        }
        if (found != (hits ? done : 0)) {
            throw new IllegalStateException(e.name() + " found " + found + " of " + done + (hits ? " existing" : " missing") + " keys");
        }
        long expected = 0;
        for (int i = 0; i < done && hits; i++) {
            expected += Dataset.fullChecksum(BenchData.row(keys[i]));
        }
        if (sum != expected) {
            throw new IllegalStateException(e.name() + " gets returned wrong values: checksum " + sum + ", expected " + expected);
        }
        for (int i = 0; i < Math.min(100, done); i++) {
            Object[] v = e.get(keys[i]);
            Object[] want = hits ? BenchData.row(keys[i]) : null;
            if (!Arrays.deepEquals(v, want)) {
                throw new IllegalStateException(e.name() + " get(" + keys[i] + ") = " + Arrays.toString(v) + ", expected " + Arrays.toString(want));
            }
        }
        return done;
    }

    private static double scan(BenchEngine e, Dataset d, boolean projection) {
        long[] sum = new long[1];
        long n = e.scan(projection, projection ? v -> sum[0] += Dataset.projectionChecksum(v) : v -> sum[0] += Dataset.fullChecksum(v));
        long expected = projection ? d.projectionChecksum : d.fullChecksum;
        if (n != d.rows.length || sum[0] != expected) {
            throw new IllegalStateException(e.name() + (projection ? " projection" : " full") + " scan returned " + n + " rows, checksum "
                    + sum[0] + "; expected " + d.rows.length + " rows, checksum " + expected);
        }
        return n;
    }

    private BenchEngine open(String engine, Path dir, boolean sync) {
        deleteQuietly(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot create " + dir + ": " + ex, ex);
        }
        return engine.equals("tonbo") ? new TonboEngine(dir, sync, args.cacheMib << 20, args.pageKib << 10)
                : new RocksEngine(dir, sync, BenchArgs.rocksCompression(args.rocksCompression), args.cacheMib << 20);
    }

    private static void log(String engine, Metric m, double v) {
        System.out.printf(Locale.ROOT, "  %-8s %-55s %16s %s%n", engine, m.label, Report.fmt(v, m), m.unit);
    }

    private static void failed(Report into, String engine, Metric m, Throwable ex) {
        System.err.println("FAILED " + engine + " " + m.label + ":");
        ex.printStackTrace();
        into.fail(engine, m, ex.toString());
    }

    private void deleteQuietly(Path dir) {
        if (args.keep) {
            return;
        }
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
