package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.LocalStorage;

/** DuckDB reads SSTs as ordinary Parquet with proper types, and the documented live-rows query works. */
class DuckDbInteropTest {

    private static String path(Path dir, String name) {
        return dir.resolve(name).toString().replace("'", "''");
    }

    @Test
    void duckDbSeesTheSameRowsAndTypes(@TempDir Path dir) throws IOException, SQLException {
        Schema schema = allTypes();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(8);
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < 500; id++) {
            entries.add(entry(codec, 1000 - id, false, randomAllTypesRow(rnd, id * 3 - 700)));
        }
        entries.add(tombstone(schema, codec, 5000, 1L));
        entries.add(entry(codec, 4000, false, Long.MIN_VALUE, true, Byte.MIN_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE,
                Long.MAX_VALUE, Float.NaN, -0.0, "a\u0000b\uD83D\uDE00", new byte[] {0, -1}, LocalDate.of(1, 1, 1),
                LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000), java.time.Instant.ofEpochSecond(-1, 999_999_000),
                new BigDecimal("-9999999.99"), new BigDecimal("-99999999999999.9999"),
                new BigDecimal("-9999999999999999999999999999.9999999999")));
        sort(entries);
        LocalStorage storage = new LocalStorage(dir);
        write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 16 << 10, entries.size()), entries);

        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            String file = path(dir, FileNames.sst(1));
            Map<String, String> types = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals("BIGINT", types.get("id"));
            assertEquals("BOOLEAN", types.get("b"));
            assertEquals("TINYINT", types.get("i8"));
            assertEquals("SMALLINT", types.get("i16"));
            assertEquals("INTEGER", types.get("i32"));
            assertEquals("BIGINT", types.get("i64"));
            assertEquals("FLOAT", types.get("f32"));
            assertEquals("DOUBLE", types.get("f64"));
            assertEquals("VARCHAR", types.get("s"));
            assertEquals("BLOB", types.get("bin"));
            assertEquals("DATE", types.get("d"));
            assertEquals("TIMESTAMP", types.get("ts"));
            assertEquals("TIMESTAMP WITH TIME ZONE", types.get("tstz"));
            assertEquals("DECIMAL(9,2)", types.get("dec9"));
            assertEquals("DECIMAL(18,4)", types.get("dec18"));
            assertEquals("DECIMAL(38,10)", types.get("dec38"));
            assertEquals("BIGINT", types.get("_tonbo_seq"));
            assertEquals("BOOLEAN", types.get("_tonbo_tombstone"));

            // Footer metadata, bloom filter and page index as docs/format/sst.md describes them.
            Map<String, String> kv = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('"
                    + file + "')")) {
                while (rs.next()) {
                    kv.put(rs.getString("k"), rs.getString("v"));
                }
            }
            assertEquals("1", kv.get("tonbo.format.version"));
            assertEquals(org.tonbo4j.internal.SchemaCodec.toText(schema), kv.get("tonbo.schema"));
            assertTrue(kv.containsKey("tonbo.row_group.min_keys") && kv.containsKey("tonbo.row_group.max_keys"), kv.toString());
            try (ResultSet rs = st.executeQuery("SELECT path_in_schema, bloom_filter_offset, compression"
                    + " FROM parquet_metadata('" + file + "') WHERE row_group_id = 0 ORDER BY column_id")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString(1));
                assertTrue(rs.getLong(2) > 0, "key column has a bloom filter");
                assertEquals("ZSTD", rs.getString(3));
                assertTrue(rs.next());
                rs.getLong(2);
                assertTrue(rs.wasNull(), "value columns have none");
            }

            st.execute("SET TimeZone = 'UTC'");
            int row = 0;
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                while (rs.next()) {
                    Entry e = entries.get(row++);
                    assertEquals(e.seq, rs.getLong("_tonbo_seq"));
                    assertEquals(e.tombstone, rs.getBoolean("_tonbo_tombstone"));
                    Object[] v = e.values;
                    assertValueEquals(v[0], rs.getObject(1), "id");
                    assertValueEquals(v[1], rs.getObject(2), "b");
                    assertValueEquals(v[2], rs.getObject(3), "i8");
                    assertValueEquals(v[3], rs.getObject(4), "i16");
                    assertValueEquals(v[4], rs.getObject(5), "i32");
                    assertValueEquals(v[5], rs.getObject(6), "i64");
                    assertValueEquals(v[6], rs.getObject(7), "f32");
                    assertValueEquals(v[7], rs.getObject(8), "f64");
                    assertValueEquals(v[8], rs.getObject(9), "s");
                    assertArrayEquals((byte[]) v[9], rs.getBytes(10), "bin");
                    assertEquals(v[10], rs.getObject(11, LocalDate.class), "d");
                    assertEquals(v[11], rs.getObject(12, LocalDateTime.class), "ts");
                    OffsetDateTime tz = rs.getObject(13, OffsetDateTime.class);
                    assertEquals(v[12], tz == null ? null : tz.toInstant(), "tstz");
                    assertValueEquals(v[13], rs.getObject(14), "dec9");
                    assertValueEquals(v[14], rs.getObject(15), "dec18");
                    assertValueEquals(v[15], rs.getObject(16), "dec38");
                }
            }
            assertEquals(entries.size(), row);
        }
    }

    /** Two files (older f1, newer f2) with overwrites, deletes and re-inserts across them. */
    @Test
    void liveRowsQuery(@TempDir Path dir) throws IOException, SQLException {
        Schema schema = composite();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(4);
        TreeMap<String, Object[]> live = new TreeMap<>();
        List<List<Entry>> files = new ArrayList<>();
        long seq = 1;
        for (int f = 0; f < 3; f++) {
            List<Entry> entries = new ArrayList<>();
            for (int op = 0; op < 400; op++) {
                String s = "k" + rnd.nextInt(5);
                int n = rnd.nextInt(40);
                String k = s + "/" + n;
                Entry e;
                if (rnd.nextInt(4) == 0) {
                    e = tombstone(schema, codec, seq++, s, n);
                    live.remove(k);
                } else {
                    Object[] v = {s, n, rnd.nextInt(3) == 0 ? null : rnd.nextDouble(), "op" + op};
                    e = entry(codec, seq++, false, v);
                    live.put(k, v);
                }
                entries.add(e);
            }
            sort(entries);
            files.add(entries);
        }
        LocalStorage storage = new LocalStorage(dir);
        StringBuilder list = new StringBuilder();
        for (int f = 0; f < files.size(); f++) {
            write(storage, FileNames.sst(f + 1), schema, options(Compression.ZSTD, 4 << 10, 400), files.get(f));
            list.append(f == 0 ? "" : ", ").append('\'').append(path(dir, FileNames.sst(f + 1))).append('\'');
        }
        String files3 = "[" + list + "]";
        String qualify = "SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone)\n"
                + "FROM read_parquet(" + files3 + ")\n"
                + "QUALIFY row_number() OVER (PARTITION BY s, n ORDER BY _tonbo_seq DESC) = 1\n"
                + "    AND NOT _tonbo_tombstone\n"
                + "ORDER BY s, n";
        String portable = "SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone, _tonbo_rn)\n"
                + "FROM (SELECT *, row_number() OVER (PARTITION BY s, n ORDER BY _tonbo_seq DESC) AS _tonbo_rn\n"
                + "      FROM read_parquet(" + files3 + "))\n"
                + "WHERE _tonbo_rn = 1 AND NOT _tonbo_tombstone\n"
                + "ORDER BY s, n";
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            for (String sql : new String[] {qualify, portable}) {
                List<String> got = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(sql)) {
                    assertEquals(4, rs.getMetaData().getColumnCount(), "only the user columns");
                    while (rs.next()) {
                        got.add(rs.getString(1) + "/" + rs.getInt(2) + "=" + rs.getObject(3) + "," + rs.getString(4));
                    }
                }
                List<String> expected = new ArrayList<>();
                live.values().stream()
                        .sorted((a, b) -> a[0].equals(b[0]) ? Integer.compare((Integer) a[1], (Integer) b[1])
                                : ((String) a[0]).compareTo((String) b[0]))
                        .forEach(v -> expected.add(v[0] + "/" + v[1] + "=" + v[2] + "," + v[3]));
                assertFalse(expected.isEmpty());
                assertEquals(expected, got, sql);
            }
            // The same files through the engine's reader agree on the newest version of each key.
            for (Map.Entry<String, Object[]> e : live.entrySet()) {
                Object[] v = e.getValue();
                Entry newest = null;
                for (int f = files.size(); f >= 1 && newest == null; f--) {
                    try (SstReader r = SstReader.open(storage, FileNames.sst(f), schema, BlockCache.disabled())) {
                        newest = r.get(codec.encodeKey(v[0], v[1]), new Object[] {v[0], v[1]}, Long.MAX_VALUE, null);
                    }
                }
                assertTrue(newest != null && !newest.tombstone);
                assertEquals(v[3], newest.values[3]);
            }
        }
    }
}
