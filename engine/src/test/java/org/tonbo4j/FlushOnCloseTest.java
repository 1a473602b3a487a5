package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean close writes the memtable to Parquet ({@link Options#flushOnClose()}, the default):
 * afterwards another Parquet reader (DuckDB) finds every row in the table's files, and the WAL
 * holds nothing to replay. With the option off the rows stay in the WAL and the next open
 * replays them.
 */
class FlushOnCloseTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("s", ColumnType.STRING).primaryKey("id").build();

    private static void write(Path dir, Options o, int rows) {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, o)) {
            for (long i = 0; i < rows; i++) {
                t.insert(Row.of(SCHEMA, i, "v" + i));
            }
            t.delete(7L);
        }
    }

    private static long duckCount(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT * FROM read_parquet('" + dir.resolve("sst")
                     + "/*.parquet') QUALIFY row_number() OVER (PARTITION BY id ORDER BY _tonbo_seq DESC) = 1"
                     + " AND NOT _tonbo_tombstone)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long walBytes(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long engineCount(Path dir) {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, Options.defaults()); RowIterator<Row> it = t.scan()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }

    @Test
    void closeLeavesEveryRowInParquet(@TempDir Path dir) throws Exception {
        write(dir, Options.defaults(), 1000);
        assertTrue(Files.isDirectory(dir.resolve("sst")), "an SST was written at close");
        assertEquals(999, duckCount(dir), "DuckDB sees every row, the delete included, with no flush called");
        assertTrue(walBytes(dir) <= 16, "nothing left in the WAL to replay (a fresh segment's header at most): " + walBytes(dir));
        assertEquals(999, engineCount(dir));
    }

    @Test
    void withoutFlushOnCloseTheWalIsReplayed(@TempDir Path dir) throws Exception {
        write(dir, Options.builder().flushOnClose(false).build(), 1000);
        assertTrue(walBytes(dir) > 0, "the rows are in the WAL only");
        assertTrue(!Files.isDirectory(dir.resolve("sst")) || duckCount(dir) == 0, "and in no SST yet");
        assertEquals(999, engineCount(dir), "the next open replays them");
        assertEquals(999, duckCount(dir), "and that open's recovery wrote them to Parquet");
    }
}
