package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Every kind of SQLite value through the extension's WRITE encoding and the sidecar's decoding:
 * rows inserted (in bulk and one by one) and updated (unchanged columns travel as NOCHANGE) in a
 * tonbo table and in a native table must read back with the same types and bytes.
 */
class WriteValuesTest {
    private static final String COLUMNS = "id integer primary key, i integer, r real, t text, b blob";
    /** Values at the edges of the encoding: signs, widths, empty and multi-byte text, empty blobs, NULL. */
    private static final String ROWS = "VALUES (1, 0, 0.0, '', x''), (2, -1, -0.5, 'a', x'00'),"
            + " (3, 9223372036854775807, 1e308, 'note 123', x'00ff7f80'), (4, -9223372036854775808, -1e-308, 'caf\u00e9', x''),"
            + " (5, 2147483648, 3.141592653589793, '\u65e5\u672c\u8a9e \uD83D\uDE00', randomblob(64)), (6, NULL, NULL, NULL, NULL),"
            + " (7, 255, 2.5, char(0, 65), zeroblob(3))";
    private static final String READ = "SELECT id, quote(i), typeof(i), quote(r), typeof(r), hex(t), typeof(t), hex(b),"
            + " typeof(b), length(b) FROM %s ORDER BY id";

    @TempDir
    Path dir;
    private Connection conn;

    @BeforeEach
    void open() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        conn = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        TonboSqlite.attach(conn);
        exec("CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(" + COLUMNS + ")', path = '"
                + dir.resolve("t_data") + "')");
        exec("CREATE TABLE n(" + COLUMNS + ")");
        exec("CREATE TABLE src(" + COLUMNS + ")");
        exec("INSERT INTO src " + ROWS);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> rows(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(String.format(READ, table))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int c = 1; c <= n; c++) {
                    sb.append(c == 1 ? "" : "|").append(rs.getString(c));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private void both(String sql) throws SQLException {
        exec(String.format(sql, "t"));
        exec(String.format(sql, "n"));
        assertEquals(rows("n"), rows("t"), sql);
    }

    @Test
    void bulkInsertAndUpdateKeepEveryValue() throws SQLException {
        both("INSERT INTO %s SELECT * FROM src");
        assertEquals(7, rows("t").size());
        both("UPDATE %s SET t = t || '\u00e9' WHERE id IN (1, 3, 5)");
        both("UPDATE %s SET i = i / 2, b = x'0102' WHERE id > 4");
        both("UPDATE %s SET id = id + 100 WHERE id = 2");
        both("DELETE FROM %s WHERE id = 4");
    }

    @Test
    void rowsOneByOneInsideATransaction() throws SQLException {
        exec("BEGIN");
        for (int id = 1; id <= 7; id++) {
            both("INSERT INTO %s SELECT * FROM src WHERE id = " + id);
        }
        exec("COMMIT");
        assertEquals(rows("n"), rows("t"));
    }

    /**
     * Numbers written to a text column become the text this SQLite makes of them (its REAL format
     * differs between versions: only SQLite can make it), also where a REAL is compared with a
     * text column.
     */
    @Test
    void numbersInATextColumnReadAsSqliteWritesThem() throws SQLException {
        both("INSERT INTO %s(id, t) VALUES (1, 1e18), (2, 123456789.125), (3, 1e-5), (4, 1e100), (5, 0.30000000000000004),"
                + " (6, 1e15), (7, -0.0), (8, 42), (9, -9223372036854775808), (10, 2.5), (11, '1.0e+18'), (12, 1e308 * 10)");
        both("UPDATE %s SET t = t * 1.5 WHERE id IN (2, 10)");
        for (String where : List.of("t = 1e18", "t = 123456789.125 * 1.5", "t IN (1e-5, 1e100)", "t > 1e18", "t = 42")) {
            assertEquals(ids("n", where), ids("t", where), where);
        }
    }

    private String ids(String table, String where) throws SQLException {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT group_concat(id) FROM (SELECT id FROM " + table + " WHERE " + where
                     + " ORDER BY id)")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * A value a typed column could only hold by changing it is refused, naming column and value:
     * a BLOB in a text column, TEXT in a blob column, text that is not UTF-8. Nothing is written.
     */
    @Test
    void valuesThatWouldChangeAreRefused() throws SQLException {
        for (String values : List.of("(1, 0, 0, x'00ff', NULL)", "(2, 0, 0, NULL, 'plain text')",
                "(3, 0, 0, cast(x'61ff62' as text), NULL)", "(4, 0, 0, 'ok', NULL), (5, 0, 0, cast(x'c3' as text), NULL)")) {
            SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES " + values), values);
            assertTrue(e.getMessage().contains("SQLITE_MISMATCH") || e.getMessage().contains("mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains("BLOB") || e.getMessage().contains("TEXT") || e.getMessage().contains("UTF-8"),
                    e.getMessage());
        }
        assertEquals(List.of(), rows("t"));
        exec("INSERT INTO t VALUES (6, 0, 0, cast(x'616263' as text), cast('abc' as blob))"); // converted first: fine
        assertEquals(1, rows("t").size());
    }

    @Test
    void valuesLargerThanAWriteBatch() throws SQLException {
        // 300 KiB and 1 MiB values: the write buffer grows past its batch size inside one value
        exec("INSERT INTO src VALUES (100, 1, 1.0, printf('%.*c', 300000, 'x'), randomblob(1048576))");
        both("INSERT INTO %s SELECT * FROM src WHERE id = 100");
        both("INSERT INTO %s SELECT id + 1000, i, r, t || '\u00e9', b FROM src");
    }
}
