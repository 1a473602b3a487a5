package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's session and the basics of SQL on a tonbo table, in the real sqlite3 shell. */
class ShellSessionTest {
    @TempDir
    Path dir;
    Shell shell;

    @BeforeEach
    void setUp() throws Exception {
        shell = new Shell(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        shell.stopSidecar();
    }

    static final String CREATE = "CREATE VIRTUAL TABLE temp.tonbo USING tonbo(\n"
            + "    create_sql = 'create table tonbo(id bigint primary key, name varchar, like int)',\n"
            + "    path = 'db_path/tonbo'\n);\n";

    @Test
    void seedSession() throws Exception {
        Shell.Result r = shell.run(null, CREATE
                + "insert into tonbo (id, name, like) values (0, 'tonbo', 100);\n"
                + "select * from tonbo;\n");
        assertEquals("0|tonbo|100\n", r.out(), r.err());
        assertEquals("", r.err());
        assertTrue(Files.isDirectory(dir.resolve("db_path/tonbo")), "the table lives at the relative path");
        assertTrue(Files.exists(shell.sockets.resolve("sidecar.sock")), "the extension started a sidecar");
        // a second session sees the data (the temp table is re-created, the files persist)
        Shell.Result again = shell.run(null, CREATE + "select * from tonbo;\n");
        assertEquals("0|tonbo|100\n", again.out(), again.err());
    }

    @Test
    void dmlUniqueAndTypes() throws Exception {
        Shell.Result r = shell.run(null, CREATE
                + "insert into tonbo values (0, 'a', 1), (1, 'b', 2), (2, 'c', 3);\n"
                + "insert into tonbo values (1, 'dup', 0);\n"
                + "select count(*) from tonbo;\n"
                + "update tonbo set like = like * 10 where id = 1;\n"
                + "update tonbo set id = 20 where id = 2;\n"
                + "delete from tonbo where id = 0;\n"
                + "insert or replace into tonbo values (1, 'B', 7);\n"
                + "insert or ignore into tonbo values (20, 'ignored', 0);\n"
                + "select * from tonbo order by id desc;\n");
        assertEquals("3\n20|c|3\n1|B|7\n", r.out(), r.err());
        assertTrue(r.err().contains("UNIQUE constraint failed: tonbo.id"), r.err());
    }

    @Test
    void persistentTableReconnectsOnOpen() throws Exception {
        Shell.Result r = shell.run("app.db", "CREATE VIRTUAL TABLE t USING tonbo(create_sql = "
                + "'create table t(k text primary key, v real, d date, ts timestamp, b boolean, m decimal(10,2), x blob)', path = 't_data');\n"
                + "insert into t values ('a', 1.5, '2024-01-02', '2024-01-02 03:04:05.5', 1, 12.25, x'00ff'),"
                + " ('b', null, null, null, 0, null, null);\n");
        assertEquals("", r.err());
        Shell.Result again = shell.run("app.db", "select k, v, d, ts, b, m, hex(x), typeof(v) from t order by k;\n");
        assertEquals("a|1.5|2024-01-02|2024-01-02 03:04:05.5|1|12.25|00FF|real\nb||||0|||null\n", again.out(), again.err());
        // from another working directory, the relative path still means the directory of app.db
        Shell.Result elsewhere = shell.run(dir.resolve("app.db").toString(), "select count(*) from t;\n");
        assertEquals("2\n", elsewhere.out(), elsewhere.err());
    }

    @Test
    void anIntegerKeyLeftOutIsNumberedAsSqliteNumbersRowids() throws Exception {
        // the same statements on a native table and a tonbo table with the same declaration
        String script = "insert into %s(name) values ('a'), ('b');\n"
                + "insert into %s values (10, 'ten');\n"
                + "insert into %s(name) values ('c');\n"
                + "begin; insert into %s(name) values ('rolled back'); rollback;\n"
                + "insert or replace into %s values (null, 'd');\n"
                + "select group_concat(id || ':' || name) from (select * from %s order by id);\n";
        String decl = "(id integer primary key, name text)";
        Shell.Result r = shell.run("app.db", "create table n" + decl + ";\n"
                + "create virtual table t using tonbo(create_sql = 'create table t" + decl + "', path = 't_data');\n"
                + script.replace("%s", "n") + script.replace("%s", "t"));
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out() + r.err());
        assertEquals("1:a,2:b,10:ten,11:c", lines[0].substring(0, "1:a,2:b,10:ten,11:c".length()), r.out());
        // SQLite may reuse the rolled-back rowid; the sidecar never hands a key out twice
        assertTrue(lines[1].equals("1:a,2:b,10:ten,11:c,13:d"), r.out() + r.err());
        // numbering goes on after a reopen, from the largest key; other key types still need their key
        Shell.Result again = shell.run("app.db", "insert into t(name) values ('e');\nselect max(id) from t;\n"
                + "insert into t values (20, 'given'), (null, 'after it in the same statement');\nselect max(id) from t;\n"
                + "create virtual table b using tonbo(create_sql = 'create table b(id bigint primary key, v text)', path = 'b_data');\n"
                + "insert into b(v) values ('x');\n");
        assertEquals("14\n21\n", again.out(), again.err());
        assertTrue(again.err().contains("NOT NULL constraint failed: b.id"), again.err());
    }

    @Test
    void transactionsAndSavepoints() throws Exception {
        Shell.Result r = shell.run(null, CREATE
                + "begin; insert into tonbo values (1, 'a', 1); savepoint s1; insert into tonbo values (2, 'b', 2);\n"
                + "select count(*) from tonbo;\n"
                + "rollback to s1; select count(*) from tonbo; commit;\n"
                + "begin; delete from tonbo; insert into tonbo values (3, 'c', 3); rollback;\n"
                + "select id from tonbo;\n"
                + "savepoint outer_sp; update tonbo set like = 5; release outer_sp;\n"
                + "select like from tonbo;\n");
        assertEquals("2\n1\n1\n5\n", r.out(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void malformedArgumentsAreClearErrors() throws Exception {
        String[][] cases = {
            {"create_sql = 'create table t(id int primary key)', path = 'p', colour = 'red'", "unknown argument 'colour'"},
            {"path = 'p'", "missing argument create_sql"},
            {"create_sql = 'create table t(id int primary key)'", "missing argument path"},
            {"create_sql = 'create table t(id int primary key, v geometry)', path = 'p'", "unsupported type 'geometry'"},
            {"create_sql = 'create table t(id int, v text)', path = 'p'", "needs a PRIMARY KEY"},
            {"create_sql = 'create table t(id int primary key, v varchar(abc))', path = 'p'", "malformed type 'varchar(abc)'"},
            {"create_sql = 'create table t(id int primary key, v varchar())', path = 'p'", "malformed type 'varchar()'"},
            {"create_sql = 'create table t(id int primary key, v decimal(10,2,1))', path = 'p'", "malformed type 'decimal(10,2,1)'"},
            {"create_sql = 'create table t(id int primary key', path = 'p'", "create_sql"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', fs = 'ftp'", "fs must be 'local' or 's3'"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', fs = 's3'", "needs bucket"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', fs = 's3', bucket = 'b', level = 'x'", "level must be an integer"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', bucket = 'b'", "only applies to fs = 's3'"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', path = 'q'", "given twice"},
            {"create_sql 'create table t(id int primary key)', path = 'p'", "not of the form key = 'value'"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', fs = 's3', bucket = 'b', token = 't'", "token needs key_id and secret_key"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', memtable_bytes = '12'", "memtable_bytes must be an integer from 4096"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', memtable_bytes = 'big'", "memtable_bytes must be an integer"},
            {"create_sql = 'create table t(id int primary key)', path = 'p', idle_flush_ms = '-5'", "idle_flush_ms must be an integer from 0"},
        };
        for (String[] c : cases) {
            Shell.Result r = shell.run(null, "CREATE VIRTUAL TABLE temp.t USING tonbo(" + c[0] + ");\nselect 'after';\n");
            assertTrue(r.err().contains(c[1]), "for (" + c[0] + ") expected an error containing \"" + c[1] + "\", got: " + r.err());
            assertEquals("after\n", r.out(), "the shell goes on after the error");
        }
        Shell.Result r = shell.run(null, CREATE + "insert into tonbo values ('x', 'a', 1);\ninsert into tonbo values (null, 'a', 1);\n"
                + "insert into tonbo values (1, 'a', 2.5);\n");
        assertTrue(r.err().contains("cannot hold TEXT 'x'"), r.err());
        assertTrue(r.err().contains("NOT NULL constraint failed: tonbo.id"), r.err());
        assertTrue(r.err().contains("cannot hold REAL 2.5"), r.err());
    }

    @Test
    void deadSidecarIsAClearErrorAndLosesNoCommittedRow() throws Exception {
        String kill = ".system kill -9 $(cat " + shell.sockets.resolve("sidecar.pid") + ")\n.system sleep 0.5\n";
        Shell.Result r = shell.run("app.db", "CREATE VIRTUAL TABLE t USING tonbo(create_sql = "
                + "'create table t(id int primary key, v text)', path = 't_data');\n"
                + "insert into t values (1, 'committed'), (2, 'committed');\n"
                + "begin; insert into t values (3, 'uncommitted');\n"
                + kill
                + "commit;\n"
                + "select 'next statement';\n"
                + "select id, v from t order by id;\n");
        assertTrue(r.err().contains("lost the sidecar connection"), r.err());
        assertEquals("next statement\n1|committed\n2|committed\n", r.out(), r.err());
        // a scan interrupted by the sidecar's death fails, and a reopened session sees every committed row
        Shell.Result scan = shell.run("app.db", "select count(*) from t;\n" + kill + "select count(*) from t;\n");
        assertEquals("2\n2\n", scan.out(), scan.err());
        // a sidecar that died between statements costs nothing: the next write, a reading statement
        // first or not, runs on a new one
        Shell.Result write = shell.run("app.db", "select count(*) from t;\n" + kill
                + "insert into t values (4, 'after');\n" + kill + "begin; insert into t values (5, 'after'); commit;\n"
                + "select id from t order by id;\n");
        assertEquals("2\n1\n2\n4\n5\n", write.out(), write.err());
        assertEquals("", write.err());
        // a savepoint statement after the death (SQLite would show only "disk I/O error" for it):
        // the next statement on the table names the loss, ROLLBACK recovers
        for (String op : new String[] {"rollback to a", "release a", "savepoint b"}) {
            Shell.Result sp = shell.run("app.db", "begin; savepoint a; insert into t values (6, 'lost');\n"
                    + "select count(*) from t;\n" + kill + op + ";\nselect count(*) from t;\nrollback;\n"
                    + "select count(*) from t;\n");
            assertEquals("5\n4\n", sp.out(), op + ": " + sp.err());
            assertTrue(sp.err().contains("the sidecar connection was lost in this transaction"), op + ": " + sp.err());
            assertFalse(sp.err().contains("disk I/O error"), op + ": " + sp.err());
        }
    }

    @Test
    void compositeKeys() throws Exception {
        Shell.Result r = shell.run("app.db", "CREATE VIRTUAL TABLE c USING tonbo(create_sql = "
                + "'create table c(region text, id int, v real, primary key(region, id))', path = 'c_data');\n"
                + "insert into c values ('eu', 2, 1.0), ('eu', 1, 2.0), ('us', 1, 3.0), ('asia', 9, 4.0);\n"
                + "insert into c values ('eu', 1, 0);\n"
                + "update c set v = v * 10 where region = 'eu' and id = 2;\n"
                + "update c set id = 5 where region = 'us';\n"
                + "delete from c where region = 'asia';\n"
                + "begin; delete from c where v > 15; rollback;\n"
                + "select region, id, v from c order by region, id;\n"
                + "select region, id from c order by region desc, id desc limit 2;\n"
                + "select count(*) from c where region = 'eu' and id in (1, 2, 3);\n");
        assertEquals("eu|1|2.0\neu|2|10.0\nus|5|3.0\nus|5\neu|2\n2\n", r.out(), r.err());
        assertTrue(r.err().contains("UNIQUE constraint failed: c.region, c.id"), r.err());
    }
}
