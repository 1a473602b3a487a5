package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A table with a composite key {@code (g, id)} against a native table with the same key: random
 * key-prefix filters, ranges, IN, ORDER BY key (both directions), LIMIT, aggregates, and random
 * UPDATE (also of key columns) and DELETE. {@code -Dtonbo.test.queries} and {@code -Dtonbo.test.seed}
 * as in {@link DifferentialTest}.
 */
class CompositeKeyDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void randomStatementsMatchANativeTable() throws Exception {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        int queries = Integer.getInteger("tonbo.test.queries", 300);
        Random r = new Random(seed);
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"))) {
            TonboSqlite.attach(c);
            exec(c, "CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(g text, id integer, a integer, b real,"
                    + " primary key(g, id))', path = 't_data')");
            exec(c, "CREATE TABLE n(g TEXT NOT NULL, id INTEGER NOT NULL, a INTEGER, b REAL, PRIMARY KEY(g, id))");
            c.setAutoCommit(false);
            for (int i = 0; i < 600; i++) {
                String row = "('g" + (i % 7) + "', " + i + ", " + r.nextInt(30) + ", " + r.nextInt(1000) / 10.0 + ")";
                exec(c, "INSERT INTO t VALUES " + row);
                exec(c, "INSERT INTO n VALUES " + row);
            }
            c.commit();
            c.setAutoCommit(true);
            for (int q = 0; q < queries; q++) {
                String where = " WHERE " + predicate(r);
                if (r.nextInt(4) == 0) {
                    String w = r.nextBoolean() ? "DELETE FROM %s" + where
                            : r.nextBoolean() ? "UPDATE %s SET a = a + 1, b = NULL" + where
                            : "UPDATE OR IGNORE %s SET id = id + " + (r.nextInt(5) - 2) + where;
                    exec(c, w.replace("%s", "t"));
                    exec(c, w.replace("%s", "n"));
                }
                String dirn = r.nextBoolean() ? " DESC" : "";
                String sql = r.nextBoolean()
                        ? "SELECT g, id, a, b FROM %s" + where + " ORDER BY g" + dirn + ", id" + dirn + (r.nextBoolean() ? " LIMIT " + r.nextInt(10) : "")
                        : "SELECT g, count(*), sum(a), max(id) FROM %s" + where + " GROUP BY g ORDER BY g";
                assertEquals(rows(c, sql.replace("%s", "n")), rows(c, sql.replace("%s", "t")),
                        "query " + q + ": " + sql.replace("%s", "t") + " (seed " + seed + ", replay with -Dtonbo.test.seed=" + seed + ")");
            }
        }
    }

    private static String predicate(Random r) {
        String g = "'g" + r.nextInt(8) + "'";
        int id = r.nextInt(650);
        switch (r.nextInt(7)) {
            case 0: return "g = " + g;
            case 1: return "g = " + g + " AND id > " + id;
            case 2: return "g = " + g + " AND id BETWEEN " + id + " AND " + (id + r.nextInt(100));
            case 3: return "g IN (" + g + ", 'g" + r.nextInt(8) + "') AND id < " + id;
            case 4: return "g = " + g + " AND id = " + id;
            case 5: return "g > " + g + " AND a < " + r.nextInt(30);
            default: return "id % 10 = " + r.nextInt(10);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
