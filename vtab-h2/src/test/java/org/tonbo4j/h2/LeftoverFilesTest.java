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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.LocalStorage;

/**
 * Files already in a new table's directory at CREATE TABLE: in the default directory beside the
 * database they were left by a crash (H2's catalog lost the table that wrote them) and are
 * removed; in a directory given with {@code path} they are the user's, and CREATE refuses.
 */
class LeftoverFilesTest {
    @TempDir
    Path dir;

    @Test
    void createReplacesFilesLeftInTheDefaultDirectoryByATableH2DoesNotKnow() throws Exception {
        Path tableDir;
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE a(id INT PRIMARY KEY) ENGINE \"tonbo\"");
            tableDir = onlyTableDirectory(dir.resolve("db.tonbo"));
            Sql.exec(c, "DROP TABLE a"); // frees the id: the next table gets it, and this directory
            assertFalse(Files.exists(tableDir));

            // what a crash right after CREATE TABLE and a first commit leaves: files, no catalog entry
            Schema orphan = Schema.builder().column("X", ColumnType.INT64, false).column("Y", ColumnType.STRING, true)
                    .primaryKey("X").build();
            try (Table<Row> t = Tonbo.open(tableDir, orphan)) {
                t.insert(Row.of(orphan, 7L, "orphan"));
            }
            assertTrue(Files.list(tableDir).findAny().isPresent());

            Sql.exec(c, "CREATE TABLE b(id INT PRIMARY KEY, v VARCHAR) ENGINE \"tonbo\"");
            assertEquals(tableDir, onlyTableDirectory(dir.resolve("db.tonbo")), "b got the freed id");
            assertEquals("0", Sql.one(c, "SELECT COUNT(*) FROM b"), "none of the leftover rows");
            Sql.exec(c, "INSERT INTO b VALUES (1, 'b')");
        }
        try (LocalStorage st = new LocalStorage(tableDir)) {
            assertEquals(List.of("ID", "V"), Tonbo.storedSchema(st).orElseThrow().columns().stream()
                    .map(org.tonbo4j.Column::name).toList(), "the directory holds b's table now");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(List.of("1|b"), Sql.query(c, "SELECT * FROM b"));
        }
    }

    @Test
    void createRefusesAGivenPathThatHoldsFiles() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "not a table");
        try (Connection c = Sql.open(dir, "db")) {
            SQLException e = assertThrows(SQLException.class, () -> Sql.exec(c,
                    "CREATE TABLE p(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH \"path=" + mine + "\""));
            assertTrue(e.getMessage().contains("already holds files"), e.getMessage());
        }
        assertEquals("not a table", Files.readString(mine.resolve("keep.txt")));
    }

    private static Path onlyTableDirectory(Path tonboDir) throws Exception {
        try (Stream<Path> s = Files.list(tonboDir)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }
}
