package org.tonbo4j.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.tonbo4j.sqlite.TonboSqlite;

/**
 * SQLite from Java through sqlite-jdbc: {@link TonboSqlite#attach} loads the tonbo extension into
 * the connection and serves its tables from this JVM (no second process). Creates a tonbo virtual
 * table, writes to it in a transaction, queries it with a key range and an aggregate, and joins
 * it with a native SQLite table.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh SqliteJdbcSample [DIR]} (default: a
 * temporary directory). Its test runs it in the test suite.
 */
public final class SqliteJdbcSample {
    private SqliteJdbcSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-sqlite-");
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true); // TonboSqlite.attach needs it
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"))) {
            TonboSqlite.attach(c);
            try (Statement s = c.createStatement()) {
                // path is relative to the database file's directory
                s.execute("CREATE VIRTUAL TABLE readings USING tonbo(create_sql = 'create table readings("
                        + "sensor integer, ts integer, value real, primary key(sensor, ts))', path = 'readings')");
                s.execute("CREATE TABLE sensors(id INTEGER PRIMARY KEY, name TEXT)");
                s.execute("INSERT INTO sensors VALUES (1, 'boiler'), (2, 'attic')");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO readings VALUES (?, ?, ?)")) {
                for (int sensor = 1; sensor <= 2; sensor++) {
                    for (int ts = 0; ts < 100; ts++) {
                        p.setInt(1, sensor);
                        p.setInt(2, ts);
                        p.setDouble(3, sensor * 10 + ts / 10.0);
                        p.executeUpdate();
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                print(s, "SELECT count(*), min(value), max(value) FROM readings WHERE sensor = 2 AND ts >= 50");
                print(s, "SELECT name, count(*), round(avg(value), 2) FROM readings JOIN sensors ON sensors.id = readings.sensor"
                        + " GROUP BY name ORDER BY name");
                print(s, "SELECT sensor, ts, value FROM readings ORDER BY sensor DESC, ts DESC LIMIT 2");
            }
        }
    }

    private static void print(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            System.out.println(sql);
            while (rs.next()) {
                StringBuilder b = new StringBuilder("  ");
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                System.out.println(b);
            }
        }
    }
}
