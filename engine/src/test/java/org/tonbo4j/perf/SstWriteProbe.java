package org.tonbo4j.perf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.sst.SstWriter;
import org.tonbo4j.internal.sst.SstWriterOptions;
import org.tonbo4j.storage.MemoryStorage;

/** Probe: SstWriter alone on prepared entries (not a benchmark). */
public final class SstWriteProbe {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("c1", ColumnType.INT64)
                .column("c2", ColumnType.INT32).column("c3", ColumnType.FLOAT64).column("c4", ColumnType.STRING)
                .column("c5", ColumnType.STRING).column("c6", ColumnType.BOOLEAN).column("c7", ColumnType.DATE)
                .column("c8", ColumnType.decimal(12, 2)).primaryKey("id").build();
        KeyCodec kc = new KeyCodec(s);
        Random r = new Random(1);
        String[] cats = {"alpha", "beta", "gamma", "delta"};
        List<Entry> entries = new ArrayList<>(rows);
        for (long i = 0; i < rows; i++) {
            Object[] v = {i, r.nextLong(), r.nextInt(), r.nextDouble(), "name-" + r.nextInt(1_000_000),
                cats[r.nextInt(4)], r.nextBoolean(), LocalDate.ofEpochDay(18000 + r.nextInt(1000)),
                BigDecimal.valueOf(r.nextInt(1_000_000), 2)};
            entries.add(new Entry(kc.encodeRow(v), i + 1, false, v));
        }
        for (int rep = 0; rep < 8; rep++) {
            org.tonbo4j.Compression comp = org.tonbo4j.Compression.valueOf(System.getProperty("probe.comp", "ZSTD"));
            Options o = Options.builder().pageBytes(Integer.getInteger("probe.page", 64 << 10)).compression(comp).build();
            MemoryStorage st = new MemoryStorage();
            long t0 = System.nanoTime();
            SstWriter w = new SstWriter(st, "sst/x.parquet", s, SstWriterOptions.from(o, rows));
            for (Entry e : entries) {
                w.add(e);
            }
            long bytes = w.finish().fileBytes();
            long t1 = System.nanoTime();
            System.out.printf("%s write %.0f rows/s, %d bytes%n", comp, rows / ((t1 - t0) / 1e9), bytes);
        }
    }
}
