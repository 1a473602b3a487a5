package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void valuesLargerThanAWriteBatch() throws SQLException {
        // 300 KiB and 1 MiB values: the write buffer grows past its batch size inside one value
        exec("INSERT INTO src VALUES (100, 1, 1.0, printf('%.*c', 300000, 'x'), randomblob(1048576))");
        both("INSERT INTO %s SELECT * FROM src WHERE id = 100");
        both("INSERT INTO %s SELECT id + 1000, i, r, t || '\u00e9', b FROM src");
    }
}
