package org.tonbo4j.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main-job demo at a small size (20,000 rows): every query's answers agree between native and
 * tonbo tables in both databases and with DuckDB over the Parquet files, the side-by-side table
 * has every row, and the CSV for the charts is written.
 */
class MainDemoTest {
    @Test
    void smallRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Report report = MainDemo.run(dir.resolve("demo"), 20_000, new Workload(500, 20, 1), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        for (String metric : List.of("ingest", "Q1 (pricing summary)", "Q6 (revenue forecast)", "GROUP BY ship mode",
                "point lookups", "range queries", "bytes on disk")) {
            assertTrue(text.contains("\n" + metric + " "), "row " + metric + " in\n" + text);
        }
        assertTrue(text.contains("All answers agree"), text);
        assertTrue(text.contains("the same as H2's answer"), text);
        assertTrue(text.contains("sst/") && text.contains(".parquet"), text);
        assertEquals(14, report.lines().size());
        assertNotNull(report.duckdbAnswer());
        assertTrue(Files.exists(dir.resolve("demo/h2/demo.mv.db")));
        assertTrue(Files.exists(dir.resolve("demo/sqlite/demo.db")));
        assertTrue(Files.notExists(dir.resolve("demo/sqlite/staging.db")), "the staging database is removed");

        Path csv = dir.resolve("demo.csv");
        report.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("# title: demo"), lines.get(0));
        assertTrue(lines.get(1).startsWith("# machine: "), lines.get(1));
        assertEquals("group,workload,unit,peer,tonbo,advantage,rows", lines.get(2));
        assertEquals(17, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SQLite,bytes on disk,bytes,")), lines.toString());
    }

    @Test
    void answersCompareNumbersByValueAndTextByContent() {
        List<List<Object>> h2 = List.of(List.of("A", new java.math.BigDecimal("10.50"), 3L));
        assertEquals(null, Answers.difference(h2, List.of(List.of("A", 10.5, 3))));
        assertTrue(Answers.difference(h2, List.of(List.of("A", 10.51, 3))).contains("column 2"));
        assertTrue(Answers.difference(h2, List.of()).contains("row counts"));
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MainDemo.main(new String[] {"--rowz=5"}));
        assertTrue(e.getMessage().contains("--rowz"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MainDemo.main(new String[] {"--rows=many"}));
        assertTrue(e.getMessage().contains("'many'"), e.getMessage());
    }

    @Test
    void generatorIsDeterministic() {
        LineItems a = new LineItems(42);
        LineItems b = new LineItems(42);
        for (int i = 0; i < 1000; i++) {
            LineItems.Row x = a.next();
            String rx = x.id + x.comment + x.shipDate + x.extendedPriceCents + x.returnFlag;
            LineItems.Row y = b.next();
            assertEquals(rx, y.id + y.comment + y.shipDate + y.extendedPriceCents + y.returnFlag);
            assertTrue(x.comment.length() <= 44, x.comment);
        }
    }
}
