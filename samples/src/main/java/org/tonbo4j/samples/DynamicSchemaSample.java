package org.tonbo4j.samples;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * Dynamic schema: a table whose columns are known only at run time, with a composite primary
 * key (region, day) and a decimal column; rows are {@link Row}s. Shows a key-prefix scan, a
 * projection, and reopening the table with the schema stored in it.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh DynamicSchemaSample [DIR]} (default: a
 * temporary directory). Its test runs it in the test suite.
 */
public final class DynamicSchemaSample {
    private DynamicSchemaSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-dynamic-");
        Schema schema = Schema.builder()
                .column("region", ColumnType.STRING, false)
                .column("day", ColumnType.DATE, false)
                .column("revenue", ColumnType.decimal(12, 2), false)
                .column("orders", ColumnType.INT32)
                .primaryKey("region", "day")
                .build();
        Path path = dir.resolve("sales");
        try (Table<Row> sales = Tonbo.open(path, schema)) {
            LocalDate d = LocalDate.of(2026, 1, 1);
            for (String region : new String[] {"eu", "us", "apac"}) {
                for (int i = 0; i < 5; i++) {
                    sales.insert(Row.of(schema, region, d.plusDays(i), new BigDecimal((i + 1) * 100 + ".50"), 10 + i));
                }
            }
            Row row = sales.get("us", d.plusDays(2)).orElseThrow();
            System.out.println("get (us, 2026-01-03): revenue " + row.getDecimal("revenue") + ", orders " + row.getInt("orders"));

            // every row whose key starts with "eu", only the revenue column (plus the key)
            BigDecimal eu = BigDecimal.ZERO;
            try (RowIterator<Row> it = sales.scan(Scan.builder().from("eu").to("eu").columns("revenue").build())) {
                while (it.hasNext()) {
                    eu = eu.add(it.next().getDecimal("revenue"));
                }
            }
            System.out.println("eu revenue: " + eu);
        }
        Schema stored = Tonbo.storedSchema(new org.tonbo4j.storage.LocalStorage(path)).orElseThrow();
        System.out.println("stored schema: " + stored);
        try (Table<Row> sales = Tonbo.open(path, stored)) {
            long n = 0;
            try (RowIterator<Row> it = sales.scan()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            System.out.println("reopened with the stored schema: " + n + " rows");
        }
    }
}
