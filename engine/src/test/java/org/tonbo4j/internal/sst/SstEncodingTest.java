package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            entries.add(entry(codec, id + 1, false, id, n, java.time.LocalDate.ofEpochDay(19_000 + id / 100),
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
}
