package org.tonbo4j.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * H2 with tonbo tables ({@code ENGINE "tonbo"}) against H2's own MVStore tables, side by side in
 * one JVM, on a lineitem-shaped table (TPC-H columns, generated with a fixed seed):
 * ingest through batched prepared INSERTs, TPC-H Q1- and Q6-shaped aggregates, point lookups
 * by key, and bytes on disk after close. Results of every query must match between the two.
 *
 * <p>Run: {@code scripts/bench-h2.sh [--rows=1000000] [--reps=3] [--lookups=20000] [--dir=target/h2bench]
 * [--engines=h2,tonbo] [--reuse] [--csv=FILE]}; {@code --engines=tonbo} runs one side only and {@code --reuse}
 * queries the databases an earlier run left in {@code --dir} (both for profiling); {@code --csv} also writes the results for the charts ({@code scripts/bench-charts.sh}).
 */
public final class H2Bench {
    private static final String Q1 = "SELECT l_returnflag, l_linestatus, SUM(l_quantity), SUM(l_extendedprice),"
            + " SUM(l_extendedprice * (1 - l_discount)), SUM(l_extendedprice * (1 - l_discount) * (1 + l_tax)),"
            + " AVG(l_quantity), AVG(l_extendedprice), AVG(l_discount), COUNT(*) FROM lineitem"
            + " WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus"
            + " ORDER BY l_returnflag, l_linestatus";
    private static final String Q6 = "SELECT SUM(l_extendedprice * l_discount) FROM lineitem"
            + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
            + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24";

    private H2Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int rows = Integer.parseInt(a.getOrDefault("rows", "1000000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        int lookups = Integer.parseInt(a.getOrDefault("lookups", "20000"));
        Path dir = Path.of(a.getOrDefault("dir", "target/h2bench"));
        boolean reuse = a.containsKey("reuse"); // query the databases a previous run left in --dir (same --rows)
        if (!reuse) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        System.out.println("H2Bench: " + rows + " rows, " + reps + " reps, " + lookups + " lookups; "
                + MachineInfo.describe(dir));
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        List<List<String>> answers = new ArrayList<>();
        List<String> engines = List.of(a.getOrDefault("engines", "h2,tonbo").split(","));
        for (String engine : engines) {
            Map<String, Double> r = new LinkedHashMap<>();
            List<String> ans = new ArrayList<>();
            // no result reuse: every repetition really runs the query
            String url = "jdbc:h2:" + dir.resolve(engine).toAbsolutePath() + ";OPTIMIZE_REUSE_RESULTS=FALSE";
            if (!reuse) {
                try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                    r.put("ingest s", ingest(c, engine.equals("tonbo"), rows));
                }
            }
            r.put("MiB on disk", bytes(dir, engine) / 1048576.0);
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                double[] q1Cpu = {Double.MAX_VALUE};
                r.put("Q1 s", best(reps, () -> {
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    ans.add("Q1 " + query(c, Q1));
                    q1Cpu[0] = Math.min(q1Cpu[0], (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
                }));
                // CPU time of the session's thread alone: what H2 itself spends once the engine's
                // work runs on another thread (tonbo's read-ahead), steady however loaded the machine is
                r.put("Q1 session-thread CPU s", q1Cpu[0]);
                r.put("Q6 s", best(reps, () -> ans.add("Q6 " + query(c, Q6))));
                r.put("COUNT(*) s", best(reps, () -> ans.add("count " + query(c, "SELECT COUNT(*) FROM lineitem"))));
                r.put("point lookups/s", lookups / best(reps, () -> ans.add("get " + lookups(c, rows, lookups))));
            }
            results.put(engine, r);
            answers.add(ans);
            System.out.println(engine + ": " + r);
        }
        if (answers.size() < 2) {
            return; // one engine only (profiling): nothing to compare
        }
        if (!answers.get(0).equals(answers.get(1))) {
            throw new IllegalStateException("results differ:\n" + answers.get(0) + "\n" + answers.get(1));
        }
        System.out.println();
        System.out.printf("%-16s %14s %14s %10s%n", "metric", "h2 (MVStore)", "h2 + tonbo", "ratio");
        for (String m : results.get("h2").keySet()) {
            double h = results.get("h2").get(m);
            double t = results.get("tonbo").get(m);
            boolean higherIsBetter = m.endsWith("/s");
            System.out.printf("%-16s %14.3f %14.3f %9.2fx%n", m, h, t, higherIsBetter ? t / h : h / t);
        }
        System.out.println("(ratio > 1: tonbo better; for MiB on disk: h2 bytes / tonbo bytes)");
        if (a.containsKey("csv")) {
            BenchCsv csv = new BenchCsv(String.format("H2, ENGINE \"tonbo\" vs H2's own tables (%,d rows, best of %d)", rows, reps));
            for (String m : results.get("h2").keySet()) {
                csv.add("", m.replaceFirst(" s$", "").replaceFirst("/s$", ""), m.endsWith("/s") ? "/s" : m.startsWith("MiB") ? "MiB" : "s", results.get("tonbo").get(m),
                        results.get("h2").get(m), m.endsWith("/s"));
            }
            csv.write(Path.of(a.get("csv")));
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    interface Work {
        void run() throws Exception;
    }

    private static double best(int reps, Work w) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static double ingest(Connection c, boolean tonbo, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lineitem(l_orderkey BIGINT PRIMARY KEY, l_quantity DECIMAL(15, 2),"
                    + " l_extendedprice DECIMAL(15, 2), l_discount DECIMAL(15, 2), l_tax DECIMAL(15, 2),"
                    + " l_returnflag CHAR(1), l_linestatus CHAR(1), l_shipdate DATE, l_comment VARCHAR(44))"
                    + (tonbo ? " ENGINE \"tonbo\"" : ""));
        }
        Random rnd = new Random(42);
        LocalDate start = LocalDate.of(1992, 1, 1);
        String[] flags = {"A", "N", "R"};
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineitem VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setBigDecimal(2, BigDecimal.valueOf(1 + rnd.nextInt(50)));
                ps.setBigDecimal(3, BigDecimal.valueOf(90_000 + rnd.nextInt(10_000_000), 2));
                ps.setBigDecimal(4, BigDecimal.valueOf(rnd.nextInt(11), 2));
                ps.setBigDecimal(5, BigDecimal.valueOf(rnd.nextInt(9), 2));
                ps.setString(6, flags[rnd.nextInt(3)]);
                ps.setString(7, rnd.nextBoolean() ? "O" : "F");
                ps.setDate(8, Date.valueOf(start.plusDays(rnd.nextInt(2526))));
                ps.setString(9, "comment " + Long.toString(rnd.nextLong() & 0xffffffffL, 36));
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        c.setAutoCommit(true);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String query(Connection c, String sql) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append(i < n ? "|" : ";");
                }
            }
        }
        return b.toString();
    }

    private static long lookups(Connection c, int rows, int n) throws SQLException {
        Random rnd = new Random(7);
        long sum = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT l_quantity FROM lineitem WHERE l_orderkey = ?")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, rnd.nextInt(rows));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        sum += rs.getBigDecimal(1).longValue();
                    }
                }
            }
        }
        return sum;
    }

    private static long bytes(Path dir, String engine) throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && dir.relativize(p).toString().startsWith(engine + ".")) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    private static void deleteTree(Path dir) throws IOException {
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
