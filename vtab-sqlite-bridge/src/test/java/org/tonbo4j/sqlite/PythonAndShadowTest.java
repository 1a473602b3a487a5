package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's sqlite3 module loading the extension, and analytical shadow tables in the shell. */
class PythonAndShadowTest {
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

    /**
     * Debian's python3 allows enable_load_extension; scripts/test.sh installs it when missing.
     * Python's sqlite3 opens a transaction before an INSERT; the duplicate key fails that INSERT
     * itself (a single-row INSERT inside a transaction is checked at once).
     */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    @Test
    void pythonSqlite3LoadsTheExtension() throws Exception {
        Path script = dir.resolve("t.py");
        Files.writeString(script, String.join("\n",
                "import sqlite3, sys",
                "c = sqlite3.connect('py.db')",
                "c.enable_load_extension(True)",
                "c.load_extension(sys.argv[1])",
                "c.execute(\"CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id integer primary key, name text, score real)', path = 'py_t')\")",
                "with c:",
                "    c.executemany('INSERT INTO t VALUES (?, ?, ?)', [(i, 'n%d' % i, i / 2) for i in range(1000)])",
                "print(c.execute('SELECT count(*), sum(score) FROM t WHERE id >= 500').fetchone())",
                "print(c.execute('SELECT name FROM t WHERE id = 42').fetchone())",
                "try:",
                "    with c:",
                "        c.execute('INSERT INTO t VALUES (1, 1, 1)')",
                "except sqlite3.IntegrityError as e:",
                "    print('IntegrityError', e)",
                ""));
        ProcessBuilder pb = new ProcessBuilder(python(), script.toString(), Shell.EXTENSION.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TONBO_SOCKET_DIR", shell.sockets.toString());
        pb.environment().put("TONBO_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertEquals("(500, 187375.0)\n('n42',)\nIntegrityError UNIQUE constraint failed: t.id\n", out);
    }

    @Test
    void shadowTableMirrorsANativeTable() throws Exception {
        Shell.Result r = shell.run("app.db",
                "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT NOT NULL, amount REAL, day DATE);\n"
                + "INSERT INTO orders VALUES (1, 'ann', 10.5, '2024-01-01'), (2, 'bob', 20, '2024-01-02');\n"
                + "SELECT tonbo_shadow('orders');\n"
                + "INSERT INTO orders VALUES (3, 'ann', 5, '2024-01-03');\n"
                + "UPDATE orders SET amount = 30 WHERE id = 2;\n"
                + "UPDATE orders SET id = 20 WHERE id = 1;\n"
                + "DELETE FROM orders WHERE id = 3;\n"
                + "SELECT * FROM orders_tonbo ORDER BY id;\n"
                + "SELECT customer, sum(amount) FROM orders_tonbo GROUP BY customer ORDER BY customer;\n"
                + "SELECT tonbo_shadow('nosuch');\n");
        assertEquals("orders_tonbo\n2|bob|30.0|2024-01-02\n20|ann|10.5|2024-01-01\nann|10.5\nbob|30.0\n", r.out(), r.err());
        assertTrue(r.err().contains("no table named nosuch"), r.err());
        // the mirror and its triggers persist in the database file
        Shell.Result again = shell.run("app.db", "INSERT INTO orders VALUES (4, 'cy', 1, NULL);\nSELECT count(*) FROM orders_tonbo;\n");
        assertEquals("3\n", again.out(), again.err());
    }

    @Test
    void shadowTableOfAnAttachedDatabase() throws Exception {
        Shell.Result r = shell.run("app.db",
                "ATTACH 'sales.db' AS sales;\n"
                + "CREATE TABLE sales.orders(id INTEGER PRIMARY KEY, item TEXT, qty INT);\n"
                + "INSERT INTO sales.orders VALUES (1, 'a', 3), (2, 'b', 4);\n"
                + "SELECT tonbo_shadow('sales.orders');\n"
                + "INSERT INTO sales.orders VALUES (3, 'c', 5);\n"
                + "UPDATE sales.orders SET qty = 40 WHERE id = 2;\n"
                + "DELETE FROM sales.orders WHERE id = 1;\n"
                + "SELECT * FROM sales.orders_tonbo ORDER BY id;\n"
                + "SELECT count(*) FROM sales.sqlite_master WHERE name LIKE 'orders_tonbo%';\n"
                + "SELECT tonbo_shadow('sales.nosuch');\n");
        // the mirror and its three triggers are in the attached database
        assertEquals("orders_tonbo\n2|b|40\n3|c|5\n4\n", r.out(), r.err());
        assertTrue(r.err().contains("no table named nosuch in database sales"), r.err());
        Shell.Result temp = shell.run("app.db", "CREATE TEMP TABLE t(id INTEGER PRIMARY KEY);\nSELECT tonbo_shadow('temp.t');\n");
        assertTrue(temp.err().contains("a temporary table cannot be mirrored"), temp.err());
        Shell.Result again = shell.run("app.db", "ATTACH 'sales.db' AS sales;\nINSERT INTO sales.orders VALUES (9, 'z', 1);\n"
                + "SELECT group_concat(id) FROM (SELECT id FROM sales.orders_tonbo ORDER BY id);\n");
        assertEquals("2,3,9\n", again.out(), again.err());
    }
}
