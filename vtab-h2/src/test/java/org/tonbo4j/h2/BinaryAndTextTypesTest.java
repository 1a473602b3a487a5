package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Types stored as engine bytes or strings. UUID columns, stored as their 16 bytes (big-endian,
 * so byte order is H2's UUID order): as the primary key and as a plain column, the same answers
 * as H2's own table for lookups, ranges, ORDER BY, GROUP BY, updates and deletes, before and
 * after a flush and a reopen. CLOB (also H2's TEXT) and BLOB columns: whole values of any size
 * back, and no key of them, as in H2's tables.
 */
class BinaryAndTextTypesTest {
    @TempDir
    Path dir;

    private static final List<String> QUERIES = List.of(
            "SELECT * FROM %s ORDER BY id",
            "SELECT * FROM %s ORDER BY id DESC LIMIT 3",
            "SELECT n FROM %s WHERE id = '00000000-0000-0000-0000-000000000005'",
            "SELECT COUNT(*) FROM %s WHERE id BETWEEN '00000000-0000-0000-0000-000000000003'"
                    + " AND '80000000-0000-0000-0000-000000000000'",
            "SELECT COUNT(*) FROM %s WHERE id > 'ffffffff-0000-0000-0000-000000000000'",
            "SELECT ref, COUNT(*) FROM %s GROUP BY ref ORDER BY ref NULLS FIRST",
            "SELECT MIN(id), MAX(id) FROM %s",
            "SELECT n FROM %s WHERE ref = '11111111-2222-3333-4444-555555555555' ORDER BY n");

    private static void fill(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            // small, large and "negative" (high bit set) UUIDs: the order must be H2's unsigned one
            long[][] ids = {{0, 5}, {0, 3}, {0x7fffffffffffffffL, -1}, {0x8000000000000000L, 0}, {-1, -1},
                    {-1, 1}, {0x1234, 0x5678}, {0xfffffffe00000000L, 7}};
            for (int i = 0; i < ids.length; i++) {
                p.setObject(1, new UUID(ids[i][0], ids[i][1]));
                p.setInt(2, i);
                p.setObject(3, i % 3 == 0 ? null : UUID.fromString("11111111-2222-3333-4444-55555555555" + (i % 2 * 5)));
                p.executeUpdate();
            }
        }
    }

    private static void compare(Connection c) throws SQLException {
        for (String q : QUERIES) {
            assertEquals(Sql.query(c, String.format(q, "n")), Sql.query(c, String.format(q, "t")), q);
        }
    }

    @Test
    void uuidKeysAndColumnsAgreeWithH2sOwnTable() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE n(id UUID PRIMARY KEY, n INT, ref UUID)");
            Sql.exec(c, "CREATE TABLE t(id UUID PRIMARY KEY, n INT, ref UUID) ENGINE \"tonbo\"");
            fill(c, "n");
            fill(c, "t");
            compare(c);
            TonboFunctions.flush(c, "T");
            compare(c);
            for (String t : new String[] {"n", "t"}) {
                Sql.exec(c, "UPDATE " + t + " SET ref = NULL WHERE id = '00000000-0000-0000-0000-000000000003'");
                Sql.exec(c, "UPDATE " + t + " SET id = '00000000-0000-0000-0000-000000000009' WHERE n = 4");
                Sql.exec(c, "DELETE FROM " + t + " WHERE id = '80000000-0000-0000-0000-000000000000'");
            }
            compare(c);
            SQLException e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "INSERT INTO t VALUES ('00000000-0000-0000-0000-000000000005', 1, NULL)"));
            assertEquals(23505, e.getErrorCode(), e.getMessage());
            assertTrue(Sql.one(c, "SELECT id FROM t WHERE n = 0").startsWith("00000000-0000-0000-0000-000000000005"));
        }
        try (Connection c = Sql.open(dir, "db")) {
            compare(c);
        }
    }

    @Test
    void largeObjectsAreStoredWholeAndCannotBeKeys() throws Exception {
        String q = "SELECT id, LENGTH(c), OCTET_LENGTH(b), LENGTH(t), LEFT(c, 5), LEFT(t, 3), b = X'0102' FROM %s ORDER BY id";
        try (Connection c = Sql.open(dir, "db")) {
            for (String t : new String[] {"ln", "lt"}) {
                Sql.exec(c, "CREATE TABLE " + t + "(id INT PRIMARY KEY, c CLOB, b BLOB, t TEXT)" + (t.equals("lt") ? " ENGINE \"tonbo\"" : ""));
                Sql.exec(c, "INSERT INTO " + t + " VALUES (1, 'small clob', X'0102', 'text one'), (2, REPEAT('x', 2000000),"
                        + " CAST(REPEAT('ab', 100000) AS VARBINARY), REPEAT('\u00e9', 300000)), (3, NULL, NULL, NULL)");
                Sql.exec(c, "UPDATE " + t + " SET c = c || ' more' WHERE id = 1");
            }
            assertEquals(Sql.query(c, String.format(q, "ln")), Sql.query(c, String.format(q, "lt")));
            assertEquals("1|small clob more", Sql.one(c, "SELECT id, CAST(c AS VARCHAR) FROM lt WHERE t LIKE 'text%'"));
            TonboFunctions.flush(c, "LT");
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE TABLE k(c CLOB PRIMARY KEY) ENGINE \"tonbo\""));
            assertTrue(e.getMessage().contains("a large object cannot be a key"), e.getMessage());
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(Sql.query(c, String.format(q, "ln")), Sql.query(c, String.format(q, "lt")));
        }
    }
}
