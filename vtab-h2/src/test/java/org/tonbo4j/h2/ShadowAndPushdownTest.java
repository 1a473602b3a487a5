package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analytical shadow tables, and the access paths EXPLAIN reports for tonbo tables. */
class ShadowAndPushdownTest {
    @TempDir
    Path dir;

    private static void functions(Connection c) throws SQLException {
        for (String f : List.of("SHADOW", "FLUSH", "COMPACT")) {
            Sql.exec(c, "CREATE ALIAS IF NOT EXISTS TONBO_" + f + " FOR \"org.tonbo4j.h2.TonboFunctions."
                    + f.toLowerCase() + "\"");
        }
    }

    @Test
    void shadowTableFollowsInsertsUpdatesDeletesAndRollbacks() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            functions(c);
            Sql.exec(c, "CREATE TABLE orders(id INT PRIMARY KEY, item VARCHAR, qty INT)");
            Sql.exec(c, "INSERT INTO orders SELECT x, 'item' || MOD(x, 5), x FROM SYSTEM_RANGE(1, 200)");
            assertEquals("ORDERS_TONBO", Sql.one(c, "CALL TONBO_SHADOW('ORDERS')"));
            Sql.exec(c, "INSERT INTO orders VALUES (500, 'new', 1)");
            Sql.exec(c, "UPDATE orders SET qty = qty + 1000 WHERE MOD(id, 10) = 0");
            Sql.exec(c, "UPDATE orders SET id = 900 WHERE id = 7");
            Sql.exec(c, "DELETE FROM orders WHERE id < 5");
            c.setAutoCommit(false);
            Sql.exec(c, "DELETE FROM orders");
            c.rollback();
            c.setAutoCommit(true);
            String q = "SELECT item, COUNT(*), SUM(qty), MIN(id), MAX(id) FROM %s GROUP BY item ORDER BY item";
            assertEquals(Sql.query(c, q.formatted("orders")), Sql.query(c, q.formatted("orders_tonbo")));
            assertEquals(Sql.query(c, "SELECT * FROM orders ORDER BY id"),
                    Sql.query(c, "SELECT * FROM orders_tonbo ORDER BY id"));
            SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "CALL TONBO_SHADOW('NOPE')"));
            assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
            assertEquals(42102, e.getErrorCode(), "H2's table-not-found code");
            Sql.exec(c, "CREATE TABLE nokey(v INT)");
            e = assertThrows(SQLException.class, () -> Sql.query(c, "CALL TONBO_SHADOW('NOKEY')"));
            assertEquals(50100, e.getErrorCode(), e.getMessage());
        }
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "INSERT INTO orders VALUES (1000, 'later', 5)");
            assertEquals(Sql.query(c, "SELECT * FROM orders ORDER BY id"),
                    Sql.query(c, "SELECT * FROM orders_tonbo ORDER BY id"));
        }
    }

    /**
     * Statements that move keys onto each other, an ALTER of the source (H2 rebuilds it), a
     * failing statement, a MERGE and a TRUNCATE of the source (no triggers fire: the mirror then
     * converges on the next writes instead of refusing them).
     */
    @Test
    void shadowTableFollowsKeyShiftsAltersAndTruncates() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            functions(c);
            Sql.exec(c, "CREATE TABLE o(id INT PRIMARY KEY, flag INT)");
            Sql.exec(c, "INSERT INTO o SELECT x, MOD(x, 2) FROM SYSTEM_RANGE(1, 50)");
            Sql.one(c, "CALL TONBO_SHADOW('O')");
            String all = "SELECT * FROM %s ORDER BY id";
            Sql.exec(c, "UPDATE o SET id = id + 1");
            assertEquals(Sql.query(c, all.formatted("o")), Sql.query(c, all.formatted("o_tonbo")), "keys shifted up");
            Sql.exec(c, "UPDATE o SET id = 100 - id");
            assertEquals(Sql.query(c, all.formatted("o")), Sql.query(c, all.formatted("o_tonbo")), "keys mirrored");
            Sql.exec(c, "UPDATE o SET id = id + 100 WHERE id > 60");
            assertThrows(SQLException.class, () -> Sql.exec(c, "UPDATE o SET id = 198 WHERE id > 190"), "duplicate key");
            Sql.exec(c, "UPDATE o SET flag = 7 WHERE id = 60");
            assertEquals(Sql.query(c, all.formatted("o")), Sql.query(c, all.formatted("o_tonbo")), "after a failed statement");
            Sql.exec(c, "MERGE INTO o KEY(id) VALUES (60, 8), (1000, 9)");
            Sql.exec(c, "ALTER TABLE o ADD COLUMN note VARCHAR DEFAULT 'n'");
            Sql.exec(c, "INSERT INTO o(id, flag) VALUES (2000, 1)");
            Sql.exec(c, "UPDATE o SET id = id + 1 WHERE id >= 1000");
            Sql.exec(c, "DELETE FROM o WHERE id = 61");
            String cols = "SELECT id, flag FROM %s ORDER BY id";
            assertEquals(Sql.query(c, cols.formatted("o")), Sql.query(c, cols.formatted("o_tonbo")), "after ALTER");
            Sql.exec(c, "TRUNCATE TABLE o");
            Sql.exec(c, "INSERT INTO o(id, flag) VALUES (60, 1), (5, 5)");
            assertEquals(List.of("5|5", "60|1"), Sql.query(c, cols.formatted("o")));
            assertTrue(Sql.query(c, cols.formatted("o_tonbo")).containsAll(List.of("5|5", "60|1")),
                    "the rows written after the TRUNCATE are mirrored");
        }
    }

    @Test
    void shadowTablesOfAnotherSchemaAndUnquotedNames() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            functions(c);
            Sql.exec(c, "CREATE SCHEMA sales");
            Sql.exec(c, "CREATE TABLE sales.orders(id INT PRIMARY KEY, amount DECIMAL(10, 2))");
            Sql.exec(c, "INSERT INTO sales.orders VALUES (1, 10.50), (2, 20.25)");
            // SCHEMA.TABLE, written unquoted in lower case: the mirror goes beside its source
            assertEquals("ORDERS_TONBO", Sql.one(c, "CALL TONBO_SHADOW('sales.orders')"));
            Sql.exec(c, "INSERT INTO sales.orders VALUES (3, 5.00)");
            Sql.exec(c, "UPDATE sales.orders SET amount = amount * 2 WHERE id = 1");
            Sql.exec(c, "DELETE FROM sales.orders WHERE id = 2");
            assertEquals(Sql.query(c, "SELECT * FROM sales.orders ORDER BY id"),
                    Sql.query(c, "SELECT * FROM sales.orders_tonbo ORDER BY id"));
            assertEquals("1", Sql.one(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'SALES'"
                    + " AND TABLE_NAME = 'ORDERS_TONBO'"));
            // a table of the current schema in lower case, and a view, which cannot be mirrored
            Sql.exec(c, "CREATE TABLE items(id BIGINT PRIMARY KEY, name VARCHAR)");
            Sql.exec(c, "INSERT INTO items VALUES (7, 'seven')");
            assertEquals("ITEMS_TONBO", Sql.one(c, "CALL TONBO_SHADOW('items')"));
            assertEquals("7|seven", Sql.one(c, "SELECT * FROM items_tonbo"));
            Sql.exec(c, "CREATE VIEW v AS SELECT * FROM items");
            SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "CALL TONBO_SHADOW('V')"));
            assertTrue(e.getMessage().contains("not an ordinary persistent table"), e.getMessage());
        }
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "INSERT INTO sales.orders VALUES (4, 1.00)");
            assertEquals(Sql.query(c, "SELECT * FROM sales.orders ORDER BY id"),
                    Sql.query(c, "SELECT * FROM sales.orders_tonbo ORDER BY id"));
        }
    }

    @Test
    void explainShowsKeyLookupsProjectionAndDirectAggregates() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id BIGINT PRIMARY KEY, a INT, b VARCHAR, c DOUBLE) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO t SELECT x, x, 'b' || x, x / 2.0 FROM SYSTEM_RANGE(1, 1000)");
            String point = String.join("\n", Sql.query(c, "EXPLAIN SELECT c FROM t WHERE id = 5"));
            assertTrue(point.contains("tonbo key lookup") && point.contains("columns: ID, C")
                    || point.contains("columns: C, ID"), point);
            String range = String.join("\n", Sql.query(c, "EXPLAIN SELECT a FROM t WHERE id BETWEEN 5 AND 9"));
            assertTrue(range.contains("tonbo key lookup/range scan"), range);
            String scan = String.join("\n", Sql.query(c, "EXPLAIN SELECT SUM(c) FROM t WHERE a > 3"));
            assertTrue(scan.contains("tonbo full scan") && !scan.contains(" B"), scan);
            assertTrue(scan.contains("conditions after a colon skip Parquet row groups") && scan.contains("]: A > 3"), scan);
            String unfiltered = String.join("\n", Sql.query(c, "EXPLAIN SELECT SUM(c) FROM t"));
            assertTrue(unfiltered.contains("tonbo full scan") && !unfiltered.contains("]:"), unfiltered);
            TonboFunctions.flush(c, "T");
            assertEquals("10|47.5", Sql.one(c, "SELECT COUNT(*), SUM(c) FROM t WHERE a BETWEEN 5 AND 14"));
            assertEquals("2", Sql.one(c, "SELECT COUNT(*) FROM t WHERE b = 'b7' OR b = 'b70'"));
            assertEquals("1", Sql.one(c, "SELECT COUNT(*) FROM t WHERE b = 'b7' AND a >= 7"));
            assertTrue(String.join("\n", Sql.query(c, "EXPLAIN SELECT COUNT(*) FROM t")).contains("direct lookup"));
            assertTrue(String.join("\n", Sql.query(c, "EXPLAIN SELECT MIN(id), MAX(id) FROM t"))
                    .contains("direct lookup"));
            String ordered = String.join("\n", Sql.query(c, "EXPLAIN SELECT id FROM t ORDER BY id DESC LIMIT 2"));
            assertTrue(ordered.contains("index sorted") && ordered.contains("tonbo key"), ordered);
            assertEquals(List.of("1000", "999"), Sql.query(c, "SELECT id FROM t ORDER BY id DESC LIMIT 2"));
            assertEquals("1000|1|1000", Sql.one(c, "SELECT COUNT(*), MIN(id), MAX(id) FROM t"));
            assertEquals(List.of("3|3|b3|1.5", "998|998|b998|499.0"),
                    Sql.query(c, "SELECT * FROM t WHERE id IN (998, 3, 5000) ORDER BY id"));
        }
    }
}
