package org.tonbo4j;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.internal.read.BatchChecks;

/**
 * Batches of boxed {@link Row}s taken from a row iterator: the batches of a scan that has no
 * column form (a transaction's scan, merged with its own writes). Not thread-safe.
 */
final class BoxedBatches implements BatchIterator {
    private final RowIterator<Row> rows;
    private final ColumnType.Kind[] kinds;
    private final List<Row> batch = new ArrayList<>();

    BoxedBatches(RowIterator<Row> rows, Schema schema) {
        this.rows = rows;
        this.kinds = new ColumnType.Kind[schema.columnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
    }

    @Override
    public RowBatch next(int maxRows) {
        BatchChecks.checkMax(maxRows);
        batch.clear();
        while (batch.size() < maxRows && rows.hasNext()) {
            batch.add(rows.next());
        }
        return batch.isEmpty() ? null : new Batch();
    }

    @Override
    public void close() {
        rows.close();
    }

    private final class Batch implements RowBatch {
        @Override
        public int size() {
            return batch.size();
        }

        @Override
        public boolean isNull(int row, int column) {
            return batch.get(row).get(column) == null;
        }

        @Override
        public long getLong(int row, int column) {
            BatchChecks.checkLong(kinds, column);
            Object v = batch.get(row).get(column);
            return v == null ? 0 : v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).longValue();
        }

        @Override
        public double getDouble(int row, int column) {
            BatchChecks.checkDouble(kinds, column);
            Object v = batch.get(row).get(column);
            return v == null ? 0 : ((Number) v).doubleValue();
        }

        @Override
        public Object get(int row, int column) {
            return batch.get(row).get(column);
        }
    }
}
