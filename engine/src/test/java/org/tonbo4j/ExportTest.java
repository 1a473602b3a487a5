package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot exported to plain Parquet, read back by DuckDB. */
class ExportTest {
    record Order(@PrimaryKey long id, @Nullable String customer, @Decimal(precision = 10, scale = 2) BigDecimal total,
                 LocalDate day) {
    }

    @Test
    void duckDbReadsTheLiveRowsOfTheSnapshot(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("orders.parquet");
        try (Table<Order> t = Tonbo.open(dir.resolve("orders"), Order.class)) {
            List<Order> rows = new ArrayList<>();
            for (long i = 0; i < 3000; i++) {
                rows.add(new Order(i, i % 7 == 0 ? null : "c" + (i % 50), new BigDecimal(i + ".25"), LocalDate.of(2026, 1, 1).plusDays(i % 300)));
            }
            t.insertAll(rows);
            t.flush();
            t.delete(10L);
            t.insert(new Order(11, "changed", new BigDecimal("1.00"), LocalDate.of(2020, 2, 29)));
            try (Snapshot<Order> s = t.snapshot()) {
                t.delete(12L); // after the snapshot: still exported
                assertEquals(2999, s.exportParquet(out));
            }
            assertThrows(IllegalArgumentException.class, () -> {
                try (Snapshot<Order> s = t.snapshot()) {
                    s.exportParquet(out);
                }
            });
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT count(*), sum(total), count(customer), min(id), max(id) FROM '" + out + "'")) {
                r.next();
                assertEquals(2999, r.getLong(1));
                BigDecimal want = BigDecimal.ZERO;
                for (long i = 0; i < 3000; i++) {
                    want = want.add(i == 10 ? BigDecimal.ZERO : i == 11 ? new BigDecimal("1.00") : new BigDecimal(i + ".25"));
                }
                assertEquals(0, want.compareTo(r.getBigDecimal(2)), want + " vs " + r.getBigDecimal(2));
                assertEquals(0, r.getLong(4));
                assertEquals(2999, r.getLong(5));
            }
            try (ResultSet r = st.executeQuery("SELECT customer, day FROM '" + out + "' WHERE id = 11")) {
                r.next();
                assertEquals("changed", r.getString(1));
                assertEquals(LocalDate.of(2020, 2, 29), r.getObject(2, LocalDate.class));
            }
            try (ResultSet r = st.executeQuery("SELECT name FROM parquet_schema('" + out + "') WHERE name LIKE '_tonbo%'")) {
                assertFalse(r.next(), "no system columns");
            }
        }
        assertFalse(Files.exists(dir.resolve("nothing.parquet")));
    }
}
