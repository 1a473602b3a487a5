package org.tonbo4j.samples.demo;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * The H2 half of the demo: one H2 database file holding {@code lineitem_h2} (an ordinary H2
 * table) and {@code lineitem_tonbo} ({@code ENGINE "tonbo"}, its Parquet files in
 * {@code <dir>/h2/lineitem_tonbo}), filled with the same rows through the same batched JDBC
 * INSERTs, then queried with the same SQL.
 */
final class H2Side {
    static final String NATIVE = "LINEITEM_H2";
    static final String TONBO = "LINEITEM_TONBO";

    private final Path dir;

    H2Side(Path dir) {
        this.dir = dir;
    }

    Path tonboDir() {
        return dir.resolve("lineitem_tonbo").toAbsolutePath();
    }

    Connection connect() throws SQLException {
        // no result reuse: every repetition of a query really runs
        return DriverManager.getConnection("jdbc:h2:" + dir.resolve("demo").toAbsolutePath()
                + ";OPTIMIZE_REUSE_RESULTS=FALSE", "sa", "");
    }

    /** Creates both tables; the tonbo one gets the SQL functions for flush and compaction. */
    void create(Connection c) throws SQLException {
        String columns = "(l_id BIGINT PRIMARY KEY, l_orderkey BIGINT NOT NULL, l_custkey INT NOT NULL,"
                + " l_quantity DECIMAL(15, 2) NOT NULL, l_extendedprice DECIMAL(15, 2) NOT NULL,"
                + " l_discount DECIMAL(15, 2) NOT NULL, l_tax DECIMAL(15, 2) NOT NULL, l_returnflag VARCHAR(1) NOT NULL,"
                + " l_linestatus VARCHAR(1) NOT NULL, l_shipdate DATE NOT NULL, l_shipmode VARCHAR(10) NOT NULL,"
                + " l_comment VARCHAR(44))";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + NATIVE + columns);
            s.execute("CREATE TABLE " + TONBO + columns + " ENGINE \"tonbo\" WITH \"path=" + tonboDir() + "\"");
            s.execute("CREATE ALIAS IF NOT EXISTS TONBO_FLUSH FOR \"org.tonbo4j.h2.TonboFunctions.flush\"");
            s.execute("CREATE ALIAS IF NOT EXISTS TONBO_COMPACT FOR \"org.tonbo4j.h2.TonboFunctions.compact\"");
        }
    }

    /**
     * Inserts {@code rows} generated rows into {@code table} in batches of 10,000 rows per
     * transaction and returns the seconds taken; for the tonbo table this includes writing the
     * rows to Parquet and compacting them into the bottom level.
     */
    double ingest(Connection c, String table, long rows, long seed) throws SQLException {
        LineItems gen = new LineItems(seed);
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        try (ProgressBar bar = Progress.rows("H2 " + table.toLowerCase(java.util.Locale.ROOT), rows);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long i = 0; i < rows; i++) {
                LineItems.Row r = gen.next();
                ps.setLong(1, r.id);
                ps.setLong(2, r.orderKey);
                ps.setInt(3, r.custKey);
                ps.setBigDecimal(4, BigDecimal.valueOf(r.quantity));
                ps.setBigDecimal(5, BigDecimal.valueOf(r.extendedPriceCents, 2));
                ps.setBigDecimal(6, BigDecimal.valueOf(r.discountPercent, 2));
                ps.setBigDecimal(7, BigDecimal.valueOf(r.taxPercent, 2));
                ps.setString(8, r.returnFlag);
                ps.setString(9, r.lineStatus);
                ps.setDate(10, Date.valueOf(r.shipDate));
                ps.setString(11, r.shipMode);
                ps.setString(12, r.comment);
                ps.addBatch();
                if (i % 10_000 == 9_999) {
                    ps.executeBatch();
                    c.commit();
                    bar.stepTo(i + 1);
                }
            }
            ps.executeBatch();
            c.commit();
            bar.stepTo(rows);
        }
        c.setAutoCommit(true);
        if (!table.equals(TONBO)) {
            return (System.nanoTime() - t0) / 1e9;
        }
        // as for H2's own table, the load ends with its last durable COMMIT (the rows are in the WAL);
        // writing the rest of the memtable to Parquet and compacting into one sorted file for the
        // listing below are timed apart
        double load = (System.nanoTime() - t0) / 1e9;
        long c0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("CALL TONBO_FLUSH('" + TONBO + "')");
            s.execute("CALL TONBO_COMPACT('" + TONBO + "')");
        }
        compactSeconds = (System.nanoTime() - c0) / 1e9;
        return load;
    }

    /** Seconds the TONBO_FLUSH and TONBO_COMPACT after the last tonbo ingest took. */
    double compactSeconds;

    /** Bytes H2 reports for its own table (its share of the database file). */
    long nativeBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISK_SPACE_USED('" + NATIVE + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<Workload.Result> queries(Connection c, Workload w, String table, long rows) throws SQLException {
        return w.run(c, table, Workload.Dialect.H2, rows);
    }
}
