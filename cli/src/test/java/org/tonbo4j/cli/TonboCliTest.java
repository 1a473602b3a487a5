package org.tonbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/** The tonbo command against a real table on disk, run in-process. */
class TonboCliTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING).column("price", ColumnType.decimal(10, 2))
            .primaryKey("id").build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void table() {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA)) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 100; i++) {
                rows.add(Row.of(SCHEMA, i, i % 10 == 0 ? null : "item, \"" + i + "\"", new BigDecimal(i + ".50")));
            }
            t.insertAll(rows);
            t.flush();
            t.delete(5L);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return TonboCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void inspectShowsSchemaLevelsAndFiles() {
        assertEquals(0, run("inspect", dir.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("schema    (id INT64 NOT NULL, name STRING, price DECIMAL(10,2)"), text);
        assertTrue(text.contains("L0 "), text);
        assertTrue(text.contains(" 0 .. 99"), text);
    }

    @Test
    void getAndScanInEveryFormat() {
        assertEquals(0, run("get", dir.toString(), "7", "--format", "json"), err.toString());
        assertEquals("{\"id\":7,\"name\":\"item, \\\"7\\\"\",\"price\":7.50}", out.toString().strip());
        assertEquals(3, run("get", dir.toString(), "5"), "deleted key: exit 3");
        assertEquals(0, run("scan", dir.toString(), "--from", "8", "--to", "11", "--format", "csv"), err.toString());
        assertEquals(List.of("id,name,price", "8,\"item, \"\"8\"\"\",8.50", "9,\"item, \"\"9\"\"\",9.50", "10,,10.50",
                "11,\"item, \"\"11\"\"\",11.50"), out.toString().lines().toList());
        assertEquals(0, run("scan", dir.toString(), "--reverse", "--limit", "2", "--columns", "price"), err.toString());
        assertEquals(List.of("id | price", "---+------", "99 | 99.50", "98 | 98.50", "(2 rows)"), out.toString().lines().toList());
    }

    @Test
    void verifyAndCompact() {
        assertEquals(0, run("verify", dir.toString()), err.toString());
        assertTrue(out.toString().contains(": ok"), out.toString());
        assertEquals(0, run("compact", dir.toString()), err.toString());
        assertTrue(out.toString().startsWith("compacted in"), out.toString());
        assertEquals(0, run("verify", dir.toString()), err.toString());
        assertTrue(out.toString().startsWith("1 file(s), 99 row(s) read: ok"), out.toString());
    }

    @Test
    void exportWritesPlainParquet() throws Exception {
        Path file = dir.resolve("export.parquet");
        assertEquals(0, run("export", dir.toString(), file.toString()), err.toString());
        assertTrue(out.toString().startsWith("exported 99 rows at sequence"), out.toString());
        assertTrue(java.nio.file.Files.size(file) > 0);
        assertEquals(1, run("export", dir.toString(), file.toString()));
        assertTrue(err.toString().contains("export target exists"), err.toString());
        assertEquals(1, run("export", dir.toString(), dir.resolve("x.parquet").toString(), "--snapshot", "nope"));
        assertTrue(err.toString().contains("no snapshot named 'nope'"), err.toString());
    }

    @Test
    void scanToArrowAndCsvFiles() throws Exception {
        Path arrow = dir.resolve("rows.arrow");
        assertEquals(0, run("scan", dir.toString(), "--from", "10", "--format", "arrow", "--output", arrow.toString()), err.toString());
        assertTrue(out.toString().startsWith("90 rows written"), out.toString());
        try (org.apache.arrow.memory.RootAllocator a = new org.apache.arrow.memory.RootAllocator();
             java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(arrow);
             org.apache.arrow.vector.ipc.ArrowFileReader r = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, a)) {
            long rows = 0;
            while (r.loadNextBatch()) {
                rows += r.getVectorSchemaRoot().getRowCount();
            }
            assertEquals(90, rows);
        }
        Path csv = dir.resolve("rows.csv");
        assertEquals(0, run("scan", dir.toString(), "--to", "2", "--format", "csv", "--output", csv.toString()), err.toString());
        assertEquals(List.of("id,name,price", "0,,0.50", "1,\"item, \"\"1\"\"\",1.50", "2,\"item, \"\"2\"\"\",2.50"),
                java.nio.file.Files.readAllLines(csv));
        assertEquals(1, run("scan", dir.toString(), "--format", "arrow"));
        assertTrue(err.toString().contains("--output"), err.toString());
    }

    @Test
    void badInputIsAClearError() {
        assertEquals(1, run("get", dir.toString(), "seven"));
        assertTrue(err.toString().contains("'seven' is not a value of column id (INT64)"), err.toString());
        assertEquals(1, run("inspect", dir.resolve("missing").toString()));
        assertTrue(err.toString().contains("no such directory"), err.toString());
        assertEquals(2, run("scan", dir.toString(), "--format", "xml"));
        assertEquals(1, run("get", dir.toString(), "1", "2"));
        assertTrue(err.toString().contains("the key of this table has 1 column(s), got 2"), err.toString());
    }
}
