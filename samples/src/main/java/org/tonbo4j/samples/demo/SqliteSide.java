package org.tonbo4j.samples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import me.tongfei.progressbar.ProgressBar;
import org.sqlite.SQLiteConfig;
import org.tonbo4j.sqlite.TonboSqlite;

/**
 * The SQLite half of the demo, through sqlite-jdbc: one database file {@code <dir>/sqlite/demo.db}
 * holding {@code lineitem_sqlite} (a native table) and {@code lineitem_tonbo} (a tonbo virtual
 * table; its files in {@code <dir>/sqlite/lineitem_tonbo}, served from this JVM through
 * {@link TonboSqlite#attach}). The generated rows go first to a staging table in a second
 * database file; both tables are then loaded from it with the same {@code INSERT ... SELECT}
 * statements, 50,000 rows per transaction.
 */
final class SqliteSide {
    static final String NATIVE = "lineitem_sqlite";
    static final String TONBO = "lineitem_tonbo";
    private static final String COLUMNS = "(l_id integer primary key, l_orderkey integer not null, l_custkey integer not null,"
            + " l_quantity real not null, l_extendedprice real not null, l_discount real not null, l_tax real not null,"
            + " l_returnflag text not null, l_linestatus text not null, l_shipdate date not null, l_shipmode text not null,"
            + " l_comment text)";
    private static final int CHUNK = 50_000;

    private final Path dir;

    SqliteSide(Path dir) {
        this.dir = dir;
    }

    Path tonboDir() {
        return dir.resolve(TONBO);
    }

    Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("demo.db"));
        TonboSqlite.attach(c);
        return c;
    }

    void create(Connection c) throws SQLException {
        exec(c, "CREATE TABLE " + NATIVE + COLUMNS);
        exec(c, "CREATE VIRTUAL TABLE " + TONBO + " USING tonbo(create_sql = 'create table " + TONBO + COLUMNS
                + "', path = '" + TONBO + "')");
    }

    /** Writes the generated rows into {@code staging.src} (not timed: both tables load from it). */
    void stage(Connection c, long rows, long seed) throws SQLException {
        exec(c, "ATTACH '" + dir.resolve("staging.db") + "' AS staging");
        exec(c, "CREATE TABLE staging.src" + COLUMNS);
        LineItems gen = new LineItems(seed);
        c.setAutoCommit(false);
        try (ProgressBar bar = Progress.rows("SQLite staging", rows);
             PreparedStatement p = c.prepareStatement("INSERT INTO staging.src VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long i = 0; i < rows; i++) {
                LineItems.Row r = gen.next();
                p.setLong(1, r.id);
                p.setLong(2, r.orderKey);
                p.setInt(3, r.custKey);
                p.setDouble(4, r.quantity);
                p.setDouble(5, r.extendedPriceCents / 100.0);
                p.setDouble(6, r.discountPercent / 100.0);
                p.setDouble(7, r.taxPercent / 100.0);
                p.setString(8, r.returnFlag);
                p.setString(9, r.lineStatus);
                p.setString(10, r.shipDate.toString());
                p.setString(11, r.shipMode);
                p.setString(12, r.comment);
                p.addBatch();
                if (i % 10_000 == 9_999) {
                    p.executeBatch();
                    bar.stepTo(i + 1);
                }
            }
            p.executeBatch();
            bar.stepTo(rows);
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Loads {@code table} from the staging table in chunks; returns the seconds taken. */
    double ingest(Connection c, String table, long rows) throws SQLException {
        long t0 = System.nanoTime();
        try (ProgressBar bar = Progress.rows("SQLite " + table, rows);
             PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " SELECT * FROM staging.src WHERE l_id >= ? AND l_id < ?")) {
            for (long from = 0; from < rows; from += CHUNK) {
                p.setLong(1, from);
                p.setLong(2, from + CHUNK);
                p.executeUpdate();
                bar.stepTo(Math.min(rows, from + CHUNK));
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    void dropStaging(Connection c) throws SQLException {
        exec(c, "DROP TABLE staging.src");
        exec(c, "DETACH staging");
        try {
            Files.deleteIfExists(dir.resolve("staging.db"));
        } catch (java.io.IOException e) {
            throw new SQLException("cannot delete the staging database: " + e.getMessage(), e);
        }
    }

    /** Bytes of the database file in use (it holds only the native table's pages and the schema). */
    long nativeBytes(Connection c) throws SQLException {
        return pragma(c, "page_size") * (pragma(c, "page_count") - pragma(c, "freelist_count"));
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
