package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same SQL script against H2's own tables and against tonbo tables ({@code /*E*}{@code /} in a
 * CREATE TABLE becomes {@code ENGINE "tonbo"}): every query (lines starting with {@code ?}) must
 * return the same rows, every statement must fail or succeed alike — also after reopening the
 * database and after compacting the tonbo tables.
 */
class DifferentialSqlTest {
    @TempDir
    Path dir;

    private static final List<String> SCRIPT = List.of(
            "CREATE TABLE all_types(id BIGINT PRIMARY KEY, b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, r REAL,"
                    + " d DOUBLE, s VARCHAR(100), ch CHAR(4), bin VARBINARY(16), dt DATE, ts TIMESTAMP,"
                    + " tz TIMESTAMP WITH TIME ZONE, dec NUMERIC(12, 3)) /*E*/",
            "INSERT INTO all_types VALUES (1, TRUE, 1, 2, 3, 1.5, 2.25, 'héllo', 'ab', X'00ff', DATE '2024-02-29',"
                    + " TIMESTAMP '2024-02-29 23:59:59.123456', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00',"
                    + " 123456789.125)",
            "INSERT INTO all_types VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
            "INSERT INTO all_types VALUES (3, FALSE, -128, -32768, -2147483648, -0.5, -1e300, '', 'z', X'',"
                    + " DATE '1900-01-01', TIMESTAMP '1969-12-31 23:59:59', TIMESTAMP WITH TIME ZONE '1999-12-31 12:00:00+00',"
                    + " -0.001)",
            "? SELECT * FROM all_types ORDER BY id",
            "? SELECT id FROM all_types WHERE s IS NULL",
            "? SELECT COUNT(*), COUNT(b), MIN(d), MAX(dec), SUM(i32) FROM all_types",
            "INSERT INTO all_types(id) VALUES (1)",
            "CREATE TABLE orders(id INT PRIMARY KEY, customer VARCHAR, amount DECIMAL(10,2), dday DATE) /*E*/",
            "CREATE TABLE customers(name VARCHAR PRIMARY KEY, region VARCHAR) /*E*/",
            "CREATE TABLE notes(txt VARCHAR, n INT) /*E*/",
            "INSERT INTO customers VALUES ('ann', 'north'), ('bob', 'south'), ('cy', 'north'), ('dee', NULL)",
            "INSERT INTO orders SELECT x, CASEWHEN(MOD(x, 3) = 0, 'ann', CASEWHEN(MOD(x, 3) = 1, 'bob', 'cy')),"
                    + " x * 1.25, DATE '2024-01-01' + MOD(x, 30) FROM SYSTEM_RANGE(1, 500)",
            "INSERT INTO notes VALUES ('a', 1), ('a', 1), (NULL, 2), ('b', NULL)",
            "? SELECT * FROM notes ORDER BY txt NULLS FIRST, n NULLS FIRST",
            "? SELECT COUNT(*) FROM orders",
            "? SELECT * FROM orders WHERE id = 42",
            "? SELECT * FROM orders WHERE id IN (1, 7, 499, 1000) ORDER BY id",
            "? SELECT id FROM orders WHERE id BETWEEN 100 AND 110 ORDER BY id",
            "? SELECT id FROM orders WHERE id > 490 ORDER BY id DESC",
            "? SELECT id FROM orders ORDER BY id DESC LIMIT 5",
            "? SELECT id, amount FROM orders ORDER BY id LIMIT 3 OFFSET 10",
            "? SELECT MIN(id), MAX(id) FROM orders",
            "? SELECT id FROM orders WHERE id = 99999999999 OR id < -99999999999",
            "? SELECT id FROM orders WHERE id > -1e20 AND id < 4 ORDER BY id",
            "? SELECT customer, COUNT(*), SUM(amount), AVG(amount) FROM orders GROUP BY customer ORDER BY customer",
            "? SELECT c.region, SUM(o.amount) FROM orders o JOIN customers c ON o.customer = c.name"
                    + " GROUP BY c.region ORDER BY c.region NULLS FIRST",
            "? SELECT c.name, COUNT(o.id) FROM customers c LEFT JOIN orders o ON o.customer = c.name"
                    + " GROUP BY c.name ORDER BY c.name",
            "? SELECT id, amount, SUM(amount) OVER (PARTITION BY customer ORDER BY id) FROM orders"
                    + " WHERE id < 20 ORDER BY id",
            "? SELECT id, RANK() OVER (ORDER BY amount DESC) FROM orders WHERE dday = DATE '2024-01-05' ORDER BY id",
            "? SELECT name FROM customers WHERE name IN (SELECT customer FROM orders WHERE amount > 620) ORDER BY name",
            "? SELECT id FROM orders o WHERE amount > (SELECT AVG(amount) FROM orders WHERE customer = o.customer)"
                    + " AND id < 300 AND id > 280 ORDER BY id",
            "? SELECT DISTINCT dday FROM orders ORDER BY dday DESC LIMIT 4",
            "? SELECT id FROM orders WHERE amount BETWEEN 100 AND 120.5 ORDER BY id",
            "? SELECT COUNT(*), SUM(amount) FROM orders WHERE dday >= DATE '2024-01-10' AND dday < DATE '2024-01-15'",
            "? SELECT id FROM orders WHERE customer > 'b' AND customer <= 'bz' AND id < 40 ORDER BY id",
            "? SELECT * FROM customers WHERE region = 'north' ORDER BY name",
            "? SELECT id FROM all_types WHERE i32 >= 3 OR d < 0 ORDER BY id",
            "? SELECT id FROM all_types WHERE ts > TIMESTAMP '2000-01-01 00:00:00' AND dec > 1.0001",
            "? SELECT id FROM all_types WHERE s >= '' AND ch = 'z'",
            "UPDATE orders SET amount = amount * 2 WHERE customer = 'bob'",
            "UPDATE orders SET id = id + 1000 WHERE id > 495",
            "UPDATE orders SET id = id + 1 WHERE id = 10",
            "DELETE FROM orders WHERE MOD(id, 7) = 0",
            "MERGE INTO customers KEY(name) VALUES ('ann', 'east'), ('eve', 'west')",
            "INSERT INTO orders VALUES (2, 'x', 1, NULL)",
            "INSERT INTO orders VALUES (2000, 'x', 1, NULL), (2001, 'x', 1, NULL), (3, 'dup', 1, NULL)",
            "UPDATE notes SET n = 7 WHERE txt = 'a'",
            "DELETE FROM notes WHERE n IS NULL",
            "ALTER TABLE orders ADD COLUMN note VARCHAR(20)",
            "ALTER TABLE orders ADD COLUMN qty INT DEFAULT 3",
            "ALTER TABLE notes ADD COLUMN flag BOOLEAN NOT NULL DEFAULT TRUE",
            "INSERT INTO orders VALUES (6000, 'new', 1, NULL, 'n', 9)",
            "INSERT INTO orders(id, customer) VALUES (6001, 'dflt')",
            "UPDATE orders SET qty = 4, note = 'upd' WHERE id = 11",
            "INSERT INTO notes VALUES ('c', 3, FALSE)",
            "? SELECT id, note, qty FROM orders WHERE id > 5990 OR id < 13 ORDER BY id",
            "? SELECT qty, COUNT(*), COUNT(note) FROM orders GROUP BY qty ORDER BY qty",
            "? SELECT * FROM notes ORDER BY txt, flag",
            "SET AUTOCOMMIT OFF",
            "INSERT INTO orders VALUES (5000, 'tx', 5, NULL, NULL, 1)",
            "DELETE FROM orders WHERE id < 50",
            "ROLLBACK",
            "INSERT INTO orders VALUES (5001, 'tx', 5, NULL, 'x', 2)",
            "SAVEPOINT sp1",
            "UPDATE orders SET amount = 0",
            "ROLLBACK TO SAVEPOINT sp1",
            "COMMIT",
            "SET AUTOCOMMIT ON",
            "CREATE TABLE copy /*E*/ AS SELECT id, customer FROM orders WHERE id < 100",
            "TRUNCATE TABLE notes",
            "INSERT INTO notes(txt, n) VALUES ('after', 1)",
            "ALTER TABLE customers RENAME TO clients");

    private static final List<String> CHECKS = List.of(
            "? SELECT * FROM all_types ORDER BY id",
            "? SELECT * FROM orders ORDER BY id",
            "? SELECT COUNT(*), SUM(amount), MIN(id), MAX(id) FROM orders",
            "? SELECT * FROM clients ORDER BY name",
            "? SELECT * FROM notes ORDER BY txt",
            "? SELECT * FROM copy ORDER BY id",
            "? SELECT COUNT(*) FROM copy",
            "? SELECT customer, COUNT(*), SUM(amount) FROM orders GROUP BY customer ORDER BY customer",
            "? SELECT id FROM orders ORDER BY id DESC LIMIT 3",
            "? SELECT * FROM orders WHERE id IN (5000, 5001, 1496, 11, 6000, 6001)",
            "? SELECT qty, COUNT(*) FROM orders GROUP BY qty ORDER BY qty",
            "? SELECT id, qty FROM orders WHERE qty >= 3 AND qty < 5 AND id < 100 ORDER BY id",
            "? SELECT COUNT(*) FROM orders WHERE note IS NULL AND amount > 300");

    @Test
    void sameResultsAsH2sOwnTables() throws Exception {
        List<String> ref = new ArrayList<>();
        List<String> got = new ArrayList<>();
        try (Connection a = Sql.open(dir, "ref"); Connection b = Sql.open(dir, "tonbo")) {
            run(a, SCRIPT, false, ref);
            run(b, SCRIPT, true, got);
            assertSame(ref, got, "script");
            assertEquals(4, ref.stream().filter(r -> r.contains(" -> error ")).count(),
                    "only the four statements meant to fail fail: " + ref);
            ref.clear();
            got.clear();
            run(a, CHECKS, false, ref);
            run(b, CHECKS, true, got);
            assertSame(ref, got, "checks");
        }
        try (Connection b = Sql.open(dir, "tonbo")) {
            got.clear();
            run(b, CHECKS, true, got);
            assertSame(ref, got, "after reopen");
            for (String t : List.of("ORDERS", "ALL_TYPES", "CLIENTS", "NOTES", "COPY")) {
                TonboFunctions.compact(b, t);
            }
            got.clear();
            run(b, CHECKS, true, got);
            assertSame(ref, got, "after compaction");
        }
    }

    /** CHAR(n) keys: H2 stores them padded, and 'a' = 'a  '; lookups, ranges, UPDATE, DELETE and MERGE by key. */
    private static final List<String> CHAR_KEYS = List.of(
            "CREATE TABLE kch(k CHAR(3) PRIMARY KEY, v INT) /*E*/",
            "INSERT INTO kch VALUES ('a', 1), ('ab', 3), ('abc', 4), (' b', 5)",
            "CREATE TABLE kc2(a CHAR(2), b INT, v INT, PRIMARY KEY(a, b)) /*E*/",
            "INSERT INTO kc2 VALUES ('x', 1, 10), ('x', 2, 20), ('xy', 1, 30)",
            "? SELECT * FROM kch WHERE k = 'a'",
            "? SELECT * FROM kch WHERE k = 'a  '",
            "? SELECT * FROM kch WHERE k = CAST('a' AS CHAR(3))",
            "? SELECT * FROM kch WHERE k = 'abcd'",
            "? SELECT * FROM kch WHERE k = 'a   x'",
            "? SELECT * FROM kch WHERE k IN ('a', 'ab', 'zz') ORDER BY k",
            "? SELECT * FROM kch WHERE k <= 'ab' ORDER BY k",
            "? SELECT * FROM kch WHERE k BETWEEN 'a' AND 'ab' ORDER BY k",
            "? SELECT * FROM kch WHERE k > 'ab' ORDER BY k DESC",
            "? SELECT * FROM kch WHERE k < 'abcd' ORDER BY k",
            "? SELECT * FROM kc2 WHERE a = 'x' ORDER BY b",
            "? SELECT * FROM kc2 WHERE a = 'x' AND b = 2",
            "UPDATE kch SET v = 100 WHERE k = 'a'",
            "DELETE FROM kch WHERE k = 'ab'",
            "MERGE INTO kch KEY(k) VALUES ('abc', 101)",
            "MERGE INTO kch KEY(k) VALUES ('new', 7)",
            "UPDATE kc2 SET v = v + 1 WHERE a = 'x'",
            "INSERT INTO kch VALUES ('a  ', 9)",
            "? SELECT * FROM kch ORDER BY k",
            "? SELECT * FROM kc2 ORDER BY a, b",
            // H2 orders strings by UTF-16 units: U+E000..U+FFFF after U+1F600, by code point before
            "CREATE TABLE ks(k VARCHAR PRIMARY KEY, v INT) /*E*/",
            "INSERT INTO ks VALUES ('a', 1), (U&'\\E000', 2), (U&'\\FFFF', 3), (U&'\\+01F600', 4), (U&'x\\+01F600', 5)",
            "? SELECT COUNT(*), SUM(v) FROM ks WHERE k < U&'\\FFFF'",
            "? SELECT v FROM ks WHERE k = U&'\\+01F600'",
            "? SELECT COUNT(*), SUM(v) FROM ks WHERE k > U&'\\+01F600'",
            "? SELECT COUNT(*), SUM(v) FROM ks WHERE k BETWEEN U&'\\+01F600' AND U&'\\FFFF'",
            "? SELECT COUNT(*), SUM(v) FROM ks WHERE k >= 'a' AND k < U&'\\E000'");

    @Test
    void charKeysBehaveAsInH2sOwnTables() throws Exception {
        List<String> ref = new ArrayList<>();
        List<String> got = new ArrayList<>();
        try (Connection a = Sql.open(dir, "ref"); Connection b = Sql.open(dir, "tonbo")) {
            run(a, CHAR_KEYS, false, ref);
            run(b, CHAR_KEYS, true, got);
            assertSame(ref, got, "char keys");
            assertEquals(1, ref.stream().filter(r -> r.contains(" -> error ")).count(), "only the duplicate fails: " + ref);
            TonboFunctions.flush(b, "KCH");
            TonboFunctions.flush(b, "KC2");
            List<String> again = new ArrayList<>();
            run(b, CHAR_KEYS.subList(4, 16), true, again);
            List<String> refAgain = new ArrayList<>();
            run(a, CHAR_KEYS.subList(4, 16), false, refAgain);
            assertSame(refAgain, again, "char keys after flush");
        }
    }

    static void assertSame(List<String> ref, List<String> got, String phase) {
        for (int i = 0; i < Math.min(ref.size(), got.size()); i++) {
            assertEquals(ref.get(i), got.get(i), phase + ", step " + i);
        }
        assertEquals(ref.size(), got.size(), phase);
    }

    /**
     * Runs a script ({@code ?} lines are queries), recording each result or error code; with
     * {@code tonbo}, {@code /*E*}{@code /} becomes {@code ENGINE "tonbo"}.
     */
    static void run(Connection c, List<String> script, boolean tonbo, List<String> out) throws SQLException {
        for (String line : script) {
            boolean query = line.startsWith("?");
            String sql = query ? line.substring(1).trim() : line;
            if (tonbo) {
                sql = sql.replace("/*E*/", "ENGINE \"tonbo\"");
            }
            try {
                String result;
                if (query) {
                    result = String.join("\n", Sql.query(c, sql));
                } else {
                    Sql.exec(c, sql);
                    result = "ok";
                }
                out.add(line + " -> " + result);
            } catch (SQLException e) {
                out.add(line + " -> error " + e.getErrorCode());
            }
        }
    }
}
