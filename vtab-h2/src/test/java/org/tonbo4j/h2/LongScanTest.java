package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans long enough to read ahead on a second thread (more than 4,096 rows): the same answers as
 * H2's own table, early stops (LIMIT) that leave nothing running or pinned, writes to the table by
 * the scanning statement itself, and a damaged file found by the read-ahead thread as a clear error.
 */
class LongScanTest {
    private static final int ROWS = 60_000;

    @TempDir
    Path dir;

    private static void fill(Connection c, String table, String engine) throws SQLException {
        Sql.exec(c, "CREATE TABLE " + table + "(id BIGINT PRIMARY KEY, g INT, v DECIMAL(12, 2), s VARCHAR)" + engine);
        Sql.exec(c, "INSERT INTO " + table + " SELECT x, MOD(x, 7), x / 100.0, REPEAT('s', 60) || x FROM SYSTEM_RANGE(1, "
                + ROWS + ")");
    }

    @Test
    void longScansAgreeWithH2sOwnTable() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            fill(c, "n", "");
            TonboFunctions.flush(c, "T");
            Sql.exec(c, "INSERT INTO t VALUES (" + (ROWS + 1) + ", 3, 1.25, 'memtable row')");
            Sql.exec(c, "INSERT INTO n VALUES (" + (ROWS + 1) + ", 3, 1.25, 'memtable row')");
            for (String q : List.of("SELECT g, COUNT(*), SUM(v), MIN(s), MAX(id) FROM %s GROUP BY g ORDER BY g",
                    "SELECT COUNT(*), SUM(v) FROM %s WHERE v >= 0",
                    "SELECT id, v FROM %s WHERE id > 100 ORDER BY id DESC LIMIT 3",
                    "SELECT COUNT(*) FROM %s a WHERE a.v > (SELECT AVG(v) FROM %s)")) {
                assertEquals(Sql.query(c, q.replace("%s", "n")), Sql.query(c, q.replace("%s", "t")), q);
            }
        }
    }

    @Test
    void earlyStopsLeaveNothingBehind() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            for (int i = 0; i < 50; i++) {
                // past the read-ahead threshold, then stop: the statement's cursor stays open until the next one
                assertEquals(String.valueOf(8000 + i), Sql.one(c, "SELECT id FROM t WHERE v >= 0 LIMIT 1 OFFSET " + (7999 + i)));
            }
            c.setAutoCommit(false);
            assertEquals("9000", Sql.one(c, "SELECT id FROM t WHERE v >= 0 LIMIT 1 OFFSET 8999"));
            c.commit();
            c.setAutoCommit(true);
            Sql.exec(c, "DROP TABLE t");
        }
        assertFalse(Files.exists(dir.resolve("db.tonbo")) && hasParquet(dir.resolve("db.tonbo")),
                "DROP TABLE deleted the files no cursor pins any more");
        assertTrue(ReadAheadThreads.waitForIdle(false), "no read-ahead thread is still reading: " + ReadAheadThreads.states());
    }

    @Test
    void theScanningStatementWritesTheSameTable() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            fill(c, "t", " ENGINE \"tonbo\"");
            TonboFunctions.flush(c, "T");
            Sql.exec(c, "INSERT INTO t SELECT id + " + ROWS + ", g, v, s FROM t");
            assertEquals(ROWS * 2 + "", Sql.one(c, "SELECT COUNT(*) FROM t"));
            Sql.exec(c, "UPDATE t SET v = v + 1 WHERE g = 3");
            assertEquals(Sql.one(c, "SELECT COUNT(*) FROM t WHERE g = 3"),
                    Sql.one(c, "SELECT COUNT(*) FROM t WHERE g = 3 AND v = FLOOR(v * 100) / 100 AND v >= 1"));
            c.setAutoCommit(false);
            Sql.exec(c, "DELETE FROM t WHERE g <> 0");
            assertEquals(Sql.one(c, "SELECT COUNT(*) FROM t WHERE g = 0"), Sql.one(c, "SELECT COUNT(*) FROM t"));
            c.rollback();
            assertEquals(ROWS * 2 + "", Sql.one(c, "SELECT COUNT(*) FROM t WHERE v >= 0"));
        }
    }

    @Test
    void damageFoundByTheReadAheadIsAClearError() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id BIGINT PRIMARY KEY, s VARCHAR) ENGINE \"tonbo\" WITH \"row_group_mb=1\"");
            // hashes do not compress: data pages fill most of the file, ahead of the bloom filter and indexes
            Sql.exec(c, "INSERT INTO t SELECT x, RAWTOHEX(HASH('SHA-256', CAST(x AS VARCHAR))) || RAWTOHEX(HASH('SHA-256', CAST(-x AS VARCHAR)))"
                    + " FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }
        Path sst = onlySst(dir.resolve("db.tonbo"));
        // Damage the S column of the second-to-last row group only: the key-only count of the first
        // COUNT(*) still succeeds, and the scan's read-ahead thread meets the damage.
        byte[] b = Files.readAllBytes(sst);
        List<org.apache.parquet.format.RowGroup> groups = rowGroups(b);
        assertTrue(groups.size() >= 4, "several row groups: " + groups.size());
        damage(b, groups.get(groups.size() - 2), 5, "s");
        Files.write(sst, b);
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(String.valueOf(ROWS), Sql.one(c, "SELECT COUNT(*) FROM t"));
            for (int i = 0; i < 3; i++) {
                SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT COUNT(*), MAX(s) FROM t WHERE id > 0"));
                assertTrue(e.getMessage().contains("tonbo table T") && e.getMessage().contains("corrupt"), e.getMessage());
            }
            assertEquals("1", Sql.one(c, "SELECT id FROM t WHERE id = 1"), "the table's intact part still answers");
            assertEquals("1", Sql.one(c, "SELECT 1"), "and so does the database");
        }
    }

    /**
     * The conditions reach the engine when the query runs, not only in EXPLAIN: with the value
     * columns of the last row group damaged, a query whose condition on another column excludes
     * that row group by its statistics still answers (its pages are never read), while a query
     * that needs them fails.
     */
    @Test
    void conditionsOnOtherColumnsSkipRowGroupsWhenTheQueryRuns() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id BIGINT PRIMARY KEY, d DATE, v VARCHAR) ENGINE \"tonbo\" WITH \"row_group_mb=1\"");
            // dates grow with the key, as in a table of events: each row group covers its own dates
            Sql.exec(c, "INSERT INTO t SELECT x, DATEADD(DAY, x / 100, DATE '2020-01-01'),"
                    + " RAWTOHEX(HASH('SHA-256', CAST(x AS VARCHAR))) FROM SYSTEM_RANGE(1, " + ROWS + ")");
        }
        Path sst = onlySst(dir.resolve("db.tonbo"));
        byte[] b = Files.readAllBytes(sst);
        List<org.apache.parquet.format.RowGroup> groups = rowGroups(b);
        assertTrue(groups.size() >= 3, "several row groups: " + groups.size());
        org.apache.parquet.format.RowGroup last = groups.get(groups.size() - 1);
        damage(b, last, 3, "d", "v");
        Files.write(sst, b);
        long lastRows = last.getNum_rows();
        long kept = ROWS - lastRows;
        // the last row group holds ids from kept + 1: their dates start at day (kept + 1) / 100
        String before = "DATEADD(DAY, " + ((kept + 1) / 100 - 1) + ", DATE '2020-01-01')";
        try (Connection c = Sql.open(dir, "db")) {
            String expected = Sql.one(c, "SELECT COUNT(*) FROM t WHERE id <= " + kept + " AND id / 100 < " + ((kept + 1) / 100 - 1));
            assertEquals(expected, Sql.one(c, "SELECT COUNT(*) FROM t WHERE d < " + before + " AND v IS NOT NULL"),
                    "the damaged row group is excluded by its dates and never read");
            SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT COUNT(*) FROM t WHERE v IS NOT NULL"));
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        }
    }

    /**
     * Opening a table does not count its rows; the first COUNT(*) does, from a snapshot, adding
     * the commits that snapshot missed: the count stays exact with writers committing throughout.
     */
    @Test
    void countStaysExactWhenCountedLazilyWhileOthersCommit() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            fill(c, "t", " ENGINE \"tonbo\"");
        }
        try (Connection c = Sql.open(dir, "db"); Connection w = Sql.open(dir, "db")) {
            Sql.exec(w, "INSERT INTO t SELECT x, 1, 1.0, 'new' FROM SYSTEM_RANGE(" + (ROWS + 1) + ", " + (ROWS + 10) + ")");
            Sql.exec(w, "DELETE FROM t WHERE id <= 3");
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        long k = ROWS + 100 + i;
                        Sql.exec(w, "INSERT INTO t VALUES (" + k + ", 2, 2.0, 'w')");
                        if (i % 3 == 0) {
                            Sql.exec(w, "DELETE FROM t WHERE id = " + (100 + i));
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            while (writer.isAlive()) {
                long n = Long.parseLong(Sql.one(c, "SELECT COUNT(*) FROM t"));
                assertTrue(n > 0);
            }
            writer.join();
            assertEquals(null, failure.get());
            assertEquals(Sql.one(c, "SELECT COUNT(*) FROM t WHERE g >= 0"), Sql.one(c, "SELECT COUNT(*) FROM t"),
                    "the counter agrees with a scan");
            assertEquals(String.valueOf(ROWS + 10 - 3 + 200 - 67), Sql.one(c, "SELECT COUNT(*) FROM t"));
        }
    }

    /** IN lists and IN (SELECT ...) on a first column that is not the key, as H2's own table answers them. */
    @Test
    void inListsOnTheFirstColumnAgreeWithH2sOwnTable() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            for (String[] t : new String[][] {{"u", " ENGINE \"tonbo\""}, {"m", ""}}) {
                Sql.exec(c, "CREATE TABLE " + t[0] + "(g INT, id BIGINT PRIMARY KEY, s VARCHAR)" + t[1]);
                Sql.exec(c, "INSERT INTO " + t[0] + " SELECT MOD(x, 13), x, 's' || x FROM SYSTEM_RANGE(1, 20000)");
            }
            TonboFunctions.flush(c, "U");
            for (String q : List.of("SELECT COUNT(*), SUM(id) FROM %s WHERE g IN (1, 5, 12)",
                    "SELECT COUNT(*) FROM %s WHERE g IN (SELECT x FROM SYSTEM_RANGE(3, 6)) AND id > 100",
                    "SELECT g, COUNT(*) FROM %s WHERE g IN (2, 3) OR id < 10 GROUP BY g ORDER BY g")) {
                assertEquals(Sql.query(c, q.replace("%s", "m")), Sql.query(c, q.replace("%s", "u")), q);
            }
        }
    }

    /** With a database collation, string conditions are left to H2 (it compares otherwise than by code point). */
    @Test
    void aCollationKeepsStringConditionsWithH2() throws Exception {
        for (boolean flushed : new boolean[] {false, true}) {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:coll" + flushed, "sa", "")) {
                Sql.exec(c, "SET COLLATION ENGLISH STRENGTH PRIMARY");
                for (String[] t : new String[][] {{"u", " ENGINE \"tonbo\""}, {"m", ""}}) {
                    Sql.exec(c, "CREATE TABLE " + t[0] + "(id BIGINT PRIMARY KEY, name VARCHAR)" + t[1]);
                    Sql.exec(c, "INSERT INTO " + t[0] + " VALUES (1, 'abc'), (2, 'ABC'), (3, 'a'), (4, 'B'), (5, 'b')");
                }
                if (flushed) {
                    TonboFunctions.flush(c, "U");
                }
                assertEquals(List.of("1", "2"), Sql.query(c, "SELECT id FROM m WHERE name = 'ABC' ORDER BY id"), "the collation");
                // no ORDER BY: it would make H2 read the primary key in order instead of scanning
                for (String q : List.of("SELECT id FROM %s WHERE name = 'ABC'", "SELECT id FROM %s WHERE name <= 'B'",
                        "SELECT id FROM %s WHERE name > 'a'")) {
                    assertEquals(new java.util.TreeSet<>(Sql.query(c, q.replace("%s", "m"))),
                            new java.util.TreeSet<>(Sql.query(c, q.replace("%s", "u"))), q);
                }
            }
        }
    }

    /** The only SST of the tables under {@code root}. */
    private static Path onlySst(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }

    /** The row groups of an SST, from its Parquet footer. */
    private static List<org.apache.parquet.format.RowGroup> rowGroups(byte[] file) throws Exception {
        int footer = java.nio.ByteBuffer.wrap(file, file.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        return org.apache.parquet.format.Util.readFileMetaData(
                new java.io.ByteArrayInputStream(file, file.length - 8 - footer, footer)).getRow_groups();
    }

    /** Flips every {@code step}-th byte of the named columns' chunks in {@code group}. */
    private static void damage(byte[] file, org.apache.parquet.format.RowGroup group, int step, String... columns) {
        for (org.apache.parquet.format.ColumnChunk col : group.getColumns()) {
            org.apache.parquet.format.ColumnMetaData m = col.getMeta_data();
            String name = String.join(".", m.getPath_in_schema());
            if (java.util.Arrays.stream(columns).anyMatch(name::equalsIgnoreCase)) {
                long start = m.isSetDictionary_page_offset() ? Math.min(m.getDictionary_page_offset(), m.getData_page_offset())
                        : m.getData_page_offset();
                for (long i = start; i < start + m.getTotal_compressed_size(); i += step) {
                    file[(int) i] ^= 0x5a;
                }
            }
        }
    }

    private static boolean hasParquet(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.anyMatch(p -> p.toString().endsWith(".parquet"));
        }
    }
}
