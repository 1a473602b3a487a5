package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Errors surface at the statement that caused them, as on a native table, through sqlite-jdbc:
 * a duplicate key inside BEGIN ... COMMIT fails that INSERT (and only it), a multi-row statement
 * fails as a whole; decimals read back as a native NUMERIC column holds them. Each case runs on
 * a tonbo table and on a native table and must give the same outcome.
 */
class StatementErrorTest {
    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        TonboSqlite.attach(c);
        return c;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String rows(Connection c, String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getObject(i));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String outcome(Connection c, String table) throws SQLException {
        exec(c, "BEGIN");
        exec(c, "INSERT INTO " + table + " VALUES (1, 'a', 1.50)");
        SQLException dup = assertThrows(SQLException.class, () -> exec(c, "INSERT INTO " + table + " VALUES (1, 'b', 2)"),
                "the duplicate INSERT itself fails on " + table);
        assertTrue(dup.getMessage().contains("UNIQUE constraint failed: " + table + ".id"), dup.getMessage());
        exec(c, "INSERT INTO " + table + " VALUES (2, 'c', 12.00)"); // the transaction goes on
        String inTx = rows(c, "SELECT * FROM " + table + " ORDER BY id");
        exec(c, "COMMIT");
        return inTx + "--\n" + rows(c, "SELECT * FROM " + table + " ORDER BY id")
                + rows(c, "SELECT sum(amount), typeof(amount) FROM " + table + " GROUP BY 2 ORDER BY 2");
    }

    @Test
    void aDuplicateKeyFailsItsOwnStatementAsOnANativeTable() throws Exception {
        try (Connection c = connect()) {
            exec(c, "CREATE TABLE nat(id INTEGER PRIMARY KEY, v TEXT, amount DECIMAL(10,2))");
            exec(c, "CREATE VIRTUAL TABLE tb USING tonbo(create_sql = 'create table tb(id integer primary key, v text,"
                    + " amount decimal(10,2))', path = 'tb')");
            String expected = outcome(c, "nat");
            assertEquals(expected.replace("nat", "tb"), outcome(c, "tb"));
            assertEquals("1|a|1.5\n2|c|12\n--\n1|a|1.5\n2|c|12\n12|integer\n1.5|real\n", expected);
        }
    }

    /**
     * A statement that writes several rows is checked when it ends (its savepoint release): it
     * fails there with SQLITE_CONSTRAINT, and SQLite then rolls the whole transaction back (a
     * failed release cannot undo just the statement), where a native table undoes the statement only.
     */
    @Test
    void aMultiRowStatementFailsAtItsEndAndEndsTheTransaction() throws Exception {
        try (Connection c = connect()) {
            exec(c, "CREATE VIRTUAL TABLE tb USING tonbo(create_sql = 'create table tb(id integer primary key, v text)', path = 'tb')");
            exec(c, "INSERT INTO tb VALUES (1, 'committed')");
            exec(c, "BEGIN");
            exec(c, "INSERT INTO tb VALUES (2, 'in tx')");
            SQLException e = assertThrows(SQLException.class, () -> exec(c, "INSERT INTO tb VALUES (3, 'x'), (1, 'dup')"));
            assertEquals(19, e.getErrorCode() & 0xff, e.getMessage());
            assertThrows(SQLException.class, () -> exec(c, "COMMIT"), "the transaction is gone");
            assertEquals("1|committed\n", rows(c, "SELECT * FROM tb"));
        }
    }
}
