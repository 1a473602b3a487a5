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
 * DROP TABLE and TRUNCATE TABLE while another session has uncommitted changes to the table are
 * refused with H2's lock timeout (as for H2's own tables), so those changes are neither lost nor
 * left behind; RENAME, which keeps the rows where they are, goes ahead.
 */
class OpenTransactionDdlTest {
    @TempDir
    Path dir;

    @Test
    void dropAndTruncateAreRefusedWhileAnotherSessionHasUncommittedChanges() throws Exception {
        try (Connection a = Sql.open(dir, "db"); Connection b = Sql.open(dir, "db")) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "INSERT INTO t VALUES (1, 1)");
            b.setAutoCommit(false);
            Sql.exec(b, "INSERT INTO t VALUES (2, 2)");
            for (String ddl : List.of("DROP TABLE t", "TRUNCATE TABLE t")) {
                SQLException e = assertThrows(SQLException.class, () -> Sql.exec(a, ddl), ddl);
                assertEquals("HYT00", e.getSQLState(), ddl + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("uncommitted changes"), e.getMessage());
            }
            Sql.exec(a, "ALTER TABLE t RENAME TO t2");
            b.commit();
            assertEquals(List.of("1|1", "2|2"), Sql.query(a, "SELECT * FROM t2 ORDER BY id"), "b's row survived");

            Sql.exec(b, "DELETE FROM t2 WHERE id = 1");
            assertThrows(SQLException.class, () -> Sql.exec(a, "TRUNCATE TABLE t2"));
            b.rollback();
            Sql.exec(a, "TRUNCATE TABLE t2");
            assertEquals("0", Sql.one(b, "SELECT COUNT(*) FROM t2"));

            Sql.exec(b, "INSERT INTO t2 VALUES (3, 3)");
            b.commit();
            Sql.exec(b, "INSERT INTO t2 VALUES (4, 4)");
            Sql.exec(b, "TRUNCATE TABLE t2"); // its own uncommitted row goes too, as on H2's tables
            b.commit();
            assertEquals("0", Sql.one(a, "SELECT COUNT(*) FROM t2"));

            Sql.exec(b, "INSERT INTO t2 VALUES (5, 5)");
            assertThrows(SQLException.class, () -> Sql.exec(a, "DROP TABLE t2"));
            b.commit();
            Sql.exec(a, "DROP TABLE t2");
            assertEquals("0", Sql.one(b, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T2'"));
        }
    }

    @Test
    void aSessionThatOnlyReadsAtRepeatableReadDoesNotHoldUpDdl() throws Exception {
        try (Connection a = Sql.open(dir, "db"); Connection b = Sql.open(dir, "db")) {
            Sql.exec(a, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\"");
            Sql.exec(a, "INSERT INTO t VALUES (1, 1)");
            Sql.exec(b, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            b.setAutoCommit(false);
            assertEquals("1", Sql.one(b, "SELECT COUNT(*) FROM t"));
            Sql.exec(a, "ALTER TABLE t ADD COLUMN w INT DEFAULT 5"); // ends b's snapshot: it reads anew
            assertEquals(List.of("1|1|5"), Sql.query(b, "SELECT * FROM t"));
            Sql.exec(a, "TRUNCATE TABLE t");
            Sql.exec(a, "DROP TABLE t");
            b.commit();
        }
    }
}
