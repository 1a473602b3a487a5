package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.sqlite.TonboSqlite;

/**
 * A tonbo virtual table against a native SQLite table with the same rows, side by side in one
 * sqlite-jdbc connection (the tonbo sidecar runs in this JVM through {@link TonboSqlite#attach}).
 *
 * <p>Workload: {@code orders(id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, qty INTEGER,
 * note TEXT)}, N rows (default 500,000). Phases: bulk {@code INSERT ... SELECT} from a native
 * staging table; an aggregate scan {@code SELECT count(*), sum(amount)}; 20,000 point lookups by
 * key; an analytical {@code GROUP BY customer % 100} — each on the rows just written (the tonbo
 * table's start in its memtable; the idle flush writes them to Parquet about a second after the
 * load, while these reads run) and again from a new connection (the last connection's
 * close wrote them to Parquet); bytes on disk (native: the database file holding only that
 * table; tonbo: the table directory after a compaction). Best of 5 for reads (extra tonbo table
 * arguments: {@code -Dtonbo.bench.vtabArgs}, e.g. {@code idle_flush_ms = '0'}).
 *
 * <p>Run: {@code scripts/bench-sqlite.sh [rows [csv-file]]}; the CSV is the input of the charts
 * ({@code scripts/bench-charts.sh}). Results: docs/bench/sqlite.md.
 */
public final class SqliteBench {
    /**
     * More arguments for the tonbo tables, from {@code -Dtonbo.bench.vtabArgs} (e.g.
     * {@code idle_flush_ms = '0'} to keep just-written rows in the memtable while they are read).
     */
    private static final String EXTRA_ARGS = System.getProperty("tonbo.bench.vtabArgs", "").isBlank() ? ""
            : ", " + System.getProperty("tonbo.bench.vtabArgs");
    /** Best of this many for the read workloads: each takes tens of milliseconds. */
    private static final int READ_REPS = 5;
    /**
     * Bulk loads, each into fresh tables; the best counts. The tonbo sidecar's write path is
     * JIT-compiled during the first loads (a long-running process pays that once), so the first
     * load's time is reported on its own as well.
     */
    private static final int LOAD_REPS = 5;

    private SqliteBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Path dir = Files.createTempDirectory("tonbo-sqlite-bench");
        Path tonboDir = dir.resolve("orders_tonbo");
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        double[] native_ = new double[7];
        double[] tonbo = new double[7];
        double firstNative = 0;
        double firstTonbo = 0;
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("native.db"))) {
            TonboSqlite.attach(c);
            exec(c, "ATTACH '" + dir.resolve("staging.db") + "' AS staging");
            exec(c, "CREATE TABLE staging.src(id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, qty INTEGER, note TEXT)");
            fill(c, rows);
            // bulk load, best of LOAD_REPS on fresh tables; the first also warms the JIT up
            for (int rep = 0; rep < LOAD_REPS; rep++) {
                exec(c, "DROP TABLE IF EXISTS orders");
                exec(c, "DROP TABLE IF EXISTS temp.orders_t");
                exec(c, "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, qty INTEGER, note TEXT)");
                exec(c, "CREATE VIRTUAL TABLE temp.orders_t USING tonbo(create_sql = 'create table orders_t(id integer primary key,"
                        + " customer integer, amount real, qty integer, note text)', path = '" + tonboDir.resolve("rep" + rep) + "', sync = 'never'" + EXTRA_ARGS + ")");
                double n = time(() -> exec(c, "INSERT INTO orders SELECT * FROM staging.src"));
                double t = time(() -> exec(c, "INSERT INTO orders_t SELECT * FROM staging.src"));
                if (rep == 0) {
                    firstNative = n;
                    firstTonbo = t;
                }
                native_[0] = best(native_[0], rep, n);
                tonbo[0] = best(tonbo[0], rep, t);
            }
            reads(c, rows, native_, tonbo, 1);
            exec(c, "DROP TABLE staging.src");
            exec(c, "DETACH staging");
            // not DROP TABLE: that deletes the tonbo table's files; closing the connection keeps them
            exec(c, "VACUUM");
        }
        // Later, in a new connection: the last connection's close wrote the memtable to Parquet.
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("native.db"))) {
            TonboSqlite.attach(c);
            exec(c, "CREATE VIRTUAL TABLE temp.orders_t USING tonbo(create_sql = 'create table orders_t(id integer primary key,"
                    + " customer integer, amount real, qty integer, note text)', path = '" + tonboDir.resolve("rep" + (LOAD_REPS - 1)) + "', sync = 'never'" + EXTRA_ARGS + ")");
            reads(c, rows, native_, tonbo, 4);
        }
        long nativeBytes = Files.size(dir.resolve("native.db"));
        Schema schema = Schema.builder().column("id", ColumnType.INT64, false).column("customer", ColumnType.INT64)
                .column("amount", ColumnType.FLOAT64).column("qty", ColumnType.INT64).column("note", ColumnType.STRING)
                .primaryKey("id").build();
        try (Table<org.tonbo4j.Row> t = openWhenReleased(tonboDir.resolve("rep" + (LOAD_REPS - 1)), schema)) {
            t.compact();
        }
        long tonboBytes = size(tonboDir.resolve("rep" + (LOAD_REPS - 1)));
        System.out.println(MachineInfo.describe(dir));
        System.out.printf("rows: %,d%n%n", rows);
        System.out.println("| workload | native SQLite | tonbo vtab | tonbo speed vs native |");
        System.out.println("|---|---|---|---|");
        String[] names = {"bulk INSERT ... SELECT", "aggregate scan (count, sum), rows just written",
            "20,000 point lookups by key, rows just written", "GROUP BY customer % 100, rows just written",
            "aggregate scan (count, sum), rows in Parquet", "20,000 point lookups by key, rows in Parquet",
            "GROUP BY customer % 100, rows in Parquet"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf("| %s | %.0f ms | %.0f ms | %.2f× |%n", names[i], native_[i], tonbo[i], native_[i] / tonbo[i]);
        }
        System.out.printf("| bytes on disk | %,d | %,d | %.2f× the size |%n", nativeBytes, tonboBytes, (double) tonboBytes / nativeBytes);
        System.out.printf("%nbulk loads: best of %d; the first (cold JIT) took %.0f ms native, %.0f ms tonbo (%.2f×)%n",
                LOAD_REPS, firstNative, firstTonbo, firstNative / firstTonbo);
        if (args.length > 1) {
            BenchCsv csv = new BenchCsv(String.format("SQLite, tonbo virtual table vs native table (%,d rows, best of %d loads, %d reads)", rows, LOAD_REPS, READ_REPS));
            for (int i = 0; i < names.length; i++) {
                csv.add("", names[i], "ms", tonbo[i], native_[i], false);
            }
            csv.add("", "bytes on disk", "bytes", tonboBytes, nativeBytes, false);
            csv.write(Path.of(args[1]));
        }
    }

    /**
     * The three read workloads, best of {@link #READ_REPS}, into {@code native_[at..at + 2]} and
     * {@code tonbo[at..at + 2]}: aggregate scan, point lookups, GROUP BY.
     */
    private static void reads(Connection c, int rows, double[] native_, double[] tonbo, int at) throws Exception {
        String agg = "SELECT count(*), sum(amount) FROM %s";
        String group = "SELECT customer %% 100, sum(amount), avg(qty) FROM %s GROUP BY 1";
        check(c, agg);
        for (int rep = 0; rep < READ_REPS; rep++) {
            native_[at] = best(native_[at], rep, time(() -> drain(c, String.format(agg, "orders"))));
            tonbo[at] = best(tonbo[at], rep, time(() -> drain(c, String.format(agg, "orders_t"))));
            native_[at + 1] = best(native_[at + 1], rep, time(() -> lookups(c, "orders", rows)));
            tonbo[at + 1] = best(tonbo[at + 1], rep, time(() -> lookups(c, "orders_t", rows)));
            native_[at + 2] = best(native_[at + 2], rep, time(() -> drain(c, String.format(group, "orders"))));
            tonbo[at + 2] = best(tonbo[at + 2], rep, time(() -> drain(c, String.format(group, "orders_t"))));
        }
    }

    /** The sidecar closes the table when it sees the connection's socket close, a moment after close(). */
    private static Table<org.tonbo4j.Row> openWhenReleased(Path path, Schema schema) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Tonbo.open(path, schema);
            } catch (org.tonbo4j.TableLockedException e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double best(double prev, int rep, double now) {
        return rep == 0 ? now : Math.min(prev, now);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void fill(Connection c, int rows) throws SQLException {
        c.setAutoCommit(false);
        Random r = new Random(42);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO staging.src VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                p.setLong(1, i);
                p.setLong(2, r.nextInt(10_000));
                p.setDouble(3, r.nextInt(100_000) / 100.0);
                p.setLong(4, 1 + r.nextInt(20));
                p.setString(5, "note " + r.nextInt(1000));
                p.addBatch();
                if (i % 10_000 == 9_999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static void drain(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static void check(Connection c, String agg) throws SQLException {
        String a = first(c, String.format(agg, "orders"));
        String b = first(c, String.format(agg, "orders_t"));
        if (!a.equals(b)) {
            throw new IllegalStateException("native and tonbo disagree: " + a + " vs " + b);
        }
    }

    private static String first(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2);
        }
    }

    private static void lookups(Connection c, String table, int rows) throws SQLException {
        Random r = new Random(7);
        try (PreparedStatement p = c.prepareStatement("SELECT amount FROM " + table + " WHERE id = ?")) {
            for (int i = 0; i < 20_000; i++) {
                p.setLong(1, r.nextInt(rows));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
