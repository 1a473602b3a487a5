package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole table written by format version 1 (WAL, manifest and SST), committed under
 * {@code src/test/resources/golden/table-v1}: every later build must open it and read the same
 * rows. Regenerate only when the format version changes, into a new folder:
 * {@code java -cp <test class path> org.tonbo4j.GoldenTableTest DIR}.
 */
class GoldenTableTest {
    static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING, false)
            .column("flag", ColumnType.BOOLEAN)
            .column("i8", ColumnType.INT8)
            .column("i16", ColumnType.INT16)
            .column("i32", ColumnType.INT32)
            .column("f32", ColumnType.FLOAT32)
            .column("f64", ColumnType.FLOAT64)
            .column("bin", ColumnType.BINARY)
            .column("day", ColumnType.DATE)
            .column("ts", ColumnType.TIMESTAMP)
            .column("tstz", ColumnType.TIMESTAMP_TZ)
            .column("dec", ColumnType.decimal(10, 3))
            .primaryKey("id", "name").build();

    static Row row(long i) {
        boolean nulls = i % 5 == 4;
        return Row.of(SCHEMA, i, "name-" + i, nulls ? null : i % 2 == 0, nulls ? null : (byte) i, nulls ? null : (short) (i * 300),
                nulls ? null : (int) (i * 70000), nulls ? null : i / 3.0f, nulls ? null : i / 7.0, nulls ? null : new byte[] {(byte) i, 0, -1},
                nulls ? null : LocalDate.of(2026, 1, 1).plusDays(i), nulls ? null : LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i * 3601),
                nulls ? null : Instant.ofEpochSecond(1_700_000_000L + i, 123_000), nulls ? null : BigDecimal.valueOf(i * 1001 - 5000, 3));
    }

    /** The expected live rows: 0..59, minus deleted multiples of 7, with 10..19 rewritten. */
    static List<Row> expected() {
        List<Row> out = new ArrayList<>();
        for (long i = 0; i < 60; i++) {
            if (i % 7 == 0 && i > 0) {
                continue;
            }
            out.add(i >= 10 && i < 20 ? rewritten(i) : row(i));
        }
        return out;
    }

    static Row rewritten(long i) {
        Object[] v = row(i).values();
        v[1] = "name-" + i;
        v[7] = -1.0 * i;
        return Row.of(SCHEMA, v);
    }

    /** Writes the golden table: rows in L1 (compacted), in L0 (flushed) and only in the WAL. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (Table<Row> t = Tonbo.open(dir, SCHEMA, Options.builder().compactionEnabled(false).build())) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 40; i++) {
                rows.add(row(i));
            }
            t.insertAll(rows);
            t.compact();
            for (long i = 10; i < 20; i++) {
                t.insert(rewritten(i));
            }
            for (long i = 40; i < 50; i++) {
                t.insert(row(i));
            }
            t.flush();
            for (long i = 50; i < 60; i++) {
                t.insert(row(i));
            }
            for (long i = 7; i < 60; i += 7) {
                t.delete(i, "name-" + i);
            }
        }
    }

    @Test
    void formatVersion1TableOpensAndReadsTheSameRows(@TempDir Path tmp) throws IOException, URISyntaxException {
        Path golden = Path.of(GoldenTableTest.class.getResource("/golden/table-v1/CURRENT").toURI()).getParent();
        try (Stream<Path> files = Files.walk(golden)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = tmp.resolve(golden.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        assertEquals(1, Files.list(tmp.resolve("wal")).count(), "the golden table has unflushed WAL data");
        for (int open = 0; open < 2; open++) {
            try (Table<Row> t = Tonbo.open(tmp, SCHEMA)) {
                List<Row> got = new ArrayList<>();
                try (RowIterator<Row> it = t.scan()) {
                    it.forEachRemaining(got::add);
                }
                assertEquals(expected().toString(), got.toString());
                assertEquals(row(3).toString(), t.get(3L, "name-3").orElseThrow().toString());
            }
        }
    }
}
