package org.tonbo4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.TableStats;
import org.tonbo4j.Tonbo;

/**
 * tonbo4j through its public API: a dynamic table ({@code Table<Row>}) with default options
 * except the sync policy ({@link SyncPolicy#everyCommit()} or {@link SyncPolicy#never()}).
 * Not thread-safe.
 */
final class TonboEngine implements BenchEngine {
    private static final Scan PROJECTION = Scan.builder().columns(BenchData.PROJECTED_COLUMN).build();

    private final Table<Row> table;
    private final Options options;

    TonboEngine(Path dir, boolean syncEveryBatch) {
        this(dir, syncEveryBatch, Options.builder().build().cacheBytes(), 0);
    }

    /** @param pageBytes Parquet data page size; 0 keeps the default */
    TonboEngine(Path dir, boolean syncEveryBatch, long cacheBytes, int pageBytes) {
        Options.Builder b = Options.builder().syncPolicy(syncEveryBatch ? SyncPolicy.everyCommit() : SyncPolicy.never())
                .cacheBytes(cacheBytes);
        if (pageBytes > 0) {
            b.pageBytes(pageBytes);
        }
        this.options = b.build();
        this.table = Tonbo.open(dir, BenchData.SCHEMA, options);
    }

    @Override
    public String name() {
        return "tonbo";
    }

    @Override
    public void insertBatch(Object[][] rows, int n) {
        List<Row> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Row.of(BenchData.SCHEMA, rows[i]));
        }
        table.insertAll(batch);
    }

    @Override
    public Object[] get(long id) {
        Optional<Row> row = table.get(id);
        return row.map(Row::values).orElse(null);
    }

    @Override
    public long scan(boolean projection, Consumer<Object[]> sink) {
        long n = 0;
        try (RowIterator<Row> it = projection ? table.scan(PROJECTION) : table.scan()) {
            while (it.hasNext()) {
                sink.accept(it.next().values());
                n++;
            }
        }
        return n;
    }

    @Override
    public void flushAndCompact() {
        table.flush();
        table.compact();
    }

    @Override
    public long dataBytes() {
        return table.stats().totalBytes();
    }

    /** The LSM shape and the counters that explain ingest time (flushes, compactions, stalls), for the report. */
    String shape() {
        StringBuilder sb = new StringBuilder();
        table.stats().levels().stream().filter(l -> l.files() > 0).forEach(l ->
                sb.append(sb.length() == 0 ? "" : ", ").append("L").append(l.level()).append(": ").append(l.files()).append(" file(s)"));
        TableStats st = table.stats();
        return (sb.length() == 0 ? "empty" : sb.toString()) + "; since open: " + st.flushes() + " flushes, " + st.compactions()
                + " compactions, writers stalled " + st.stallNanos() / 1_000_000 + " ms";
    }

    @Override
    public String describe() {
        return "tonbo4j, Options.defaults() with syncPolicy=" + options.syncPolicy() + " (" + options.compression()
                + " level " + options.compressionLevel() + ", memtable " + (options.memtableBytes() >> 20) + " MiB, cache "
                + (options.cacheBytes() >> 20) + " MiB, pages " + (options.pageBytes() >> 10) + " KiB, bloom fpp " + options.bloomFalsePositiveRate() + ")";
    }

    @Override
    public void close() {
        table.close();
    }
}
