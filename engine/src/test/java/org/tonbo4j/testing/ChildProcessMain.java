package org.tonbo4j.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * A second process for multi-process tests. {@code hold DIR}: opens the table, prints
 * "opened" and waits to be killed. {@code write DIR}: writes batches of 10 rows forever with
 * every commit synced, printing "acked N" after batch N returns.
 */
public final class ChildProcessMain {
    public static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("batch", ColumnType.INT64, false)
            .column("pad", ColumnType.STRING)
            .primaryKey("id").build();

    public static Options options() {
        return Options.builder().memtableBytes(64 << 10).targetFileBytes(64 << 10).rowGroupBytes(16 << 10)
                .level0CompactionTrigger(2).level1MaxBytes(256 << 10).build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Table<Row> t = Tonbo.open(dir, SCHEMA, options());
        if (args[0].equals("hold")) {
            System.out.println("opened");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        String pad = "p".repeat(100);
        for (long b = 1; ; b++) {
            List<Row> rows = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                rows.add(Row.of(SCHEMA, b * 10 + i, b, pad));
            }
            t.insertAll(rows);
            System.out.println("acked " + b);
            System.out.flush();
        }
    }
}
