package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COMMIT, ROLLBACK, savepoints, statement atomicity and isolation between sessions. */
class TransactionTest {
    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return Sql.open(dir, "db");
    }

    @Test
    void rollbackDiscardsAndCommitKeeps() throws Exception {
        try (Connection c = open()) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR) ENGINE \"tonbo\"");
            c.setAutoCommit(false);
            Sql.exec(c, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            assertEquals("2", Sql.one(c, "SELECT COUNT(*) FROM t"), "a session sees its own writes");
            c.rollback();
            assertEquals("0", Sql.one(c, "SELECT COUNT(*) FROM t"));
            assertEquals(List.of(), Sql.query(c, "SELECT * FROM t"));
            Sql.exec(c, "INSERT INTO t VALUES (3, 'c')");
            c.commit();
            Sql.exec(c, "UPDATE t SET v = 'x' WHERE id = 3");
            Sql.exec(c, "DELETE FROM t WHERE id = 3");
            c.rollback();
            assertEquals(List.of("3|c"), Sql.query(c, "SELECT * FROM t"));
        }
        try (Connection c = open()) {
            assertEquals(List.of("3|c"), Sql.query(c, "SELECT * FROM t"));
        }
    }

    /** COUNT(*) in a transaction that has written counts its snapshot, not rows committed by others since. */
    @Test
    void countStarSeesTheTransactionsSnapshot() throws Exception {
        try (Connection a = open(); Connection b = open()) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)");
            b.setAutoCommit(false);
            Sql.exec(b, "UPDATE t SET v = 20 WHERE id = 2");
            Sql.exec(a, "INSERT INTO t VALUES (4, 4)");
            assertEquals(List.of("1", "2", "3"), Sql.query(b, "SELECT id FROM t ORDER BY id"));
            assertEquals("3", Sql.one(b, "SELECT COUNT(*) FROM t"));
            Sql.exec(b, "INSERT INTO t VALUES (5, 5)");
            assertEquals("4", Sql.one(b, "SELECT COUNT(*) FROM t"));
            assertEquals("4", Sql.one(a, "SELECT COUNT(*) FROM t"), "the other session sees its commit, not b's insert");
            b.commit();
            assertEquals("5", Sql.one(b, "SELECT COUNT(*) FROM t"));
            assertEquals("5", Sql.one(a, "SELECT COUNT(*) FROM t"));
        }
    }

    @Test
    void savepointsUndoOnlyLaterStatements() throws Exception {
        try (Connection c = open()) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            c.setAutoCommit(false);
            Sql.exec(c, "INSERT INTO t VALUES (1, 1)");
            Savepoint a = c.setSavepoint("a");
            Sql.exec(c, "INSERT INTO t VALUES (2, 2)");
            Sql.exec(c, "UPDATE t SET v = 10 WHERE id = 1");
            Savepoint b = c.setSavepoint("b");
            Sql.exec(c, "DELETE FROM t");
            c.rollback(b);
            assertEquals(List.of("1|10", "2|2"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            c.rollback(a);
            assertEquals(List.of("1|1"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            Sql.exec(c, "INSERT INTO t VALUES (5, 5)");
            Sql.exec(c, "SAVEPOINT s");
            Sql.exec(c, "INSERT INTO t VALUES (6, 6)");
            Sql.exec(c, "ROLLBACK TO SAVEPOINT s");
            c.commit();
            assertEquals(List.of("1|1", "5|5"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            assertEquals("2", Sql.one(c, "SELECT COUNT(*) FROM t"));
        }
    }

    @Test
    void failingStatementInsideATransactionIsUndoneAlone() throws Exception {
        try (Connection c = open()) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            c.setAutoCommit(false);
            Sql.exec(c, "INSERT INTO t VALUES (1, 1)");
            assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO t VALUES (2, 2), (3, 3), (1, 9)"));
            assertThrows(SQLException.class, () -> Sql.exec(c, "UPDATE t SET v = 1 / (v - 1)"));
            Sql.exec(c, "INSERT INTO t VALUES (4, 4)");
            c.commit();
            assertEquals(List.of("1|1", "4|4"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
        }
    }

    /**
     * JDBC batches of one-row statements, repeated executions of one prepared statement and
     * multi-row INSERT ... SELECTs, some failing part-way: each failing statement is undone alone,
     * exactly as on an H2 table run beside it.
     */
    @Test
    void eachStatementOfABatchOrALoopFailsAloneAsOnAnH2Table() throws Exception {
        try (Connection c = open()) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(c, "CREATE TABLE n(id INT PRIMARY KEY, v INT)");
            for (String table : List.of("t", "n")) {
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                    for (int id : new int[] {1, 2, 3, 2, 4, 5, 1, 6}) {
                        ps.setInt(1, id);
                        ps.setInt(2, id * 10);
                        ps.addBatch();
                    }
                    assertThrows(java.sql.BatchUpdateException.class, ps::executeBatch);
                    for (int id : new int[] {7, 3, 8, 8, 9}) {
                        ps.setInt(1, id);
                        ps.setInt(2, id);
                        try {
                            ps.executeUpdate();
                        } catch (SQLException duplicate) {
                            // the row of this execution only is gone
                        }
                    }
                }
                assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO " + table
                        + " SELECT X + 100, X FROM SYSTEM_RANGE(1, 500) UNION ALL SELECT 5, 0"));
                Sql.exec(c, "INSERT INTO " + table + " SELECT X + 1000, X FROM SYSTEM_RANGE(1, 300)");
                assertThrows(SQLException.class, () -> Sql.exec(c, "UPDATE " + table + " SET v = 1 / (v - 150)"));
                c.commit();
                c.setAutoCommit(true);
            }
            assertEquals(Sql.query(c, "SELECT * FROM n ORDER BY id"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            assertEquals("309", Sql.one(c, "SELECT COUNT(*) FROM t"));
        }
        try (Connection c = open()) {
            assertEquals(Sql.query(c, "SELECT * FROM n ORDER BY id"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
        }
    }

    @Test
    void otherSessionsSeeOnlyCommittedRows() throws Exception {
        try (Connection a = open(); Connection b = open()) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            a.setAutoCommit(false);
            Sql.exec(a, "INSERT INTO t VALUES (1, 1)");
            assertEquals("0", Sql.one(b, "SELECT COUNT(*) FROM t"));
            assertEquals(List.of(), Sql.query(b, "SELECT * FROM t WHERE id = 1"));
            a.commit();
            assertEquals(List.of("1|1"), Sql.query(b, "SELECT * FROM t"));
        }
    }

    @Test
    void concurrentWritersOfOneKeyGetAClearError() throws Exception {
        try (Connection a = open(); Connection b = open()) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "INSERT INTO t VALUES (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            Sql.exec(a, "UPDATE t SET v = 1 WHERE id = 1");
            Sql.exec(b, "UPDATE t SET v = 2 WHERE id = 1");
            a.commit();
            SQLException e = assertThrows(SQLException.class, b::commit);
            assertTrue(e.getMessage().contains("another transaction"), e.getMessage());
            b.setAutoCommit(true);
            assertEquals("1", Sql.one(b, "SELECT v FROM t"));
            Sql.exec(b, "UPDATE t SET v = 3 WHERE id = 1");
            assertEquals("3", Sql.one(a, "SELECT v FROM t"));
        }
    }

    @Test
    void aConflictOnOneTableStillSettlesTheOtherTablesOfTheTransaction() throws Exception {
        try (Connection a = open(); Connection b = open()) {
            Sql.exec(a, "CREATE TABLE t1(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "CREATE TABLE t2(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "INSERT INTO t1 VALUES (1, 0)");
            a.setAutoCommit(false);
            Sql.exec(a, "UPDATE t1 SET v = 1 WHERE id = 1");
            Sql.exec(a, "INSERT INTO t2 VALUES (10, 10)");
            Sql.exec(b, "UPDATE t1 SET v = 2 WHERE id = 1");
            SQLException conflict = assertThrows(SQLException.class, a::commit);
            assertEquals("40001", conflict.getSQLState(), "a serialization failure: " + conflict.getMessage());
            // H2 committed its transaction: the write to t2 did not conflict and is there
            assertEquals(List.of("10|10"), Sql.query(a, "SELECT * FROM t2"));
            assertEquals(List.of("10|10"), Sql.query(b, "SELECT * FROM t2"));
            assertEquals("2", Sql.one(a, "SELECT v FROM t1"));
            Sql.exec(a, "INSERT INTO t2 VALUES (11, 11)");
            a.commit();
            assertEquals("2", Sql.one(b, "SELECT COUNT(*) FROM t2"));
        }
    }
}
