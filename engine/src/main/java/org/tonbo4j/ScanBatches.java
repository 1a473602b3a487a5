package org.tonbo4j;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.db.ReadHandle;
import org.tonbo4j.internal.read.BatchChecks;
import org.tonbo4j.internal.read.RowFilter;
import org.tonbo4j.internal.read.Run;
import org.tonbo4j.internal.sst.VectorBatch;

/**
 * The batches of a table scan ({@link Table#scanBatches}): runs the merged sources hand over in
 * column form become {@link VectorBatch} views; between runs (memtable rows, keys with several
 * versions, rows after a shadowing tombstone) visible rows are read one by one and come boxed.
 * Applies the scan's filter, projection and limit as the row iterator does. Not thread-safe.
 */
final class ScanBatches implements BatchIterator {
    private final ReadHandle.Cursor cursor;
    private final ReadHandle handle;
    private final boolean ownsHandle;
    private final boolean[] columns;
    private final RowFilter filter;
    private final ColumnType.Kind[] kinds;
    private final VectorBatch vectors;
    private final List<Object[]> boxed = new ArrayList<>();
    private final BoxedBatch boxedBatch = new BoxedBatch();
    private long remaining;
    private boolean closed;
    /** A run taken while boxed rows were being collected, handed out from {@code runFrom} on. */
    private Run run;
    private int runFrom;

    ScanBatches(Schema schema, ReadHandle.Cursor cursor, ReadHandle handle, boolean ownsHandle, boolean[] columns,
                long limit, RowFilter filter) {
        this.cursor = cursor;
        this.handle = handle;
        this.ownsHandle = ownsHandle;
        this.columns = columns;
        this.filter = filter;
        this.remaining = limit;
        this.kinds = new ColumnType.Kind[schema.columnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        this.vectors = new VectorBatch(kinds, columns);
    }

    @Override
    public RowBatch next(int maxRows) {
        BatchChecks.checkMax(maxRows);
        if (closed) {
            throw new TableClosedException("batch iterator is closed");
        }
        int max = (int) Math.min(maxRows, remaining);
        if (cursor == null || max <= 0) {
            return null;
        }
        if (run == null || (run.capacity() < max && runFrom == run.size())) {
            run = new Run(max); // only once the rows of the last run are handed out
            runFrom = 0;
        }
        while (true) {
            if (runFrom < run.size()) {
                return fromRun(max);
            }
            run.clear();
            runFrom = 0;
            int moved = cursor.run(run);
            if (moved > 0) {
                continue; // a run, perhaps with no visible row
            }
            RowBatch b = boxedRows(max);
            if (b != null || runFrom < run.size()) {
                return b != null ? b : fromRun(max);
            }
            if (!cursor.hasNext()) {
                return null;
            }
        }
    }

    private RowBatch fromRun(int max) {
        int n = Math.min(max, run.size() - runFrom);
        vectors.reset(run.data(), run.rows(), runFrom, n);
        runFrom += n;
        remaining -= n;
        return vectors;
    }

    /**
     * Visible rows one by one until {@code max} are collected, the scan ends or a run is ready
     * again (left in {@link #run} for the next call); null when none was collected.
     */
    private RowBatch boxedRows(int max) {
        boxed.clear();
        while (boxed.size() < max && cursor.hasNext()) {
            Entry e = cursor.next();
            if (filter == null || filter.test(e.values)) {
                boxed.add(project(e.values));
            }
            if (cursor.run(run) > 0 && (run.size() > 0 || !boxed.isEmpty())) {
                break;
            }
        }
        if (boxed.isEmpty()) {
            return null;
        }
        remaining -= boxed.size();
        return boxedBatch;
    }

    private Object[] project(Object[] v) {
        if (columns == null) {
            return v;
        }
        Object[] p = v.clone();
        for (int i = 0; i < p.length; i++) {
            if (!columns[i]) {
                p[i] = null;
            }
        }
        return p;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (cursor != null) {
                cursor.close();
            }
            if (ownsHandle) {
                handle.close();
            }
        }
    }

    private final class BoxedBatch implements RowBatch {
        @Override
        public int size() {
            return boxed.size();
        }

        @Override
        public boolean isNull(int row, int column) {
            return boxed.get(row)[column] == null;
        }

        @Override
        public long getLong(int row, int column) {
            BatchChecks.checkLong(kinds, column);
            Object v = boxed.get(row)[column];
            return v == null ? 0 : v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).longValue();
        }

        @Override
        public double getDouble(int row, int column) {
            BatchChecks.checkDouble(kinds, column);
            Object v = boxed.get(row)[column];
            return v == null ? 0 : ((Number) v).doubleValue();
        }

        @Override
        public Object get(int row, int column) {
            return boxed.get(row)[column];
        }
    }
}
