package org.tonbo4j.h2;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for the tests: open a file database, run statements, read results as text. */
final class Sql {
    private Sql() {
    }

    static Connection open(Path dir, String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:" + dir.resolve(name).toAbsolutePath(), "sa", "");
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows as "v1|v2|..." strings, in result order. */
    static List<String> query(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (i > 1) {
                        b.append('|');
                    }
                    Object o = rs.getObject(i);
                    b.append(o instanceof byte[] ? java.util.HexFormat.of().formatHex((byte[]) o) : String.valueOf(o));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    static String one(Connection c, String sql) throws SQLException {
        List<String> r = query(c, sql);
        return r.isEmpty() ? null : r.get(0);
    }
}
