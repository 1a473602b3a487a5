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
import org.tonbo4j.ColumnType;
import org.tonbo4j.Tonbo;

/** ALTER TABLE on tonbo tables: ADD COLUMN is an engine schema change; every other ALTER is refused. */
class AlterTableTest {
    @TempDir
    Path dir;

    @Test
    void addColumnKeepsTheTableATonboTableAcrossReopen() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO t SELECT x, 'v' || x FROM SYSTEM_RANGE(1, 100)");
            TonboFunctions.flush(c, "T");
            Sql.exec(c, "INSERT INTO t VALUES (101, 'mem')");
            Sql.exec(c, "ALTER TABLE t ADD COLUMN n BIGINT DEFAULT 42");
            Sql.exec(c, "ALTER TABLE t ADD d DATE");
            Sql.exec(c, "INSERT INTO t VALUES (102, 'new', 7, DATE '2024-05-01')");
            assertEquals(List.of("1|v1|42|null", "101|mem|42|null", "102|new|7|2024-05-01"),
                    Sql.query(c, "SELECT * FROM t WHERE id IN (1, 101, 102) ORDER BY id"));
            assertTrue(Sql.one(c, "SELECT TABLE_CLASS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'")
                    .endsWith("H2Table"));
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("4249|102", Sql.one(c, "SELECT SUM(n), COUNT(*) FROM t"));
            Sql.exec(c, "INSERT INTO t(id, v) VALUES (103, 'dflt')");
            assertEquals("42", Sql.one(c, "SELECT n FROM t WHERE id = 103"));
            TonboFunctions.compact(c, "T");
            assertEquals("103", Sql.one(c, "SELECT COUNT(*) FROM t WHERE n IS NOT NULL"));
        }
    }

    /**
     * A crash right after ADD COLUMN can leave the column in the table's files but not in H2's
     * catalog (H2 writes it a moment later). The table still opens, with the column hidden (new
     * rows get its default); the same ADD COLUMN brings it back, another definition is refused.
     */
    @Test
    void aColumnTheCatalogLostInACrashIsKeptAndAddedBack() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        }
        Path tableDir;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir.resolve("db.tonbo"))) {
            tableDir = s.findFirst().orElseThrow();
        }
        // what the engine holds after the ADD COLUMN that H2's catalog then lost
        try (org.tonbo4j.storage.LocalStorage st = new org.tonbo4j.storage.LocalStorage(tableDir)) {
            Tonbo.addColumn(st, org.tonbo4j.Column.of("W", ColumnType.INT32, true).withDefault(5), org.tonbo4j.Options.defaults());
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(List.of("1|one", "2|two"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            Sql.exec(c, "INSERT INTO t VALUES (3, 'three')");
            SQLException other = assertThrows(SQLException.class, () -> Sql.exec(c, "ALTER TABLE t ADD COLUMN w VARCHAR"));
            assertTrue(other.getMessage().contains("lost in a crash"), other.getMessage());
            Sql.exec(c, "ALTER TABLE t ADD COLUMN w INT DEFAULT 5");
            assertEquals(List.of("1|one|5", "2|two|5", "3|three|5"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            Sql.exec(c, "INSERT INTO t VALUES (4, 'four', 9)");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(List.of("1|one|5", "4|four|9"), Sql.query(c, "SELECT * FROM t WHERE id IN (1, 4) ORDER BY id"));
        }
    }

    /** Comments, defaults, ON UPDATE, visibility and selectivity change only H2's metadata: allowed, kept across reopen. */
    @Test
    void metadataOnlyChangesAreAllowedAndKept() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT, w VARCHAR) ENGINE \"tonbo\"");
            Sql.exec(c, "COMMENT ON COLUMN t.v IS 'the value'");
            Sql.exec(c, "COMMENT ON TABLE t IS 'a tonbo table'");
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN v SET DEFAULT 42");
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN w SET ON UPDATE 'changed'");
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN v SELECTIVITY 50");
            Sql.exec(c, "INSERT INTO t(id, w) VALUES (1, 'x')");
            Sql.exec(c, "UPDATE t SET v = 7 WHERE id = 1");
            assertEquals("1|7|changed", Sql.one(c, "SELECT * FROM t"));
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN w SET INVISIBLE");
            assertEquals("1|7", Sql.one(c, "SELECT * FROM t"));
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN w SET VISIBLE");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("the value", Sql.one(c, "SELECT REMARKS FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'T'"
                    + " AND COLUMN_NAME = 'V'"));
            assertEquals("a tonbo table", Sql.one(c, "SELECT REMARKS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'"));
            Sql.exec(c, "INSERT INTO t(id, w) VALUES (2, 'y')");
            assertEquals(List.of("1|7|changed", "2|42|y"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            Sql.exec(c, "ALTER TABLE t ALTER COLUMN v DROP DEFAULT");
            Sql.exec(c, "INSERT INTO t(id) VALUES (3)");
            assertEquals("null|null", Sql.one(c, "SELECT v, w FROM t WHERE id = 3"));
            assertTrue(Sql.one(c, "SELECT TABLE_CLASS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'")
                    .endsWith("H2Table"));
        }
    }

    @Test
    void otherAltersAreRefusedClearly() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO t VALUES (1, 1)");
            for (String sql : List.of("ALTER TABLE t DROP COLUMN v", "ALTER TABLE t ALTER COLUMN v SET DATA TYPE BIGINT",
                    "ALTER TABLE t ALTER COLUMN v RENAME TO w", "ALTER TABLE t ADD COLUMN (a INT, b INT)",
                    "ALTER TABLE t ADD COLUMN a INT BEFORE v", "ALTER TABLE t ADD COLUMN a INT NOT NULL",
                    "ALTER TABLE t ADD COLUMN a TIMESTAMP DEFAULT CURRENT_TIMESTAMP",
                    "ALTER TABLE t ADD COLUMN a TIME", "ALTER TABLE t ADD COLUMN v INT",
                    "ALTER TABLE t ADD COLUMN a INT UNIQUE", "ALTER TABLE t ADD COLUMN a INT PRIMARY KEY",
                    "ALTER TABLE t ADD COLUMN a INT CHECK (a > 0)", "ALTER TABLE t DROP PRIMARY KEY")) {
                SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, sql), sql);
                assertTrue(e.getMessage().contains("tonbo") || e.getMessage().contains("V"), sql + ": " + e.getMessage());
            }
            assertEquals("1|1", Sql.one(c, "SELECT * FROM t"));
            assertTrue(Sql.one(c, "SELECT TABLE_CLASS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'")
                    .endsWith("H2Table"));
            String pk = Sql.one(c, "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_NAME = 'T' AND CONSTRAINT_TYPE = 'PRIMARY KEY'");
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, "ALTER TABLE t DROP CONSTRAINT " + pk));
            assertEquals(50100, e.getErrorCode(), e.getMessage());
            assertEquals(1, Sql.query(c, "SELECT * FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = 'T'"
                    + " AND CONSTRAINT_TYPE = 'PRIMARY KEY'").size(), "the key is still declared");
            SQLException dup = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO t VALUES (1, 2)"));
            assertEquals(23505, dup.getErrorCode());
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("1|1", Sql.one(c, "SELECT * FROM t"), "the table opens again with its key");
            Sql.exec(c, "ALTER TABLE t ADD COLUMN a INT");
            Sql.exec(c, "INSERT INTO t VALUES (2, 2, 2)");
            assertEquals(List.of("1|1|null", "2|2|2"), Sql.query(c, "SELECT * FROM t ORDER BY id"));
            Sql.exec(c, "DROP TABLE t");
            assertEquals("0", Sql.one(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'"));
        }
    }

    @Test
    void addColumnWaitsForOtherSessionsToCommit() throws Exception {
        try (Connection a = Sql.open(dir, "db"); Connection b = Sql.open(dir, "db")) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            b.setAutoCommit(false);
            Sql.exec(b, "INSERT INTO t VALUES 1");
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(a, "ALTER TABLE t ADD COLUMN x INT"));
            assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
            b.commit();
            Sql.exec(a, "ALTER TABLE t ADD COLUMN x INT");
            assertEquals("1|null", Sql.one(b, "SELECT * FROM t"));
        }
    }
}
