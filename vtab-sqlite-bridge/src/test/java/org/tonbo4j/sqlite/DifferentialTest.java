package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * sqlite-jdbc through {@link TonboSqlite#attach}: random queries (filters, key ranges, IN,
 * ORDER BY, LIMIT/OFFSET, aggregates, GROUP BY, joins with a native table) and random writes
 * run on a tonbo table (with a 16 KiB memtable, so most rows are in Parquet files) and on a
 * native table holding the same rows; every result must match.
 * {@code -Dtonbo.test.queries=N} (default 300) sets the number of queries; a failure prints the
 * seed, {@code -Dtonbo.test.seed=S} replays it.
 */
class DifferentialTest {
    @TempDir
    Path dir;
    Connection conn;

    @BeforeEach
    void open() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        conn = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        TonboSqlite.attach(conn);
        exec("CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id integer primary key, a integer, b real, c text, d integer)',"
                + " path = '" + dir.resolve("t_data") + "',"
                // a small memtable: rows spread over memory, Parquet files and compactions, so scans
                // mix column batches of the files with boxed rows of the memtable
                + " memtable_bytes = '16384')");
        exec("CREATE TABLE n(id INTEGER PRIMARY KEY, a INTEGER, b REAL, c TEXT, d INTEGER)");
        exec("CREATE TABLE dim(k INTEGER PRIMARY KEY, label TEXT)");
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

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    private static String value(Random r, String col) {
        switch (col) {
            case "id": return String.valueOf(r.nextInt(1200) - 100);
            case "a": return r.nextInt(10) == 0 ? "NULL" : String.valueOf(r.nextInt(50));
            case "b": return r.nextInt(10) == 0 ? "NULL" : r.nextInt(15) == 0 ? (r.nextBoolean() ? "0.0" : "-0.0")
                    : String.valueOf(r.nextInt(10000) / 100.0);
            case "c": return r.nextInt(10) == 0 ? "NULL" : "'s" + r.nextInt(100) + "'";
            default: return String.valueOf(r.nextInt(3));
        }
    }

    private static String predicate(Random r) {
        String[] cols = {"id", "id", "id", "a", "b", "c", "d"};
        String col = cols[r.nextInt(cols.length)];
        switch (r.nextInt(12)) {
            // terms SQLite checks itself (IS, a collation, column against column): a LIMIT must not be taken
            case 9: return col + " IS " + value(r, col);
            case 10: return "c = " + value(r, "c").toUpperCase(java.util.Locale.ROOT) + " COLLATE NOCASE";
            case 11: return r.nextBoolean() ? "a < id - 40" : "b > a";
            case 0: return col + " = " + value(r, col);
            case 1: return col + " > " + value(r, col);
            case 2: return col + " >= " + value(r, col) + " AND " + col + " < " + value(r, col);
            case 3: return col + " BETWEEN " + value(r, col) + " AND " + value(r, col);
            case 4: return col + " IN (" + value(r, col) + ", " + value(r, col) + ", " + value(r, col) + ")";
            case 5: return col + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
            case 6: return col + " <> " + value(r, col);
            case 7: return predicate(r) + (r.nextBoolean() ? " AND " : " OR ") + predicate(r);
            default: return col + " <= " + value(r, col);
        }
    }

    private static String query(Random r, String table) {
        String where = r.nextInt(5) == 0 ? "" : " WHERE " + predicate(r);
        switch (r.nextInt(6)) {
            case 0: {
                String order = " ORDER BY id" + (r.nextBoolean() ? " DESC" : "");
                String limit = r.nextBoolean() ? " LIMIT " + r.nextInt(20) + (r.nextBoolean() ? " OFFSET " + r.nextInt(10) : "") : "";
                return "SELECT * FROM " + table + where + order + limit;
            }
            case 1: return "SELECT count(*), sum(a), round(sum(b), 6), min(c), max(c), avg(d) FROM " + table + where;
            case 2: return "SELECT a % 5, count(*), round(avg(b), 6), max(id) FROM " + table + where + " GROUP BY 1 ORDER BY 1";
            case 3: return "SELECT x.id, dim.label FROM dim JOIN (SELECT * FROM " + table + where + ") x ON dim.k = x.a ORDER BY x.id";
            case 4: return "SELECT c, id FROM " + table + where + " ORDER BY c, id LIMIT 15";
            default: return "SELECT id, b FROM " + table + " WHERE id IN (SELECT k FROM dim WHERE k % 3 = " + r.nextInt(3) + ")" + " ORDER BY id DESC";
        }
    }

    private void write(Random r) throws SQLException {
        String sql;
        switch (r.nextInt(4)) {
            case 0:
                sql = "INSERT OR REPLACE INTO %s VALUES (" + value(r, "id") + ", " + value(r, "a") + ", " + value(r, "b") + ", "
                        + value(r, "c") + ", " + value(r, "d") + ")";
                break;
            case 1: sql = "UPDATE %s SET a = " + value(r, "a") + ", c = " + value(r, "c") + " WHERE " + predicate(r); break;
            case 2: sql = "DELETE FROM %s WHERE " + predicate(r); break;
            default: sql = "UPDATE OR IGNORE %s SET id = id + " + (r.nextInt(5) - 2) + " WHERE id BETWEEN " + value(r, "id") + " AND " + value(r, "id");
        }
        exec(String.format(sql, "t"));
        exec(String.format(sql, "n"));
    }

    @Test
    void randomQueriesMatchANativeTable() throws Exception {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        int queries = Integer.getInteger("tonbo.test.queries", 300);
        Random r = new Random(seed);
        String replay = " (seed " + seed + ", replay with -Dtonbo.test.seed=" + seed + ")";
        conn.setAutoCommit(false);
        for (int i = 0; i < 1000; i++) {
            String row = "(" + i + ", " + value(r, "a") + ", " + value(r, "b") + ", " + value(r, "c") + ", " + value(r, "d") + ")";
            exec("INSERT INTO t VALUES " + row);
            exec("INSERT INTO n VALUES " + row);
        }
        for (int k = 0; k < 50; k++) {
            exec("INSERT INTO dim VALUES (" + k + ", 'label" + k + "')");
        }
        conn.commit();
        conn.setAutoCommit(true);
        for (int q = 0; q < queries; q++) {
            if (r.nextInt(4) == 0) {
                write(r);
            }
            String sql = query(r, "%s");
            List<String> tonbo = query(sql.replace("%s", "t"));
            List<String> nat = query(sql.replace("%s", "n"));
            assertEquals(nat, tonbo, "query " + q + ": " + sql.replace("%s", "t") + replay);
        }
        assertEquals(query("SELECT * FROM n ORDER BY id"), query("SELECT * FROM t ORDER BY id"), "final contents" + replay);
    }

    @Test
    void transactionsThroughJdbc() throws Exception {
        exec("INSERT INTO t VALUES (1, 1, 1.0, 'one', 0)");
        conn.setAutoCommit(false);
        exec("INSERT INTO t VALUES (2, 2, 2.0, 'two', 0)");
        assertEquals(List.of("2"), query("SELECT count(*) FROM t"), "read-your-writes");
        conn.rollback();
        assertEquals(List.of("1"), query("SELECT count(*) FROM t"));
        exec("UPDATE t SET c = 'uno' WHERE id = 1");
        Savepoint sp = conn.setSavepoint("sp");
        exec("DELETE FROM t");
        assertEquals(List.of("0"), query("SELECT count(*) FROM t"));
        conn.rollback(sp);
        conn.commit();
        conn.setAutoCommit(true);
        assertEquals(List.of("1|uno"), query("SELECT id, c FROM t"));
        SQLException dup = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES (1, 0, 0, 'dup', 0)"));
        assertTrue(dup.getMessage().contains("UNIQUE constraint failed: t.id"), dup.getMessage());
        assertEquals(List.of("1|uno"), query("SELECT id, c FROM t"));
    }

    /** SAVEPOINT without BEGIN opens a transaction; ROLLBACK TO its outermost savepoint undoes the writes. */
    @Test
    void rollbackToTheOutermostSavepointWithoutBegin() throws Exception {
        exec("INSERT INTO t VALUES (1, 1, 1.0, 'one', 1)");
        exec("SAVEPOINT o");
        exec("INSERT INTO t VALUES (10, 10, 10.0, 'ten', 10)");
        exec("SAVEPOINT p");
        exec("INSERT INTO t VALUES (11, 11, 11.0, 'eleven', 11)");
        exec("ROLLBACK TO p");
        assertEquals(List.of("1", "10"), query("SELECT id FROM t ORDER BY id"));
        exec("ROLLBACK TO o");
        assertEquals(List.of("1"), query("SELECT id FROM t ORDER BY id"));
        exec("INSERT INTO t VALUES (12, 12, 12.0, 'twelve', 12)");
        exec("RELEASE o");
        assertEquals(List.of("1", "12"), query("SELECT id FROM t ORDER BY id"));
    }

    /** LIMIT with terms SQLite checks itself, and signed zeros, on the same rows in both tables. */
    @Test
    void limitsWithTermsLeftToSqliteAndSignedZeros() throws Exception {
        for (String table : List.of("t", "n")) {
            exec("INSERT INTO " + table + " VALUES (1, 5, 0.0, 'aa', 1), (2, NULL, -0.0, 'CC', 9), (3, 9, 1.0, 'cc', 9),"
                    + " (4, 2, NULL, 'b', 2), (5, 1, 7.0, NULL, 3)");
        }
        for (String where : List.of("d IS 9 ORDER BY id LIMIT 1", "id IS 3 ORDER BY id DESC LIMIT 1",
                "d IS 9 ORDER BY id LIMIT 1 OFFSET 1", "c = 'CC' COLLATE NOCASE ORDER BY id LIMIT 1",
                "a < id ORDER BY id LIMIT 5", "b > a ORDER BY id LIMIT 1", "c < a ORDER BY id LIMIT 2",
                "b = 0 ORDER BY id", "b = -0.0 ORDER BY id", "b <> 0.0 ORDER BY id", "b IN (0.0, 7) ORDER BY id",
                "b >= 0 AND b <= -0.0 ORDER BY id", "b > -0.0 ORDER BY id", "b < 0 ORDER BY id")) {
            assertEquals(query("SELECT id FROM n WHERE " + where), query("SELECT id FROM t WHERE " + where), where);
        }
    }

    @Test
    void pointLookupAndProjectionArePushedDown() throws Exception {
        conn.setAutoCommit(false);
        for (int i = 0; i < 20000; i++) {
            exec("INSERT INTO t VALUES (" + i + ", " + (i % 7) + ", " + i + ".5, 'v" + i + "', 0)");
        }
        conn.commit();
        conn.setAutoCommit(true);
        assertEquals(List.of("SCAN t VIRTUAL TABLE INDEX 0:" + "1f;2:0,"), plan("SELECT * FROM t WHERE id = 5"));
        assertEquals(List.of("SCAN t VIRTUAL TABLE INDEX 0:" + "9;"), plan("SELECT sum(c) FROM t"), "colUsed: key + c");
        assertEquals(List.of("v12345"), query("SELECT c FROM t WHERE id = 12345"));
        assertEquals(List.of("19999", "19998"), query("SELECT id FROM t ORDER BY id DESC LIMIT 2"));
        assertEquals(List.of("SCAN t VIRTUAL TABLE INDEX 1:" + "1;73:-1,"), plan("SELECT id FROM t ORDER BY id DESC LIMIT 2"),
                "ORDER BY key DESC consumed, LIMIT pushed");
    }

    @Test
    void cancelStopsALongScanAndTheConnectionStaysUsable() throws Exception {
        exec("WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 299999)"
                + " INSERT INTO t SELECT i, i % 100, i / 2.0, 'row ' || i, 0 FROM c");
        String slow = "SELECT count(*) FROM t x, t y WHERE x.id < 300000 AND y.id = x.id AND y.a >= 0";
        try (Statement s = conn.createStatement()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    s.cancel();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long t0 = System.nanoTime();
            canceller.start();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(slow).next());
            canceller.join();
            assertTrue(e.getMessage().contains("interrupt"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the cancel took effect");
        }
        assertEquals(List.of("300000"), query("SELECT count(*) FROM t"), "the connection and the sidecar are in sync afterwards");
        assertEquals(List.of("row 12345"), query("SELECT c FROM t WHERE id = 12345"));
    }

    @Test
    void damageMetWhileReadingAheadIsAClearErrorAndTheConnectionStaysInSync() throws Exception {
        // the default memtable: every row in one file of several row groups
        exec("DROP TABLE t");
        exec("CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id integer primary key, a integer, b real, c text, d integer)',"
                + " path = '" + dir.resolve("t_data") + "')");
        exec("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000)"
                + " INSERT INTO t SELECT i, i % 7, i / 4.0, hex(randomblob(48)), 0 FROM c");
        conn.close(); // a clean close writes the rows to a Parquet file
        java.nio.file.Path sst;
        try (var files = java.nio.file.Files.walk(dir.resolve("t_data"))) {
            sst = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        // Damage column c of the last row group only (16 MiB of rows per group): the first
        // batches read fine, the damage is met by a batch the extension asked for ahead.
        byte[] b = java.nio.file.Files.readAllBytes(sst);
        int footer = java.nio.ByteBuffer.wrap(b, b.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        org.apache.parquet.format.FileMetaData meta = org.apache.parquet.format.Util.readFileMetaData(
                new java.io.ByteArrayInputStream(b, b.length - 8 - footer, footer));
        List<org.apache.parquet.format.RowGroup> groups = meta.getRow_groups();
        assertTrue(groups.size() >= 2, "several row groups: " + groups.size());
        org.apache.parquet.format.ColumnMetaData c = groups.get(groups.size() - 1).getColumns().get(3).getMeta_data();
        assertEquals("c", String.join(".", c.getPath_in_schema()));
        long start = c.isSetDictionary_page_offset() ? Math.min(c.getDictionary_page_offset(), c.getData_page_offset())
                : c.getData_page_offset();
        for (long i = start; i < start + c.getTotal_compressed_size(); i += 5) {
            b[(int) i] ^= 0x5a;
        }
        java.nio.file.Files.write(sst, b);
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        conn = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        TonboSqlite.attach(conn);
        for (int i = 0; i < 3; i++) {
            SQLException e = assertThrows(SQLException.class, () -> query("SELECT count(*), max(c) FROM t"));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
        assertEquals(List.of("1|1"), query("SELECT id, a FROM t WHERE id = 1"), "requests and replies still pair up");
        assertEquals(List.of("200000"), query("SELECT count(*) FROM t WHERE a >= 0"));
    }

    private List<String> plan(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                out.add(rs.getString(4));
            }
        }
        return out;
    }
}
