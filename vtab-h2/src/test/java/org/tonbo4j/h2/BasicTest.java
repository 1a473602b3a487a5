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

/** ENGINE "tonbo" end to end: create, write, read, reopen, drop, errors. */
class BasicTest {
    @TempDir
    Path dir;

    @Test
    void createInsertQueryReopenDrop() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE events(id BIGINT PRIMARY KEY, ts TIMESTAMP, kind VARCHAR, val DOUBLE) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO events VALUES (1, TIMESTAMP '2024-01-01 10:00:00', 'a', 1.5), (2, NULL, 'b', NULL)");
            Sql.exec(c, "INSERT INTO events SELECT x + 10, NULL, 'gen', x * 2.0 FROM SYSTEM_RANGE(1, 100)");
            assertEquals("102", Sql.one(c, "SELECT COUNT(*) FROM events"));
            assertEquals("2|null|b|null", Sql.one(c, "SELECT * FROM events WHERE id = 2"));
            Sql.exec(c, "UPDATE events SET val = 9 WHERE id = 1");
            Sql.exec(c, "UPDATE events SET id = 1000 WHERE id = 2");
            Sql.exec(c, "DELETE FROM events WHERE id BETWEEN 11 AND 60");
            assertEquals("52|1000", Sql.one(c, "SELECT COUNT(*), MAX(id) FROM events"));
        }
        assertTrue(Files.isDirectory(dir.resolve("db.tonbo")));
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("52|1000|1", Sql.one(c, "SELECT COUNT(*), MAX(id), MIN(id) FROM events"));
            assertEquals("9.0", Sql.one(c, "SELECT val FROM events WHERE id = 1"));
            assertEquals(List.of("1000", "110", "109"), Sql.query(c, "SELECT id FROM events ORDER BY id DESC LIMIT 3"));
            Sql.exec(c, "DROP TABLE events");
        }
        try (var s = Files.list(dir.resolve("db.tonbo"))) {
            assertFalse(s.findAny().isPresent(), "DROP TABLE deletes the files");
        }
    }

    @Test
    void inMemoryDatabaseKeepsTablesInMemory() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:basic", "sa", "")) {
            Sql.exec(c, "CREATE TABLE m(id INT PRIMARY KEY, s VARCHAR) ENGINE \"tonbo\"");
            Sql.exec(c, "CREATE TABLE f(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"path=" + dir.resolve("f") + "\"");
            Sql.exec(c, "INSERT INTO m VALUES (2, 'b'), (1, 'a')");
            Sql.exec(c, "INSERT INTO f VALUES 5");
            assertEquals(List.of("1|a", "2|b"), Sql.query(c, "SELECT * FROM m ORDER BY id"));
            assertEquals("5", Sql.one(c, "SELECT * FROM f"));
        }
        assertTrue(Files.isDirectory(dir.resolve("f")), "an explicit path puts the files there");
    }

    /** The maintenance functions take schema-qualified and unquoted lower-case names, and refuse a null one. */
    @Test
    void maintenanceFunctionsFindTablesByQualifiedNames() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE SCHEMA s2");
            Sql.exec(c, "CREATE TABLE s2.a(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO s2.a VALUES (1), (2)");
            TonboFunctions.flush(c, "S2.A");
            TonboFunctions.compact(c, "s2.a");
            assertEquals("2", Sql.one(c, "SELECT COUNT(*) FROM s2.a"));
            SQLException e = assertThrows(SQLException.class, () -> TonboFunctions.flush(c, null));
            assertTrue(e.getMessage().contains("table name"), e.getMessage());
            e = assertThrows(SQLException.class, () -> TonboFunctions.flush(c, "S2.NOPE"));
            assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
        }
    }

    /** Local temporary tables are each session's own: two sessions create one of the same name. */
    @Test
    void localTemporaryTablesInTwoSessions() throws Exception {
        try (Connection a = Sql.open(dir, "db"); Connection b = Sql.open(dir, "db")) {
            for (Connection c : List.of(a, b)) {
                Sql.exec(c, "CREATE LOCAL TEMPORARY TABLE tmp(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            }
            Sql.exec(a, "INSERT INTO tmp VALUES (1, 1)");
            Sql.exec(b, "INSERT INTO tmp VALUES (2, 2), (3, 3)");
            assertEquals(List.of("1|1"), Sql.query(a, "SELECT * FROM tmp ORDER BY id"));
            assertEquals(List.of("2|2", "3|3"), Sql.query(b, "SELECT * FROM tmp ORDER BY id"));
            assertEquals("3|3", Sql.one(b, "SELECT * FROM tmp WHERE id = 3"));
            Sql.exec(a, "DROP TABLE tmp");
            Sql.exec(a, "CREATE LOCAL TEMPORARY TABLE tmp(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            assertEquals("0", Sql.one(a, "SELECT COUNT(*) FROM tmp"));
            assertEquals("2", Sql.one(b, "SELECT COUNT(*) FROM tmp"));
        }
    }

    @Test
    void duplicateKeyIsH2sError() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(k VARCHAR PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO t VALUES ('a', 1)");
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO t VALUES ('a', 2)"));
            assertEquals(23505, e.getErrorCode(), e.getMessage());
            // a failing multi-row INSERT leaves nothing
            assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO t VALUES ('b', 1), ('c', 1), ('a', 3)"));
            assertEquals(List.of("a|1"), Sql.query(c, "SELECT * FROM t ORDER BY k"));
            assertEquals("1", Sql.one(c, "SELECT COUNT(*) FROM t"));
        }
    }

    @Test
    void tableWithoutPrimaryKeyUsesHiddenRowId() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE log(msg VARCHAR, n INT) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO log VALUES ('x', 1), ('x', 1), ('y', 2)");
            Sql.exec(c, "UPDATE log SET n = 5 WHERE msg = 'y'");
            Sql.exec(c, "DELETE FROM log WHERE n = 1 LIMIT 1");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(List.of("x|1", "y|5"), Sql.query(c, "SELECT * FROM log ORDER BY msg"));
            Sql.exec(c, "INSERT INTO log VALUES ('z', 3)");
            assertEquals("3", Sql.one(c, "SELECT COUNT(*) FROM log"));
        }
    }

    @Test
    void badInputIsAClearError() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            SQLException e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE a(id INT PRIMARY KEY, t TIME) ENGINE \"tonbo\""));
            assertTrue(e.getMessage().contains("column T"), e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"colour=red\""));
            assertTrue(e.getMessage().contains("colour=red"), e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"memtable_mb=lots\""));
            assertTrue(e.getMessage().contains("memtable_mb"), e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"idle_flush_ms=-1\""));
            assertTrue(e.getMessage().contains("idle_flush_ms"), e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"compression=brotli\""));
            assertTrue(e.getMessage().contains("zstd"), "lists the codecs: " + e.getMessage());
            e = assertThrows(SQLException.class,
                    () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"cache_mb=-5\""));
            assertTrue(e.getMessage().contains("cache_mb must be at least 0"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\""
                    + " WITH \"compression=gzip\", \"compression_level=22\""));
            assertTrue(e.getMessage().contains("GZIP must be 1..9"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\""
                    + " WITH \"compression=snappy\", \"compression_level=5\""));
            assertTrue(e.getMessage().contains("SNAPPY has no levels"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"path=\""));
            assertTrue(e.getMessage().contains("path=") && e.getMessage().contains("empty value"), e.getMessage());
            java.nio.file.Path file = Files.writeString(dir.resolve("a-file"), "x");
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE TABLE p(id INT PRIMARY KEY) ENGINE \"tonbo\""
                    + " WITH \"path=" + file.resolve("sub") + "\""));
            assertTrue(e.getMessage().contains("cannot create the table directory"), e.getMessage());
            assertEquals("0", Sql.one(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'P'"));
            Sql.exec(c, "CREATE TABLE d(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE INDEX dv ON d(v)"));
            assertTrue(e.getMessage().contains("secondary"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "CREATE INDEX my_INDEX_1 ON d(v)"));
            assertTrue(e.getMessage().contains("index MY_INDEX_1"), e.getMessage());
            // constraints that need an index of their own name the constraint, not the generated index
            Sql.exec(c, "CREATE TABLE par(id INT PRIMARY KEY)");
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "ALTER TABLE d ADD CONSTRAINT d_par FOREIGN KEY (v) REFERENCES par(id)"));
            assertTrue(e.getMessage().contains("D_PAR") && e.getMessage().contains("foreign key"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "ALTER TABLE d ADD CONSTRAINT d_u UNIQUE (v)"));
            assertTrue(e.getMessage().contains("D_U") && e.getMessage().contains("UNIQUE"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c,
                    "CREATE TABLE fk(id INT PRIMARY KEY, p INT REFERENCES par(id)) ENGINE \"tonbo\""));
            assertTrue(e.getMessage().contains("foreign key"), e.getMessage());
            // a foreign key from an H2 table to the tonbo table's primary key is enforced both ways
            Sql.exec(c, "INSERT INTO d VALUES (1, 10)");
            Sql.exec(c, "CREATE TABLE child(id INT PRIMARY KEY, d_id INT REFERENCES d(id))");
            Sql.exec(c, "INSERT INTO child VALUES (1, 1)");
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "INSERT INTO child VALUES (2, 2)"));
            assertTrue(e.getMessage().contains("Referential integrity"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "DELETE FROM d WHERE id = 1"));
            assertTrue(e.getMessage().contains("Referential integrity"), e.getMessage());
            assertEquals("1", Sql.one(c, "SELECT COUNT(*) FROM d"));
            Sql.exec(c, "DROP TABLE child");
            e = assertThrows(SQLException.class, () -> Sql.exec(c, "ALTER TABLE d ALTER COLUMN v SET DATA TYPE BIGINT"));
            assertTrue(e.getMessage().contains("ALTER TABLE"), e.getMessage());
            assertEquals("TABLE", Sql.one(c, "SELECT TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'D'")
                    .replace("BASE ", ""));
        }
    }

    @Test
    void missingOrCorruptFilesFailTheTableNotTheDatabase() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE gone(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            Sql.exec(c, "CREATE TABLE bad(id INT PRIMARY KEY, v VARCHAR) ENGINE \"tonbo\"");
            Sql.exec(c, "CREATE TABLE ok(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            Sql.exec(c, "INSERT INTO gone VALUES 1");
            Sql.exec(c, "INSERT INTO bad SELECT x, 'v' || x FROM SYSTEM_RANGE(1, 1000)");
            Sql.exec(c, "INSERT INTO ok VALUES 7");
            TonboFunctions.flush(c, "BAD");
            
        }
        Path root = dir.resolve("db.tonbo");
        Path gone;
        Path bad;
        try (var s = Files.list(root)) {
            List<Path> tables = s.sorted().toList();
            gone = tables.get(0);
            bad = tables.get(1);
        }
        deleteTree(gone);
        int damaged = 0;
        try (var s = Files.walk(bad)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                for (int i = 0; i < bytes.length; i += 7) {
                    bytes[i] ^= 0x5a;
                }
                Files.write(p, bytes);
                damaged++;
            }
        }
        assertTrue(damaged > 0, "the flush wrote a Parquet file to damage");
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("7", Sql.one(c, "SELECT * FROM ok"));
            SQLException e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT * FROM gone"));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT COUNT(*) FROM bad"));
            assertTrue(e.getMessage().contains("tonbo table BAD"), "the count names the table too: " + e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.query(c, "SELECT * FROM bad"));
            assertTrue(e.getMessage().contains("BAD"), e.getMessage());
            Sql.exec(c, "DROP TABLE gone");
            Sql.exec(c, "DROP TABLE bad");
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
