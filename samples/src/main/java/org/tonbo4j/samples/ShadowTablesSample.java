package org.tonbo4j.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.tonbo4j.sqlite.TonboSqlite;

/**
 * Analytical shadow tables: an existing row table keeps serving the application while a tonbo
 * mirror, kept in sync by triggers in the same transaction, serves the analytical queries. Once
 * in H2 ({@code CALL TONBO_SHADOW('ORDERS')} creates {@code ORDERS_TONBO}) and once in SQLite
 * ({@code SELECT tonbo_shadow('orders')} creates {@code orders_tonbo}).
 *
 * <p>Run from the repository root: {@code scripts/sample.sh ShadowTablesSample [DIR]} (default: a
 * temporary directory). Its test runs it in the test suite.
 */
public final class ShadowTablesSample {
    private ShadowTablesSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-shadow-");
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("h2").toAbsolutePath(), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY, item VARCHAR(20), qty INT)");
            s.execute("INSERT INTO orders VALUES (1, 'apple', 3), (2, 'pear', 1), (3, 'apple', 5)");
            s.execute("CREATE ALIAS IF NOT EXISTS TONBO_SHADOW FOR \"org.tonbo4j.h2.TonboFunctions.shadow\"");
            s.execute("CALL TONBO_SHADOW('ORDERS')");
            // the application goes on writing the row table; the triggers update the mirror
            s.execute("INSERT INTO orders VALUES (4, 'plum', 12)");
            s.execute("UPDATE orders SET qty = 2 WHERE id = 2");
            s.execute("DELETE FROM orders WHERE id = 1");
            print(s, "H2", "SELECT item, COUNT(*), SUM(qty) FROM orders_tonbo GROUP BY item ORDER BY item");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"))) {
            TonboSqlite.attach(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT, qty INTEGER)");
                s.execute("INSERT INTO orders VALUES (1, 'apple', 3), (2, 'pear', 1), (3, 'apple', 5)");
                s.execute("SELECT tonbo_shadow('orders')");
                s.execute("INSERT INTO orders VALUES (4, 'plum', 12)");
                s.execute("UPDATE orders SET qty = 2 WHERE id = 2");
                s.execute("DELETE FROM orders WHERE id = 1");
                print(s, "SQLite", "SELECT item, count(*), sum(qty) FROM orders_tonbo GROUP BY item ORDER BY item");
            }
        }
    }

    private static void print(Statement s, String db, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            System.out.println(db + ": " + sql);
            while (rs.next()) {
                System.out.println("  " + rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3));
            }
        }
    }
}
