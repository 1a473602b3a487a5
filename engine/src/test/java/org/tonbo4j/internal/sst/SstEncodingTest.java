package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.LocalStorage;

/**
 * The value encodings and bloom filter sizes an SST is written with (docs/format/sst.md): keys,
 * the sequence column and non-dictionary integer columns DELTA_BINARY_PACKED, bloom
 * filters the power of two nearest to their optimal size; checked with DuckDB's reading of the
 * Parquet footer, which also proves another engine decodes them.
 */
class SstEncodingTest {
    @Test
    void bloomFiltersTakeTheNearestPowerOfTwo() {
        assertEquals(512 << 10, SstWriter.bloomBytes(500_000, 0.01)); // optimal 599 KB: 1 MiB when rounded up
        assertEquals(128 << 10, SstWriter.bloomBytes(100_000, 0.01)); // optimal 120 KB
        assertEquals(32, SstWriter.bloomBytes(1, 0.01));
    }

    @Test
    void integersAndKeysAreDeltaPacked(@TempDir Path dir) throws Exception {
        Schema schema = Schema.builder().column(Column.required("id", ColumnType.INT64)).column("n", ColumnType.INT64)
                .column("day", ColumnType.DATE).column("label", ColumnType.STRING).column("x", ColumnType.FLOAT64)
                .primaryKey("id").build();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(3);
        List<Entry> entries = new ArrayList<>();
        long sum = 0;
        for (long id = 0; id < 20_000; id++) {
            long n = rnd.nextInt(1_000_000);
            sum += n;
            // Every third id: sparse keys, which get a bloom filter (dense ones do not, see below).
            entries.add(entry(codec, id + 1, false, 3 * id, n, java.time.LocalDate.ofEpochDay(19_000 + id / 100),
                    "label " + (id % 10), rnd.nextDouble()));
        }
        LocalStorage storage = new LocalStorage(dir);
        write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 64 << 20, entries.size()), entries);
        String file = dir.resolve(FileNames.sst(1)).toString();
        Map<String, String> encodings = new HashMap<>();
        long bloom = -1;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT path_in_schema, string_agg(DISTINCT encodings, ','),"
                    + " max(bloom_filter_length) FROM parquet_metadata('" + file + "') GROUP BY 1")) {
                while (rs.next()) {
                    encodings.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(1).equals("id")) {
                        bloom = rs.getLong(3);
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT sum(n), count(DISTINCT day) FROM '" + file + "'")) {
                rs.next();
                assertEquals(sum, rs.getLong(1));
                assertEquals(200, rs.getLong(2));
            }
        }
        assertTrue(encodings.get("id").contains("DELTA_BINARY_PACKED"), "keys too: " + encodings);
        assertTrue(encodings.get("_tonbo_seq").contains("DELTA_BINARY_PACKED"), encodings.toString());
        assertTrue(encodings.get("n").contains("DELTA_BINARY_PACKED"), "after the dictionary's fallback: " + encodings);
        assertFalse(encodings.get("x").contains("DELTA"), encodings.toString());
        long header = bloom - SstWriter.bloomBytes(20_000, 0.01); // the length includes the filter's small header
        assertTrue(header >= 0 && header < 64, "bloom filter of " + bloom + " bytes");
    }

    /**
     * A row group of dense integer keys gets no bloom filter (it could never rule a key in its
     * range out; the range rules out the rest), sparse neighbours keep theirs, and point reads
     * of present and missing keys answer right in both.
     */
    @Test
    void denseIntegerKeysGetNoBloomFilter(@TempDir Path dir) throws Exception {
        Schema schema = Schema.builder().column(Column.required("id", ColumnType.INT64)).column("v", ColumnType.STRING)
                .primaryKey("id").build();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = new ArrayList<>();
        for (long id = -5_000; id < 5_000; id++) { // dense, across the sign: the first row groups
            entries.add(entry(codec, 10, false, id, "v" + id));
            if (id == 0) {
                entries.add(entry(codec, 9, false, id, "older")); // two versions of one key stay dense
            }
        }
        for (long id = 5_000; id < 25_000; id += 2) { // sparse: the last row groups
            entries.add(entry(codec, 10, false, id, "v" + id));
        }
        LocalStorage storage = new LocalStorage(dir);
        write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 48 << 10, entries.size()), entries);
        String file = dir.resolve(FileNames.sst(1)).toString();
        List<long[]> groups = new ArrayList<>(); // {min, max, has bloom}
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT stats_min_value::BIGINT, stats_max_value::BIGINT, bloom_filter_length"
                     + " FROM parquet_metadata('" + file + "') WHERE path_in_schema = 'id' ORDER BY row_group_id")) {
            while (rs.next()) {
                long len = rs.getLong(3);
                groups.add(new long[] {rs.getLong(1), rs.getLong(2), rs.wasNull() || len == 0 ? 0 : 1});
            }
        }
        assertTrue(groups.size() >= 3, "row groups: " + groups.size());
        for (long[] g : groups) {
            boolean dense = g[1] < 5_000;
            assertEquals(dense ? 0 : 1, g[2], "row group of ids " + g[0] + ".." + g[1]);
        }
        try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, BlockCache.disabled())) {
            for (long id : new long[] {-5_000, -1, 0, 4_999, 5_000, 24_998}) {
                Object[] k = {id};
                Entry e = r.get(codec.encodeKey(k), k, Long.MAX_VALUE, null);
                assertEquals("v" + id, e.values[1], "get " + id);
            }
            for (long id : new long[] {-5_001, 5_001, 24_999, 30_000}) {
                Object[] k = {id};
                assertNull(r.get(codec.encodeKey(k), k, Long.MAX_VALUE, null), "get of missing " + id);
            }
            Object[] zero = {0L};
            assertEquals("older", r.get(codec.encodeKey(zero), zero, 9, null).values[1]);
        }
    }
}
