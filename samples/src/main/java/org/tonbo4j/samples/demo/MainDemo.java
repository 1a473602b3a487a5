package org.tonbo4j.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tonbo4j.samples.EngineDemo;

/**
 * The README's first command ({@code scripts/demo.sh}): tonbo tables beside the native tables of
 * H2 and SQLite, on the same analytical data.
 *
 * <ol>
 *   <li>generates a lineitem-shaped data set (deterministic seed; {@link LineItems});</li>
 *   <li>H2: loads it into an ordinary H2 table and an {@code ENGINE "tonbo"} table of one
 *       database; SQLite (sqlite-jdbc): into a native table and a tonbo virtual table;</li>
 *   <li>runs the same queries on all four tables ({@link Workload}), checks that the answers
 *       agree, and prints a side-by-side table of times and bytes on disk;</li>
 *   <li>lists the Parquet files of the H2 tonbo table and answers TPC-H Q6 over them with DuckDB.</li>
 * </ol>
 *
 * <p>Options: {@code --rows=N} (default 2,000,000), {@code --dir=DIR} (default {@code ./demo_data};
 * emptied first), {@code --reps=N} (best of N for every query, default 2), {@code --lookups=N}
 * (default 10,000), {@code --ranges=N} (default 500), {@code --csv=FILE} (also write the results
 * as CSV), {@code --engine-only} (the engine alone: {@link EngineDemo}; then {@code --dir} and
 * {@code --rows} are passed on).
 */
public final class MainDemo {
    private static final long SEED = 42;

    private MainDemo() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        if (a.containsKey("engine-only")) {
            List<String> pass = new ArrayList<>();
            if (a.containsKey("dir")) {
                pass.add(a.get("dir"));
                if (a.containsKey("rows")) {
                    pass.add(a.get("rows"));
                }
            } else if (a.containsKey("rows")) {
                pass.add("db_path/orders");
                pass.add(a.get("rows"));
            }
            EngineDemo.main(pass.toArray(String[]::new));
            return;
        }
        long rows = number(a, "rows", 2_000_000);
        Path dir = Path.of(a.getOrDefault("dir", "demo_data")).toAbsolutePath();
        Workload workload = new Workload((int) number(a, "lookups", 10_000), (int) number(a, "ranges", 500),
                (int) number(a, "reps", 2));
        Report report = run(dir, rows, workload, System.out);
        if (a.containsKey("csv")) {
            report.writeCsv(Path.of(a.get("csv")));
        }
    }

    /** Runs the whole demo in {@code dir} (emptied first) and prints to {@code out}; returns the report. */
    static Report run(Path dir, long rows, Workload workload, PrintStream out) throws Exception {
        long start = System.nanoTime();
        deleteTree(dir);
        Path h2Dir = Files.createDirectories(dir.resolve("h2"));
        Path sqliteDir = Files.createDirectories(dir.resolve("sqlite"));
        out.printf(Locale.ROOT, "tonbo4j demo: %,d lineitem rows (seed %d) into %s%n", rows, SEED, dir);
        out.println("  H2 2.5: an ordinary table and an ENGINE \"tonbo\" table; SQLite 3 (sqlite-jdbc): a native table"
                + " and a tonbo virtual table");
        out.println("  queries: TPC-H Q1 and Q6 shapes, a GROUP BY, " + workload.describeLookups());
        out.println();
        Report report = new Report(rows);

        H2Side h2 = new H2Side(h2Dir);
        try (Connection c = h2.connect()) {
            h2.create(c);
            report.ingest("H2", h2.ingest(c, H2Side.NATIVE, rows, SEED), h2.ingest(c, H2Side.TONBO, rows, SEED));
            report.bytes("H2", h2.nativeBytes(c), treeBytes(h2.tonboDir()));
            out.printf(Locale.ROOT, "H2 tonbo: after the load's last COMMIT, TONBO_FLUSH and TONBO_COMPACT wrote the rest of the"
                    + " memtable to Parquet and rewrote the table into one sorted file in %.1f s (not counted in ingest).%n",
                    h2.compactSeconds);
            out.println("H2: running the queries on both tables ...");
            report.queries("H2", h2.queries(c, workload, H2Side.NATIVE, rows), h2.queries(c, workload, H2Side.TONBO, rows));
        }

        SqliteSide sqlite = new SqliteSide(sqliteDir);
        long sqliteNativeBytes;
        try (Connection c = sqlite.connect()) {
            sqlite.create(c);
            sqlite.stage(c, rows, SEED);
            double nativeIngest = sqlite.ingest(c, SqliteSide.NATIVE, rows);
            double tonboIngest = sqlite.ingest(c, SqliteSide.TONBO, rows);
            report.ingest("SQLite", nativeIngest, tonboIngest);
            sqlite.dropStaging(c);
            out.println("SQLite: running the queries on both tables ...");
            report.queries("SQLite", workload.run(c, SqliteSide.NATIVE, Workload.Dialect.SQLITE, rows),
                    workload.run(c, SqliteSide.TONBO, Workload.Dialect.SQLITE, rows));
            sqliteNativeBytes = sqlite.nativeBytes(c);
        }
        // measured once the connection is closed: closing writes the tonbo table's memtable to Parquet
        report.bytes("SQLite", sqliteNativeBytes, treeBytes(sqlite.tonboDir()));
        out.println();
        report.print(out);
        long sqliteParquet = parquetBytes(sqlite.tonboDir());
        out.printf(Locale.ROOT, "SQLite tonbo bytes (after the connection closed): %.1f MiB in Parquet files,"
                + " %.1f MiB in the write-ahead log and manifest.%n",
                sqliteParquet / 1048576.0, (treeBytes(sqlite.tonboDir()) - sqliteParquet) / 1048576.0);
        report.checkAgreement(out);

        out.println();
        out.println("The H2 tonbo table's Parquet files (" + h2.tonboDir() + "):");
        List<Path> files = ParquetTour.listFiles(h2.tonboDir(), out);
        String live = ParquetTour.liveRows(files, "l_id");
        String q6 = "SELECT SUM(l_extendedprice * l_discount) AS revenue FROM %s"
                + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
                + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24";
        out.println();
        out.println("DuckDB reads them directly; the table's live rows (docs/format/sst.md):");
        out.println("  " + live);
        long t0 = System.nanoTime();
        List<Object> duck = ParquetTour.duckdb(live, q6);
        double duckSeconds = (System.nanoTime() - t0) / 1e9;
        report.duckdb(duck, duckSeconds, out);
        out.printf(Locale.ROOT, "%nDone in %.0f s. The databases stay in %s (H2: h2/demo.mv.db, SQLite: sqlite/demo.db).%n",
                (System.nanoTime() - start) / 1e9, dir);
        return report;
    }

    static long treeBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long parquetBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (options: --rows=N --dir=DIR --reps=N"
                        + " --lookups=N --ranges=N --csv=FILE --engine-only)");
            }
            String[] kv = arg.substring(2).split("=", 2);
            if (!List.of("rows", "dir", "reps", "lookups", "ranges", "csv", "engine-only").contains(kv[0])) {
                throw new IllegalArgumentException("unknown option '--" + kv[0] + "' (options: --rows=N --dir=DIR --reps=N"
                        + " --lookups=N --ranges=N --csv=FILE --engine-only)");
            }
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return a;
    }

    private static long number(Map<String, String> a, String key, long dflt) {
        String v = a.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new IllegalArgumentException("--" + key + " must be at least 1: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " is not a number: '" + v + "'", e);
        }
    }
}
