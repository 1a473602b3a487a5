package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's LAZY_QUERY_EXECUTION: a result is read while the JDBC application pulls rows, so the
 * session can run other statements — reads, writes, commits — before a result is finished. A
 * tonbo table must keep such a result going the way H2's own tables do, and still close the
 * engine cursors it leaves behind.
 */
class LazyQueryTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    private static void fill(Connection c, String table, String engine) throws SQLException {
        Sql.exec(c, "CREATE TABLE " + table + "(id BIGINT PRIMARY KEY, g INT, s VARCHAR)" + engine);
        Sql.exec(c, "INSERT INTO " + table + " SELECT x, MOD(x, 7), 'row ' || x FROM SYSTEM_RANGE(1, " + ROWS + ")");
    }

    /**
     * Reads {@code sql} lazily; after every {@code every} rows runs the given statements on the
     * same connection. Returns the ids read.
     */
    private static List<Long> readInterleaved(Connection c, String sql, int every, List<String> between)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                ids.add(rs.getLong(1));
                if (++n % every == 0) {
                    for (String b : between) {
                        Sql.exec(c, b);
                    }
                }
            }
        }
        return ids;
    }

    private static void compare(Connection c, String sql, int every, List<String> between) throws SQLException {
        List<Long> h2 = readInterleaved(c, sql.replace("%s", "n"), every, replaceAll(between, "n"));
        List<Long> tonbo = readInterleaved(c, sql.replace("%s", "t"), every, replaceAll(between, "t"));
        assertEquals(h2.size(), tonbo.size(), sql + " with " + between);
        assertEquals(h2, tonbo, sql + " with " + between);
    }

    private static List<String> replaceAll(List<String> sqls, String table) {
        List<String> out = new ArrayList<>();
        for (String s : sqls) {
            out.add(s.replace("%s", table));
        }
        return out;
    }

    @Test
    void lazyResultsSurviveOtherStatementsOfTheSession() throws Exception {
        try (Connection c = Sql.open(dir, "db;LAZY_QUERY_EXECUTION=TRUE")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            fill(c, "n", "");
            TonboFunctions.flush(c, "T");
            Sql.exec(c, "CREATE TABLE other(x INT)");
            String scan = "SELECT id FROM %s WHERE g >= 0";
            // reads of the same table, of another table, and writes elsewhere, in autocommit
            compare(c, scan, 500, List.of("SELECT COUNT(*) FROM %s"));
            compare(c, scan, 700, List.of("SELECT s FROM %s WHERE id = 5"));
            compare(c, scan, 900, List.of("INSERT INTO other VALUES (1)"));
            // past the read-ahead threshold, with key-ordered and descending scans
            compare(c, "SELECT id FROM %s ORDER BY id DESC", 3000, List.of("SELECT MAX(id) FROM %s"));
            compare(c, "SELECT id FROM %s WHERE id BETWEEN 100 AND 15000", 1000,
                    List.of("SELECT COUNT(*) FROM %s WHERE g = 3"));
            // two lazy results of the same table read side by side
            try (Statement s1 = c.createStatement(); Statement s2 = c.createStatement();
                 ResultSet a = s1.executeQuery("SELECT id FROM t ORDER BY id");
                 ResultSet b = s2.executeQuery("SELECT id FROM t ORDER BY id DESC")) {
                long n = 0;
                while (a.next()) {
                    assertTrue(b.next());
                    assertEquals(++n, a.getLong(1));
                    assertEquals(ROWS + 1 - n, b.getLong(1));
                }
                assertEquals(ROWS, n);
                assertTrue(!b.next());
            }
        }
    }

    @Test
    void lazyResultsAcrossWritesAndCommitsOfTheSameTable() throws Exception {
        try (Connection c = Sql.open(dir, "db;LAZY_QUERY_EXECUTION=TRUE")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            fill(c, "n", "");
            String scan = "SELECT id FROM %s WHERE g >= 0";
            // autocommit writes to the scanned table between rows
            compare(c, scan, 4000, List.of("UPDATE %s SET s = 'changed' WHERE id = 1"));
            // the same inside a transaction, then with commits in between
            c.setAutoCommit(false);
            compare(c, scan, 3000, List.of("UPDATE %s SET s = 'again' WHERE id = 2"));
            c.commit();
            compare(c, scan, 2500, List.of("SELECT COUNT(*) FROM %s", "COMMIT"));
            c.commit();
            c.setAutoCommit(true);
            assertEquals(Sql.query(c, "SELECT * FROM n ORDER BY id"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
        }
    }

    @Test
    void unfinishedLazyResultsLetGoOfTheirScans() throws Exception {
        try (Connection c = Sql.open(dir, "db;LAZY_QUERY_EXECUTION=TRUE")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            TonboFunctions.flush(c, "T");
            // results closed after more rows than the read-ahead threshold: H2 drops the cursors unfinished
            for (int i = 0; i < 20; i++) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t WHERE g >= 0")) {
                    for (int n = 0; n < 6000; n++) {
                        assertTrue(rs.next());
                    }
                }
                assertEquals(String.valueOf(ROWS), Sql.one(c, "SELECT COUNT(*) FROM t WHERE g >= 0"));
            }
            // H2's query cache keeps the statement's last cursor until the statement runs again
            assertEquals(ROWS, Sql.query(c, "SELECT id FROM t WHERE g >= 0").size());
            assertTrue(ReadAheadThreads.waitForIdle(true), "dropped lazy cursors were closed: " + ReadAheadThreads.states());
            // a second session closed while its lazy result is unfinished
            try (Connection other = Sql.open(dir, "db;LAZY_QUERY_EXECUTION=TRUE")) {
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM t WHERE g >= 0");
                for (int n = 0; n < 6000; n++) {
                    assertTrue(rs.next());
                }
            }
            assertTrue(ReadAheadThreads.waitForIdle(true), "a closed session's lazy cursor was closed: " + ReadAheadThreads.states());
            // DROP TABLE still ends an open lazy result, with a clear error
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT id FROM t WHERE g >= 0");
            for (int n = 0; n < 6000; n++) {
                assertTrue(rs.next());
            }
            Sql.exec(c, "DROP TABLE t");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    // reads until the closed scan is reached
                }
            });
            assertTrue(e.getMessage().contains("closed before it ended"), e.getMessage());
            rs.close();
            s.close();
            assertTrue(ReadAheadThreads.waitForIdle(false), ReadAheadThreads.states());
        }
    }
}
