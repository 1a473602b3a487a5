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

/**
 * H2's {@code _ROWID_} pseudo-column on tonbo tables: the hidden row id of a table without a
 * primary key, and the key's value for a one-column integer primary key, as in H2's own tables —
 * in SELECT, WHERE, UPDATE, DELETE and MERGE USING, before and after a flush and a reopen. A table
 * with another key has none, and says so.
 */
class RowIdTest {
    @TempDir
    Path dir;

    private static final List<String> QUERIES = List.of(
            "SELECT _ROWID_, v FROM %s ORDER BY _ROWID_",
            "SELECT v FROM %s WHERE _ROWID_ = 3",
            "SELECT COUNT(*) FROM %s WHERE _ROWID_ BETWEEN 2 AND 4",
            "SELECT MAX(_ROWID_) FROM %s",
            "SELECT _ROWID_ FROM %s ORDER BY v DESC LIMIT 2");

    private static void compare(Connection c, String h2, String tonbo) throws SQLException {
        for (String q : QUERIES) {
            assertEquals(Sql.query(c, String.format(q, h2)), Sql.query(c, String.format(q, tonbo)), q);
        }
    }

    private static void writes(Connection c, String t) throws SQLException {
        Sql.exec(c, "UPDATE " + t + " SET v = 'updated' WHERE _ROWID_ = 2");
        Sql.exec(c, "DELETE FROM " + t + " WHERE _ROWID_ = 4");
        Sql.exec(c, "MERGE INTO " + t + " USING (SELECT 1 AS k) s ON " + t + "._ROWID_ = s.k"
                + " WHEN MATCHED THEN UPDATE SET v = 'merged'");
    }

    @Test
    void hiddenRowIdsAndIntegerKeysAreRowIds() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            for (String[] t : new String[][] {{"hn", "ht", "(v VARCHAR)"}, {"kn", "kt", "(id INT PRIMARY KEY, v VARCHAR)"},
                    {"bn", "bt", "(id BIGINT PRIMARY KEY, v VARCHAR)"}}) {
                Sql.exec(c, "CREATE TABLE " + t[0] + t[2]);
                Sql.exec(c, "CREATE TABLE " + t[1] + t[2] + " ENGINE \"tonbo\"");
                for (String name : new String[] {t[0], t[1]}) {
                    boolean keyed = t[2].contains("PRIMARY");
                    Sql.exec(c, keyed ? "INSERT INTO " + name + " VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')"
                            : "INSERT INTO " + name + " VALUES ('a'), ('b'), ('c'), ('d'), ('e')");
                }
                compare(c, t[0], t[1]);
                TonboFunctions.flush(c, t[1].toUpperCase());
                compare(c, t[0], t[1]);
                writes(c, t[0]);
                writes(c, t[1]);
                compare(c, t[0], t[1]);
            }
        }
        try (Connection c = Sql.open(dir, "db")) {
            compare(c, "hn", "ht");
            compare(c, "kn", "kt");
            assertEquals(List.of("1|merged", "2|updated", "3|c", "5|e"), Sql.query(c, "SELECT _ROWID_, v FROM bt ORDER BY 1"));
        }
    }

    @Test
    void otherKeysHaveNoRowId() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE s(k VARCHAR PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO s VALUES ('x', 1)");
            SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT _ROWID_ FROM s"));
            assertTrue(e.getMessage().contains("_ROWID_"), e.getMessage());
            assertEquals("x|1", Sql.one(c, "SELECT * FROM s"));
        }
    }
}
