package org.tonbo4j.sqlite.internal;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.tonbo4j.BatchIterator;
import org.tonbo4j.Row;
import org.tonbo4j.RowBatch;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;

/**
 * An open scan of one session: reads rows as its {@link ScanPlan} says, filters them, applies
 * OFFSET and LIMIT, and writes the shipped columns of the next batch of rows into a ROWS reply.
 * A range scan outside a transaction reads the engine's column batches ({@link RowBatch}):
 * integers and doubles go from the decoded vectors to the frame unboxed. Owned by one session
 * thread; not thread-safe. Closing releases the engine iterator.
 */
final class Cursor implements AutoCloseable {
    /** A batch ends once its frame holds this many bytes... */
    static final int BATCH_BYTES = 256 << 10;
    /** ...or after this long (so an interrupt is seen between batches of a filter finding nothing). */
    private static final long BATCH_NANOS = 100_000_000L;

    private final Schema schema;
    private final ScanPlan plan;
    private final int[] shipped;
    private final org.tonbo4j.ColumnType[] types;
    /** Runs the scans: of the plan's range, or of one key per point (a projected point lookup). */
    private final Function<Scan, RowIterator<Row>> scanner;
    /** Rows asked of the engine per column batch. */
    private static final int BATCH_ROWS = 1024;

    private final RowIterator<Row> rows;
    private final BatchIterator batches;
    /** The current column batch and the next row of it; null before the first and at the end. */
    private RowBatch batch;
    private int batchRow;
    private final Iterator<Object[]> points;
    private long offset;
    private long limit;
    private boolean done;

    /** A cursor of rows ({@code scanner}), or of column batches where {@code batchScanner} is not null. */
    Cursor(Schema schema, ScanPlan plan, long colMask, long offset, long limit,
           Function<Scan, RowIterator<Row>> scanner,
           Function<Scan, BatchIterator> batchScanner) {
        this.schema = schema;
        this.plan = plan;
        int n = 0;
        for (int i = 0; i < schema.columnCount(); i++) {
            if ((colMask & (1L << Math.min(i, 63))) != 0) {
                n++;
            }
        }
        this.shipped = new int[n];
        this.types = new org.tonbo4j.ColumnType[schema.columnCount()];
        for (int i = 0, j = 0; i < schema.columnCount(); i++) {
            types[i] = schema.column(i).type();
            if ((colMask & (1L << Math.min(i, 63))) != 0) {
                shipped[j++] = i;
            }
        }
        this.offset = offset;
        this.limit = limit < 0 ? Long.MAX_VALUE : limit;
        this.scanner = scanner;
        if (plan.pointKeys != null) {
            this.points = plan.pointKeys.iterator();
            this.rows = null;
            this.batches = null;
        } else {
            this.points = null;
            this.rows = limit == 0 || batchScanner != null ? null : scanner.apply(plan.scan);
            this.batches = limit == 0 || batchScanner == null ? null : batchScanner.apply(plan.scan);
        }
        this.done = this.limit == 0;
    }

    boolean done() {
        return done;
    }

    /**
     * Writes rows until the batch is full, returns the count. Layout per row: the shipped
     * columns' tagged values, in column order.
     */
    int fill(FrameOut out) {
        if (batches != null) {
            return fillFromBatches(out);
        }
        long deadline = System.nanoTime() + BATCH_NANOS;
        int count = 0;
        Object[] sql = new Object[schema.columnCount()];
        List<Constraint> filters = plan.filters;
        while (!done) {
            Row r = nextRow();
            if (r == null) {
                done = true;
                break;
            }
            boolean pass = true;
            for (Constraint c : filters) {
                int col = c.column();
                if (sql[col] == null) {
                    sql[col] = SqlValues.toSqlite(types[col], r.get(col));
                }
                if (!c.test(sql[col])) {
                    pass = false;
                    break;
                }
            }
            if (pass && emit()) {
                for (int col : shipped) {
                    Object v = sql[col];
                    out.value(v != null ? v : SqlValues.toSqlite(types[col], r.get(col)));
                }
                count++;
            }
            java.util.Arrays.fill(sql, null);
            if (full(out, count, deadline)) {
                break;
            }
        }
        if (done) {
            close();
        }
        return count;
    }

    /** As {@link #fill}, reading column batches. */
    private int fillFromBatches(FrameOut out) {
        long deadline = System.nanoTime() + BATCH_NANOS;
        int count = 0;
        Object[] sql = new Object[schema.columnCount()];
        List<Constraint> filters = plan.filters;
        while (!done) {
            if (batch == null || batchRow == batch.size()) {
                batch = batches.next(BATCH_ROWS);
                batchRow = 0;
                if (batch == null) {
                    done = true;
                    break;
                }
            }
            int i = batchRow++;
            boolean pass = true;
            for (Constraint c : filters) {
                int col = c.column();
                if (sql[col] == null) {
                    sql[col] = SqlValues.toSqlite(types[col], batch.get(i, col));
                }
                if (!c.test(sql[col])) {
                    pass = false;
                    break;
                }
            }
            if (pass && emit()) {
                for (int col : shipped) {
                    column(out, i, col, sql[col]);
                }
                count++;
            }
            if (!filters.isEmpty()) {
                java.util.Arrays.fill(sql, null);
            }
            if (full(out, count, deadline)) {
                break;
            }
        }
        if (done) {
            close();
        }
        return count;
    }

    /** For a row that passed the filters: false while OFFSET skips it, else true, counting it against LIMIT. */
    private boolean emit() {
        if (offset > 0) {
            offset--;
            return false;
        }
        if (--limit == 0) {
            done = true;
        }
        return true;
    }

    /** Whether the batch being written is complete: by size, or by time (checked every 64 rows). */
    private static boolean full(FrameOut out, int count, long deadline) {
        return out.size() >= BATCH_BYTES || ((count & 63) == 0 && System.nanoTime() > deadline);
    }

    /** Writes row i's value of a column from the batch; {@code converted}: its SQLite value, if already made. */
    private void column(FrameOut out, int i, int col, Object converted) {
        if (converted != null) {
            out.value(converted);
            return;
        }
        switch (types[col].kind()) {
            case INT8: case INT16: case INT32: case INT64: case BOOLEAN:
                if (batch.isNull(i, col)) {
                    out.value(null);
                } else {
                    out.integer(batch.getLong(i, col));
                }
                break;
            case FLOAT32: case FLOAT64:
                if (batch.isNull(i, col)) {
                    out.value(null);
                } else {
                    out.real(batch.getDouble(i, col));
                }
                break;
            default:
                out.value(SqlValues.toSqlite(types[col], batch.get(i, col)));
        }
    }

    private Row nextRow() {
        if (points != null) {
            while (points.hasNext()) {
                Object[] key = points.next();
                try (RowIterator<Row> it = scanner.apply(Scan.builder().from(key).to(key).columns(plan.columns).build())) {
                    if (it.hasNext()) {
                        return it.next();
                    }
                }
            }
            return null;
        }
        return rows != null && rows.hasNext() ? rows.next() : null;
    }

    @Override
    public void close() {
        done = true;
        batch = null;
        if (rows != null) {
            rows.close();
        }
        if (batches != null) {
            batches.close();
        }
    }
}
