package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB reads a whole table's SST files and the query documented in docs/format/sst.md
 * ("Live rows from other engines") returns exactly the rows the engine returns: across several
 * L0 files, overwrites, deletes and a compaction.
 */
class DuckDbLiveRowsTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("region", ColumnType.STRING, false)
            .column("id", ColumnType.INT64, false)
            .column("amount", ColumnType.decimal(12, 2))
            .column("note", ColumnType.STRING)
            .primaryKey("region", "id").build();

    @Test
    void documentedQueryReturnsTheLiveRows(@TempDir Path dir) throws Exception {
        Options o = Options.builder().compactionEnabled(false).syncPolicy(SyncPolicy.never()).build();
        TreeMap<String, String> expected = new TreeMap<>();
        Random r = new Random(3);
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, o)) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 300; i++) {
                    String region = "r" + r.nextInt(4);
                    long id = r.nextInt(200);
                    if (r.nextInt(5) == 0) {
                        t.delete(region, id);
                        expected.remove(region + "/" + id);
                    } else {
                        String note = r.nextInt(4) == 0 ? null : "n" + round + "-" + i;
                        java.math.BigDecimal amount = java.math.BigDecimal.valueOf(r.nextInt(100000), 2);
                        t.insert(Row.of(SCHEMA, region, id, amount, note));
                        expected.put(region + "/" + id, amount.toPlainString() + "|" + note);
                    }
                }
                t.flush();
                if (round == 2) {
                    t.compact();
                }
            }
            TreeMap<String, String> engine = new TreeMap<>();
            try (RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(row -> engine.put(row.getString("region") + "/" + row.getLong("id"),
                        row.getDecimal("amount").toPlainString() + "|" + row.getString("note")));
            }
            assertEquals(expected, engine, "the engine itself");
            assertTrue(t.stats().totalFiles() >= 3, "several files: " + t.stats());
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("sst"))) {
            s.filter(p -> p.toString().endsWith(".parquet")).forEach(p -> files.add("'" + p + "'"));
        }
        String query = "SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone) FROM read_parquet([" + String.join(", ", files) + "])"
                + " QUALIFY row_number() OVER (PARTITION BY region, id ORDER BY _tonbo_seq DESC) = 1 AND NOT _tonbo_tombstone";
        String glob = "SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone) FROM read_parquet('" + dir.resolve("sst") + "/*.parquet')"
                + " QUALIFY row_number() OVER (PARTITION BY region, id ORDER BY _tonbo_seq DESC) = 1 AND NOT _tonbo_tombstone";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String q : List.of(query, glob)) {
                TreeMap<String, String> duck = new TreeMap<>();
                try (ResultSet rs = st.executeQuery(q)) {
                    assertEquals(4, rs.getMetaData().getColumnCount(), "only the user columns");
                    while (rs.next()) {
                        duck.put(rs.getString("region") + "/" + rs.getLong("id"),
                                rs.getBigDecimal("amount").toPlainString() + "|" + rs.getString("note"));
                    }
                }
                assertEquals(expected, duck, q);
            }
        }
    }
}
