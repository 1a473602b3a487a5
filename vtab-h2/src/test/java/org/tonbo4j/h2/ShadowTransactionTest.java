package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.h2.internal.H2Table;

/**
 * Shadow mirrors under transactions and concurrent writers of the source: the mirror must equal
 * the source after every commit, rollback, savepoint rollback and failed statement, whatever
 * other sessions committed in between, and its COUNT(*) must stay exact.
 */
class ShadowTransactionTest {
    private static final int OPS = Integer.getInteger("tonbo.h2.shadow.ops", 400);
    private static final String SOURCE = "SELECT * FROM orders ORDER BY id";
    private static final String MIRROR = "SELECT * FROM orders_tonbo ORDER BY id";

    @TempDir
    Path dir;

    private Connection shadowed(String rows) throws SQLException {
        Connection c = Sql.open(dir, "db");
        Sql.exec(c, "CREATE ALIAS IF NOT EXISTS TONBO_SHADOW FOR \"org.tonbo4j.h2.TonboFunctions.shadow\"");
        Sql.exec(c, "CREATE TABLE orders(id INT PRIMARY KEY, v INT)");
        Sql.exec(c, "INSERT INTO orders VALUES " + rows);
        Sql.one(c, "CALL TONBO_SHADOW('ORDERS')");
        return c;
    }

    private static void assertInStep(Connection c, String when) throws SQLException {
        assertEquals(Sql.query(c, SOURCE), Sql.query(c, MIRROR), when);
        assertEquals(Sql.one(c, "SELECT COUNT(*) FROM orders"), Sql.one(c, "SELECT COUNT(*) FROM orders_tonbo"),
                "COUNT(*) " + when);
        assertEquals(Sql.one(c, "SELECT COUNT(*) FROM orders"),
                Sql.one(c, "SELECT COUNT(*) FROM orders_tonbo WHERE v IS NULL OR v IS NOT NULL"), "rows scanned " + when);
    }

    /** A transaction changes a row another session committed after its first write: no 40001, the mirror follows. */
    @Test
    void updateOfARowAnotherSessionCommittedReachesTheMirror() throws Exception {
        try (Connection s1 = shadowed("(1, 0), (2, 0), (3, 0)"); Connection s2 = Sql.open(dir, "db")) {
            s1.setAutoCommit(false);
            s2.setAutoCommit(false);
            Sql.exec(s2, "UPDATE orders SET v = 1 WHERE id = 1");
            Sql.exec(s1, "UPDATE orders SET v = 2 WHERE id = 2");
            s1.commit();
            Sql.exec(s2, "UPDATE orders SET v = v + 10 WHERE id = 2");
            s2.commit();
            assertEquals(List.of("1|1", "2|12", "3|0"), Sql.query(s1, SOURCE));
            assertInStep(s1, "after both commits");
        }
    }

    /** A transaction deletes a row another session inserted after the first one's first write. */
    @Test
    void deleteOfARowAnotherSessionInsertedReachesTheMirror() throws Exception {
        try (Connection s1 = shadowed("(1, 0), (2, 0), (3, 0)"); Connection s2 = Sql.open(dir, "db")) {
            s1.setAutoCommit(false);
            s2.setAutoCommit(false);
            Sql.exec(s2, "UPDATE orders SET v = 7 WHERE id = 3");
            Sql.exec(s1, "INSERT INTO orders VALUES (5, 5)");
            s1.commit();
            Sql.exec(s2, "DELETE FROM orders WHERE id = 5");
            s2.commit();
            assertEquals(List.of("1|0", "2|0", "3|7"), Sql.query(s1, SOURCE));
            assertInStep(s1, "after the delete");
        }
    }

    /**
     * ROLLBACK, ROLLBACK TO SAVEPOINT and a statement that fails halfway leave nothing in the
     * mirror; until COMMIT the transaction's own mirror changes are not visible in the mirror.
     */
    @Test
    void rollbacksSavepointsAndFailedStatementsLeaveTheMirrorInStep() throws Exception {
        try (Connection c = shadowed("(1, 0), (2, 0), (3, 0)")) {
            assertEquals("3", Sql.one(c, "SELECT COUNT(*) FROM orders_tonbo")); // the counter is kept from now on
            c.setAutoCommit(false);
            Sql.exec(c, "INSERT INTO orders VALUES (10, 10)");
            Sql.exec(c, "DELETE FROM orders WHERE id = 1");
            assertEquals(List.of("1|0", "2|0", "3|0"), Sql.query(c, MIRROR), "pending mirror changes are not read");
            c.rollback();
            assertInStep(c, "after ROLLBACK");

            Sql.exec(c, "UPDATE orders SET v = 1 WHERE id = 1");
            Savepoint sp = c.setSavepoint();
            Sql.exec(c, "INSERT INTO orders VALUES (20, 20)");
            Sql.exec(c, "DELETE FROM orders WHERE id = 2");
            Sql.exec(c, "UPDATE orders SET id = id + 100 WHERE id = 3");
            c.rollback(sp);
            Sql.exec(c, "INSERT INTO orders VALUES (30, 30)");
            SQLException dup = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "INSERT INTO orders VALUES (40, 40), (41, 41), (1, 99)"));
            assertEquals(23505, dup.getErrorCode(), dup.getMessage());
            assertThrows(SQLException.class, () -> Sql.exec(c, "UPDATE orders SET id = 30 WHERE id = 2"));
            Sql.exec(c, "UPDATE orders SET v = v + 1 WHERE id = 30");
            c.commit();
            assertEquals(List.of("1|1", "2|0", "3|0", "30|31"), Sql.query(c, SOURCE));
            assertInStep(c, "after savepoint and statement rollbacks");

            Sql.exec(c, "DELETE FROM orders WHERE id = 30");
            Sql.exec(c, "INSERT INTO orders VALUES (30, 1)"); // delete and re-insert of a key in one transaction
            Sql.exec(c, "DELETE FROM orders WHERE id = 2");
            c.commit();
            assertInStep(c, "after a delete and re-insert");
        }
    }

    /** Statements that move keys onto each other, inside a transaction with another writer. */
    @Test
    void keyShiftingUpdatesReachTheMirror() throws Exception {
        try (Connection s1 = shadowed("(1, 1), (2, 2), (3, 3), (4, 4)"); Connection s2 = Sql.open(dir, "db")) {
            assertEquals("4", Sql.one(s1, "SELECT COUNT(*) FROM orders_tonbo"));
            s1.setAutoCommit(false);
            s2.setAutoCommit(false);
            Sql.exec(s1, "UPDATE orders SET id = id + 1");
            Sql.exec(s1, "UPDATE orders SET id = id + 10 WHERE id > 3");
            s1.commit();
            Sql.exec(s2, "UPDATE orders SET id = 100 - id");
            Savepoint sp = s2.setSavepoint();
            Sql.exec(s2, "UPDATE orders SET id = id * 2");
            s2.rollback(sp);
            s2.commit();
            assertEquals(List.of("85|4", "86|3", "97|2", "98|1"), Sql.query(s1, SOURCE));
            assertInStep(s1, "after key shifts");
        }
    }

    /**
     * A failed apply (the mirror's engine table closed under it) cannot undo H2's commit: it is
     * reported by the session's next statement touching the mirror, through the triggers or
     * directly, once.
     */
    @Test
    void aFailedApplyIsReportedToTheSession() throws Exception {
        try (Connection c = shadowed("(1, 0)")) {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            H2Table mirror = (H2Table) session.getDatabase().getSchema("PUBLIC").findTableOrView(session, "ORDERS_TONBO");
            Sql.exec(c, "INSERT INTO orders VALUES (2, 2)");
            mirror.engineTable().close();
            Sql.exec(c, "INSERT INTO orders VALUES (3, 3)"); // commits; the apply fails
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO orders VALUES (4, 4)"));
            assertTrue(e.getMessage().contains("out of step"), e.getMessage());
            assertEquals(List.of("1|0", "2|2", "3|3"), Sql.query(c, SOURCE), "the failing statement left nothing");
            Sql.exec(c, "INSERT INTO orders VALUES (4, 4)"); // reported once; this apply fails again
            e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT COUNT(*) FROM orders_tonbo"));
            assertTrue(e.getMessage().contains("out of step"), "a read of the mirror reports it: " + e.getMessage());
        }
    }

    /**
     * Three sessions run random inserts, updates (also of the key), deletes, commits, rollbacks
     * and savepoint rollbacks on the source at once, retrying after lock timeouts and deadlocks;
     * at the end the mirror must equal the source. Replay: -Dtonbo.h2.shadow.seed=N; size:
     * -Dtonbo.h2.shadow.ops (statements per session, default 400).
     */
    @Test
    void randomConcurrentWritersKeepTheMirrorInStep() throws Exception {
        long seed = Long.getLong("tonbo.h2.shadow.seed", System.nanoTime());
        System.out.println("ShadowTransactionTest seed: " + seed + " (-Dtonbo.h2.shadow.seed=" + seed + ")");
        try (Connection c = shadowed("(0, 0)")) {
            Sql.exec(c, "INSERT INTO orders SELECT x, x FROM SYSTEM_RANGE(1, 30)");
            assertEquals("31", Sql.one(c, "SELECT COUNT(*) FROM orders_tonbo"));
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Integer>> sessions = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                long sessionSeed = seed + s;
                sessions.add(pool.submit(() -> randomWrites(new Random(sessionSeed), OPS)));
            }
            int commits = 0;
            for (Future<Integer> f : sessions) {
                commits += f.get();
            }
            pool.shutdown();
            assertTrue(commits > 0, "some transactions committed");
            assertInStep(c, "after random concurrent writers (seed " + seed + ")");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertInStep(c, "after reopen (seed " + seed + ")");
        }
    }

    /**
     * Runs {@code ops} random statements; returns the number of commits. Within a transaction the
     * keys only go up (a lower key commits first), so sessions wait for each other's row locks
     * but never deadlock: H2 2.5.252 itself sometimes fails with "Transaction ... has status
     * ROLLING_BACK" while it resolves deadlocks among three sessions, with or without mirrors.
     */
    private int randomWrites(Random rnd, int ops) throws SQLException {
        int commits = 0;
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "SET LOCK_TIMEOUT 200");
            c.setAutoCommit(false);
            Savepoint sp = null;
            int floor = 0; // the lowest key this transaction may still lock
            for (int op = 0; op < ops; op++) {
                int key = rnd.nextInt(40);
                int kind = rnd.nextInt(8);
                if (key < floor && kind < 7) {
                    kind = 7; // end the transaction instead
                }
                int top = kind == 2 || kind == 3 ? key + 2 : kind == 4 ? key + 1 + rnd.nextInt(8) : key;
                String sql = switch (kind) {
                    case 0, 1 -> "INSERT INTO orders VALUES (" + key + ", " + op + ")";
                    case 2, 3 -> "UPDATE orders SET v = v + 1 WHERE id BETWEEN " + key + " AND " + top;
                    case 4 -> "UPDATE orders SET id = " + top + " WHERE id = " + key;
                    case 5 -> "DELETE FROM orders WHERE id = " + key;
                    case 6 -> "MERGE INTO orders KEY(id) VALUES (" + key + ", " + -op + ")";
                    default -> null;
                };
                try {
                    if (sql != null) {
                        floor = Math.max(floor, top);
                        Sql.exec(c, sql);
                    } else {
                        int end = rnd.nextInt(6);
                        if (end < 3 || key < floor && end > 3) {
                            c.commit();
                            commits++;
                            sp = null;
                            floor = 0;
                        } else if (end == 3) {
                            c.rollback();
                            sp = null;
                            floor = 0;
                        } else if (end == 4 || sp == null) {
                            sp = c.setSavepoint();
                        } else {
                            c.rollback(sp);
                            sp = null;
                        }
                    }
                } catch (SQLException e) {
                    int code = e.getErrorCode();
                    if (code == 50200 || code == 40001) { // lock timeout (or deadlock): start over
                        c.rollback();
                        sp = null;
                        floor = 0;
                    } else if (code != 23505) { // a duplicate key fails the statement only
                        throw e;
                    }
                }
            }
            c.commit();
            commits++;
        }
        return commits;
    }
}
