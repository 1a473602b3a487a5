package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

    /**
     * A table never takes over a directory of other files, an empty path is refused, and DROP
     * TABLE deletes the table's own files only.
     */
    @Test
    void tablesKeepToTheirOwnFiles() throws Exception {
        java.nio.file.Path others = java.nio.file.Files.createDirectories(dir.resolve("others/sub"));
        java.nio.file.Files.writeString(dir.resolve("others/notes.txt"), "keep me");
        java.nio.file.Files.writeString(others.resolve("y"), "and me");
        String create = "CREATE VIRTUAL TABLE %s USING tonbo(create_sql = 'create table %s(id integer primary key, v text)',"
                + " path = '%s')";
        try (Connection c = connect()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> exec(c, String.format(create, "f", "f", dir.resolve("others"))));
            assertTrue(e.getMessage().contains("other files"), e.getMessage());
            e = assertThrows(SQLException.class, () -> exec(c, String.format(create, "g", "g", "")));
            assertTrue(e.getMessage().contains("path is empty"), e.getMessage());
            java.nio.file.Path mine = dir.resolve("mine");
            exec(c, String.format(create, "t", "t", mine));
            exec(c, "INSERT INTO t VALUES (1, 'one')");
            java.nio.file.Files.writeString(mine.resolve("README.txt"), "a user's file in the table directory");
            exec(c, "DROP TABLE t");
            assertTrue(java.nio.file.Files.exists(mine.resolve("README.txt")), "DROP leaves files that are not the table's");
            try (var left = java.nio.file.Files.list(mine)) {
                assertEquals(List.of("README.txt"), left.map(p -> p.getFileName().toString()).toList());
            }
            java.nio.file.Path gone = dir.resolve("gone");
            exec(c, String.format(create, "u", "u", gone));
            exec(c, "INSERT INTO u VALUES (1, 'one')");
            exec(c, "DROP TABLE u");
            assertTrue(java.nio.file.Files.notExists(gone), "a directory left empty is removed");
        }
        assertEquals("keep me", java.nio.file.Files.readString(dir.resolve("others/notes.txt")));
        assertEquals("and me", java.nio.file.Files.readString(others.resolve("y")));
    }

    /**
     * Inside BEGIN ... COMMIT and savepoints (also nested), the first row a statement writes is
     * checked when it runs: a duplicate key, a value its column cannot hold or a NULL in a NOT NULL
     * column fails that statement only, and the transaction commits the rest, as on a native table.
     */
    @Test
    void aFailingStatementInsideSavepointsFailsAloneAsOnANativeTable() throws Exception {
        try (Connection c = connect()) {
            // STRICT: a native table that refuses 'abc' in an INTEGER column too
            exec(c, "CREATE TABLE nat(id INTEGER PRIMARY KEY, v TEXT, n INTEGER NOT NULL) STRICT");
            exec(c, "CREATE VIRTUAL TABLE tb USING tonbo(create_sql = 'create table tb(id integer primary key, v text,"
                    + " n integer not null)', path = 'tb')");
            for (String t : List.of("nat", "tb")) {
                exec(c, "INSERT INTO " + t + " VALUES (1, 'original', 1)");
            }
            String[][] steps = {
                {"BEGIN", null}, {"SAVEPOINT a", null}, {"INSERT INTO %s VALUES (2, 'two', 2)", null},
                {"INSERT INTO %s VALUES (1, 'dup', 3)", "UNIQUE"}, {"SAVEPOINT b", null},
                {"INSERT INTO %s VALUES (1, 'dup again', 3)", "UNIQUE"}, {"INSERT INTO %s VALUES (3, 'three', 3)", null},
                {"UPDATE %s SET n = 'abc' WHERE id = 1", "n"}, {"UPDATE %s SET n = NULL WHERE id = 2", "NOT NULL"},
                {"UPDATE %s SET v = 'changed' WHERE id = 2", null}, {"RELEASE b", null},
                {"INSERT INTO %s VALUES (3, 'dup of three', 0)", "UNIQUE"}, {"RELEASE a", null},
                {"INSERT INTO %s VALUES (4, 'four', 4)", null}, {"COMMIT", null}};
            for (String t : List.of("nat", "tb")) {
                for (String[] step : steps) {
                    String sql = String.format(step[0], t);
                    if (step[1] == null) {
                        exec(c, sql);
                    } else {
                        SQLException e = assertThrows(SQLException.class, () -> exec(c, sql), sql + " on " + t);
                        assertTrue(e.getMessage().contains(step[1]) || t.equals("nat"), e.getMessage());
                    }
                }
            }
            assertEquals(rows(c, "SELECT * FROM nat ORDER BY id"), rows(c, "SELECT * FROM tb ORDER BY id"));
            assertEquals("1|original|1\n2|changed|2\n3|three|3\n4|four|4\n", rows(c, "SELECT * FROM tb ORDER BY id"));
        }
    }

    /**
     * DROP TABLE while another connection has the table open is refused with SQLite's "table is
     * locked" (SQLite shows only the code of a failed drop), keeps the table usable everywhere,
     * and succeeds once the other connection is closed.
     */
    @Test
    void dropWhileAnotherConnectionHasTheTableOpenIsRefusedClearly() throws Exception {
        try (Connection c = connect()) {
            exec(c, "CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id integer primary key, v text)',"
                    + " path = 't')");
            exec(c, "INSERT INTO t VALUES (1, 'one')");
            try (Connection other = connect()) {
                assertEquals("1|one\n", rows(other, "SELECT * FROM t"));
                SQLException e = assertThrows(SQLException.class, () -> exec(c, "DROP TABLE t"));
                assertTrue(e.getMessage().contains("locked"), e.getMessage());
                exec(c, "INSERT INTO t VALUES (2, 'two')");
                assertEquals("1|one\n2|two\n", rows(other, "SELECT * FROM t ORDER BY id"));
            }
            exec(c, "DROP TABLE t");
            SQLException gone = assertThrows(SQLException.class, () -> rows(c, "SELECT * FROM t"));
            assertTrue(gone.getMessage().contains("no such table"), gone.getMessage());
        }
        assertTrue(java.nio.file.Files.notExists(dir.resolve("t")), "the dropped table's files are deleted");
    }

    /**
     * A CREATE VIRTUAL TABLE undone by ROLLBACK, and a shadow mirror whose backfill fails, leave
     * no files behind (a later CREATE at the path with other columns works); a table created in
     * autocommit mode keeps its files through later rollbacks.
     */
    @Test
    void anUndoneCreateLeavesNoFiles() throws Exception {
        String create = "CREATE VIRTUAL TABLE %s USING tonbo(create_sql = 'create table %s(id integer primary key, %s)',"
                + " path = '%s')";
        try (Connection c = connect()) {
            exec(c, String.format(create, "t", "t", "v text", "t"));
            exec(c, "INSERT INTO t VALUES (1, 'one')");
            exec(c, "BEGIN");
            exec(c, "INSERT INTO t VALUES (2, 'two')");
            exec(c, "ROLLBACK");
            assertEquals("1|one\n", rows(c, "SELECT * FROM t"));
            exec(c, "BEGIN");
            exec(c, String.format(create, "u", "u", "v text", "u"));
            exec(c, "INSERT INTO u VALUES (1, 'x')");
            exec(c, "ROLLBACK");
            assertTrue(java.nio.file.Files.notExists(dir.resolve("u")), "the undone CREATE's files are gone");
            exec(c, String.format(create, "u", "u", "w integer", "u"));
            exec(c, "INSERT INTO u VALUES (1, 5)");
            assertEquals("1|5\n", rows(c, "SELECT * FROM u"));

            exec(c, "CREATE TABLE o(id integer primary key, amount integer)");
            exec(c, "INSERT INTO o VALUES (1, 10), (2, 'not a number')");
            SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT tonbo_shadow('o')"));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
            assertTrue(java.nio.file.Files.notExists(dir.resolve("tonbo_shadow/o")), "the failed mirror's files are gone");
            exec(c, "DELETE FROM o WHERE id = 2");
            assertEquals("o_tonbo\n", rows(c, "SELECT tonbo_shadow('o')"));
            assertEquals("1|10\n", rows(c, "SELECT * FROM o_tonbo"));
        }
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("t")));
    }

    /**
     * A prepared statement kept from before a schema change holds the table's earlier instance
     * in the same connection (SQLite connects the table anew for later statements): that is no
     * other connection, and DROP TABLE succeeds.
     */
    @Test
    void dropWithAStatementKeptFromBeforeASchemaChangeSucceeds() throws Exception {
        try (Connection c = connect(); Connection other = connect()) {
            exec(c, "CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id integer primary key, v text)',"
                    + " path = 't')");
            exec(c, "INSERT INTO t VALUES (1, 'one')");
            try (java.sql.PreparedStatement kept = c.prepareStatement("SELECT * FROM t")) {
                try (ResultSet rs = kept.executeQuery()) {
                    assertTrue(rs.next());
                }
                exec(other, "CREATE TABLE unrelated(x)"); // a schema change
                assertEquals("1\n", rows(c, "SELECT count(*) FROM t"));
                exec(c, "DROP TABLE t");
            }
            assertTrue(java.nio.file.Files.notExists(dir.resolve("t")), "the dropped table's files are deleted");
        }
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

    /**
     * A read-only statement ships only the columns it uses; DELETE and UPDATE still get the key
     * of each row they address although it is not among them, also for a table connected inside
     * the transaction (SQLite calls no xBegin for it before the statement's scan), and for a
     * composite key (addressed through rowids).
     */
    @Test
    void deletesAndUpdatesAddressRowsByTheirKeyWhateverColumnsTheyName() throws Exception {
        String single = "create table s(id integer primary key, v text, n integer)";
        String sPath = dir.resolve("s").toString(); // temp tables resolve relative paths against the working directory
        String mPath = dir.resolve("m").toString();
        String composite = "create table m(a integer, b text, n integer, primary key (a, b))";
        try (Connection c = connect()) {
            exec(c, "CREATE VIRTUAL TABLE temp.s USING tonbo(create_sql = '" + single + "', path = '" + sPath + "')");
            exec(c, "CREATE VIRTUAL TABLE temp.m USING tonbo(create_sql = '" + composite + "', path = '" + mPath + "')");
            exec(c, "INSERT INTO s VALUES (1, 'x', 10), (2, 'y', 20), (3, 'z', 30)");
            exec(c, "INSERT INTO m VALUES (1, 'p', 10), (1, 'q', 20), (2, 'p', 30)");
            assertEquals("60\n", rows(c, "SELECT sum(n) FROM s"));
        }
        try (Connection c = connect()) {
            exec(c, "BEGIN");
            exec(c, "CREATE VIRTUAL TABLE temp.m2 USING tonbo(create_sql = '" + composite.replace(" m(", " m2(")
                    + "', path = '" + mPath + "')");
            exec(c, "DELETE FROM m2 WHERE n = 20");
            exec(c, "UPDATE m2 SET n = n + 1 WHERE n > 10");
            assertEquals("1|p|10\n2|p|31\n", rows(c, "SELECT * FROM m2 ORDER BY a, b"));
            exec(c, "COMMIT");
            assertEquals("1|p|10\n2|p|31\n", rows(c, "SELECT * FROM m2 ORDER BY a, b"));
        }
        try (Connection c = connect()) {
            exec(c, "BEGIN");
            exec(c, "CREATE VIRTUAL TABLE temp.s3 USING tonbo(create_sql = '" + single.replace(" s(", " s3(") + "', path = '" + sPath + "')");
            exec(c, "DELETE FROM s3 WHERE v = 'y'");
            exec(c, "UPDATE s3 SET n = 0 WHERE v = 'z'");
            exec(c, "COMMIT");
            assertEquals("1|x|10\n3|z|0\n", rows(c, "SELECT * FROM s3 ORDER BY id"));
            assertEquals("10\n", rows(c, "SELECT sum(n) FROM s3"));
        }
    }

    /**
     * SQLite removes duplicates by rowid when it answers an OR of two indexed terms branch by
     * branch: a composite-key table must give a row the same rowid each time it is read, in a
     * plain SELECT and in a statement that writes elsewhere.
     */
    @Test
    void anOrOfKeyTermsOnACompositeKeyAnswersLikeANativeTable() throws Exception {
        String rows = "(1, 1, 'a'), (1, 2, 'b'), (1, 3, 'c'), (2, 2, 'd'), (3, 1, 'e'), (3, 7, 'f')";
        String[] wheres = {
            "(a = 1 AND b >= 2) OR (a >= 1 AND a <= 2 AND b = 2)",
            "(a = 1 AND b >= 1) OR (a = 3 AND b > 5)",
            "a = 2 OR (a = 1 AND b = 2) OR b = 7",
        };
        try (Connection c = connect()) {
            exec(c, "CREATE TABLE nat(a INTEGER, b INTEGER, v TEXT, PRIMARY KEY (a, b))");
            exec(c, "CREATE VIRTUAL TABLE tb USING tonbo(create_sql = 'create table tb(a integer, b integer, v text,"
                    + " primary key (a, b))', path = 'or_tb')");
            exec(c, "INSERT INTO nat VALUES " + rows);
            exec(c, "INSERT INTO tb VALUES " + rows);
            exec(c, "CREATE TABLE copy_nat(a, b, v)");
            exec(c, "CREATE TABLE copy_tb(a, b, v)");
            for (String w : wheres) {
                assertEquals(rows(c, "SELECT * FROM nat WHERE " + w + " ORDER BY a, b"),
                        rows(c, "SELECT * FROM tb WHERE " + w + " ORDER BY a, b"), w);
                exec(c, "DELETE FROM copy_nat");
                exec(c, "DELETE FROM copy_tb");
                exec(c, "INSERT INTO copy_nat SELECT * FROM nat WHERE " + w);
                exec(c, "INSERT INTO copy_tb SELECT * FROM tb WHERE " + w);
                assertEquals(rows(c, "SELECT * FROM copy_nat ORDER BY a, b"), rows(c, "SELECT * FROM copy_tb ORDER BY a, b"), w);
                exec(c, "BEGIN");
                assertEquals(rows(c, "SELECT * FROM nat WHERE " + w + " ORDER BY a, b"),
                        rows(c, "SELECT * FROM tb WHERE " + w + " ORDER BY a, b"), "in a transaction: " + w);
                exec(c, "COMMIT");
            }
            exec(c, "DELETE FROM nat WHERE " + wheres[0]);
            exec(c, "DELETE FROM tb WHERE " + wheres[0]);
            assertEquals(rows(c, "SELECT * FROM nat ORDER BY a, b"), rows(c, "SELECT * FROM tb ORDER BY a, b"));
        }
    }
}
