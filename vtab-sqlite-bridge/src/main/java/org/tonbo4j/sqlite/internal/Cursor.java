package org.tonbo4j.sqlite.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;

/**
 * An open scan of one session: reads rows as its {@link ScanPlan} says, filters them, applies
 * OFFSET and LIMIT, and writes the shipped columns of the next batch of rows into a ROWS reply.
 * Owned by one session thread; not thread-safe. Closing releases the engine iterator.
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
    private final Function<Object[], Optional<Row>> getter;
    private final RowIterator<Row> rows;
    private final Iterator<Object[]> points;
    private long offset;
    private long limit;
    private boolean done;

    Cursor(Schema schema, ScanPlan plan, long colMask, long offset, long limit,
           Function<Object[], Optional<Row>> getter, Function<Scan, RowIterator<Row>> scanner) {
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
        this.getter = getter;
        if (plan.pointKeys != null) {
            this.points = plan.pointKeys.iterator();
            this.rows = null;
        } else {
            this.points = null;
            this.rows = limit == 0 ? null : scanner.apply(plan.scan);
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
            if (pass) {
                if (offset > 0) {
                    offset--;
                } else {
                    for (int col : shipped) {
                        Object v = sql[col];
                        out.value(v != null ? v : SqlValues.toSqlite(types[col], r.get(col)));
                    }
                    count++;
                    if (--limit == 0) {
                        done = true;
                    }
                }
            }
            java.util.Arrays.fill(sql, null);
            if (out.size() >= BATCH_BYTES || ((count & 63) == 0 && System.nanoTime() > deadline)) {
                break;
            }
        }
        if (done) {
            close();
        }
        return count;
    }

    private Row nextRow() {
        if (points != null) {
            while (points.hasNext()) {
                Optional<Row> r = getter.apply(points.next());
                if (r.isPresent()) {
                    return r.get();
                }
            }
            return null;
        }
        return rows != null && rows.hasNext() ? rows.next() : null;
    }

    @Override
    public void close() {
        done = true;
        if (rows != null) {
            rows.close();
        }
    }
}
