package org.tonbo4j.samples.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The analytical queries the demo runs on every table: TPC-H Q1- and Q6-shaped aggregates, a
 * GROUP BY, random point lookups by key and key-range queries. Each is timed (best of
 * {@code reps}) and its answer kept so that tables can be compared. The SQL is the same for H2
 * and SQLite except for date literals.
 */
final class Workload {
    /** Names of the measurements, in the order {@link #run} returns them. */
    static final List<String> QUERIES = List.of("Q1 (pricing summary)", "Q6 (revenue forecast)",
            "GROUP BY ship mode", "point lookups", "range queries");

    enum Dialect {
        H2, SQLITE;

        String date(String isoDate) {
            return this == H2 ? "DATE '" + isoDate + "'" : "'" + isoDate + "'";
        }
    }

    /** One timed query and its answer (rows of column values). */
    record Result(String name, double seconds, List<List<Object>> answer) {
    }

    private final int lookups;
    private final int ranges;
    private final int reps;

    Workload(int lookups, int ranges, int reps) {
        this.lookups = lookups;
        this.ranges = ranges;
        this.reps = reps;
    }

    String describeLookups() {
        return String.format("%,d point lookups by key; %,d range queries of 2,000 keys", lookups, ranges);
    }

    List<Result> run(Connection c, String table, Dialect d, long rows) throws SQLException {
        String q1 = "SELECT l_returnflag, l_linestatus, SUM(l_quantity), SUM(l_extendedprice),"
                + " SUM(l_extendedprice * (1 - l_discount)), SUM(l_extendedprice * (1 - l_discount) * (1 + l_tax)),"
                + " AVG(l_quantity), AVG(l_extendedprice), AVG(l_discount), COUNT(*) FROM " + table
                + " WHERE l_shipdate <= " + d.date("1998-09-02")
                + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";
        String q6 = "SELECT SUM(l_extendedprice * l_discount) FROM " + table
                + " WHERE l_shipdate >= " + d.date("1994-01-01") + " AND l_shipdate < " + d.date("1995-01-01")
                + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24";
        String group = "SELECT l_shipmode, COUNT(*), SUM(l_extendedprice), AVG(l_discount) FROM " + table
                + " GROUP BY l_shipmode ORDER BY l_shipmode";
        List<Result> out = new ArrayList<>();
        out.add(timed(QUERIES.get(0), () -> query(c, q1)));
        out.add(timed(QUERIES.get(1), () -> query(c, q6)));
        out.add(timed(QUERIES.get(2), () -> query(c, group)));
        out.add(timed(QUERIES.get(3), () -> lookups(c, table, rows)));
        out.add(timed(QUERIES.get(4), () -> ranges(c, table, rows)));
        return out;
    }

    private interface Query {
        List<List<Object>> run() throws SQLException;
    }

    private Result timed(String name, Query q) throws SQLException {
        double best = Double.MAX_VALUE;
        List<List<Object>> answer = null;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            answer = q.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return new Result(name, best, answer);
    }

    private static List<List<Object>> query(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Random keys (a fixed seed); the answer is the number found and the sum of their prices. */
    private List<List<Object>> lookups(Connection c, String table, long rows) throws SQLException {
        Random r = new Random(7);
        long found = 0;
        BigDecimal sum = BigDecimal.ZERO;
        try (PreparedStatement p = c.prepareStatement("SELECT l_extendedprice, l_comment FROM " + table + " WHERE l_id = ?")) {
            for (int i = 0; i < lookups; i++) {
                p.setLong(1, (long) (r.nextDouble() * rows * 1.01)); // ~1% of the keys are absent
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        found++;
                        sum = sum.add(new BigDecimal(rs.getString(1)));
                    }
                }
            }
        }
        return List.of(List.of(found, sum));
    }

    /** Ranges of 2,000 consecutive keys at random places; the answer sums every range's counts and quantities. */
    private List<List<Object>> ranges(Connection c, String table, long rows) throws SQLException {
        Random r = new Random(11);
        long count = 0;
        BigDecimal quantity = BigDecimal.ZERO;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*), SUM(l_quantity) FROM " + table + " WHERE l_id BETWEEN ? AND ?")) {
            for (int i = 0; i < ranges; i++) {
                long from = (long) (r.nextDouble() * rows);
                p.setLong(1, from);
                p.setLong(2, from + 1_999);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    count += rs.getLong(1);
                    String q = rs.getString(2);
                    quantity = q == null ? quantity : quantity.add(new BigDecimal(q));
                }
            }
        }
        return List.of(List.of(count, quantity));
    }
}
