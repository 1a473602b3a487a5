package org.tonbo4j.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2 with a tonbo table: {@code CREATE TABLE ... ENGINE "tonbo"} in an H2 file database, plain
 * SQL on it (INSERT, UPDATE, an aggregate, ROLLBACK), its Parquet files after a flush, and the
 * rows again after reopening the database. Nothing to register: the tonbo-h2 jar on the class
 * path is enough.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh H2Sample [DIR]} (default: a temporary
 * directory). Its test runs it in the test suite.
 */
public final class H2Sample {
    private H2Sample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-h2-");
        String url = "jdbc:h2:" + dir.resolve("shop").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales(id BIGINT PRIMARY KEY, item VARCHAR(20) NOT NULL, qty INT NOT NULL,"
                    + " price DECIMAL(10, 2) NOT NULL) ENGINE \"tonbo\"");
            s.execute("INSERT INTO sales VALUES (1, 'apple', 3, 0.50), (2, 'pear', 1, 0.80), (3, 'apple', 5, 0.50),"
                    + " (4, 'plum', 12, 0.25)");
            s.execute("UPDATE sales SET qty = qty + 1 WHERE item = 'pear'");
            print(s, "SELECT item, SUM(qty), SUM(qty * price) FROM sales GROUP BY item ORDER BY item");

            c.setAutoCommit(false);
            s.execute("DELETE FROM sales WHERE item = 'apple'");
            c.rollback(); // the delete is undone, as for any H2 table
            c.setAutoCommit(true);
            print(s, "SELECT COUNT(*) FROM sales");

            s.execute("CREATE ALIAS IF NOT EXISTS TONBO_FLUSH FOR \"org.tonbo4j.h2.TonboFunctions.flush\"");
            s.execute("CALL TONBO_FLUSH('SALES')");
        }
        try (var files = Files.walk(dir)) {
            files.filter(p -> p.toString().endsWith(".parquet"))
                    .forEach(p -> System.out.println("parquet file: " + dir.relativize(p)));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            print(s, "SELECT id, item, qty FROM sales WHERE id BETWEEN 2 AND 3 ORDER BY id");
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
