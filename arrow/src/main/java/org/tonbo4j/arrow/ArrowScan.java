package org.tonbo4j.arrow;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;

/**
 * A scan of a table as Arrow record batches: each {@link #next()} refills one
 * {@link VectorSchemaRoot} (owned by this object, valid until the next call or {@link #close()})
 * with up to {@code batchRows} rows, in the scan's order, with the scan's projection (the
 * requested columns plus the key columns; all columns without one). Types map as
 * {@link ArrowTypes} says. Not thread-safe; close it to release the snapshot and the buffers.
 *
 * <p>Arrow needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on Java 17 and later.
 */
public final class ArrowScan implements Iterator<VectorSchemaRoot>, AutoCloseable {
    private final Schema schema;
    private final RowIterator<Row> rows;
    private final VectorSchemaRoot root;
    private final int[] columns;
    private final int batchRows;

    public ArrowScan(Table<?> table, Scan scan, BufferAllocator allocator, int batchRows) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows);
        }
        this.schema = table.schema();
        this.batchRows = batchRows;
        boolean[] wanted = null;
        if (scan.columns() != null) {
            wanted = new boolean[schema.columnCount()];
            for (String c : scan.columns()) {
                wanted[schema.requireIndex(c)] = true;
            }
            for (int k : schema.keyIndexes()) {
                wanted[k] = true;
            }
        }
        int n = 0;
        int[] idx = new int[schema.columnCount()];
        for (int i = 0; i < idx.length; i++) {
            if (wanted == null || wanted[i]) {
                idx[n++] = i;
            }
        }
        this.columns = java.util.Arrays.copyOf(idx, n);
        this.root = VectorSchemaRoot.create(ArrowTypes.schema(schema, wanted), allocator);
        this.rows = table.scanRows(scan);
    }

    /** The Arrow schema of the batches. */
    public org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
        return root.getSchema();
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    /** The next batch (the same root object, refilled). */
    @Override
    public VectorSchemaRoot next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        root.allocateNew();
        int n = 0;
        while (n < batchRows && rows.hasNext()) {
            Object[] v = rows.next().values();
            for (int i = 0; i < columns.length; i++) {
                set(root.getVector(i), n, v[columns[i]]);
            }
            n++;
        }
        root.setRowCount(n);
        return root;
    }

    private void set(FieldVector vector, int row, Object v) {
        if (v == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof BitVector) {
            ((BitVector) vector).setSafe(row, (Boolean) v ? 1 : 0);
        } else if (vector instanceof TinyIntVector) {
            ((TinyIntVector) vector).setSafe(row, (Byte) v);
        } else if (vector instanceof SmallIntVector) {
            ((SmallIntVector) vector).setSafe(row, (Short) v);
        } else if (vector instanceof IntVector) {
            ((IntVector) vector).setSafe(row, (Integer) v);
        } else if (vector instanceof BigIntVector) {
            ((BigIntVector) vector).setSafe(row, (Long) v);
        } else if (vector instanceof Float4Vector) {
            ((Float4Vector) vector).setSafe(row, (Float) v);
        } else if (vector instanceof Float8Vector) {
            ((Float8Vector) vector).setSafe(row, (Double) v);
        } else if (vector instanceof VarCharVector) {
            ((VarCharVector) vector).setSafe(row, ((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector) {
            ((VarBinaryVector) vector).setSafe(row, (byte[]) v);
        } else if (vector instanceof DateDayVector) {
            ((DateDayVector) vector).setSafe(row, (int) ((LocalDate) v).toEpochDay());
        } else if (vector instanceof TimeStampMicroTZVector) {
            ((TimeStampMicroTZVector) vector).setSafe(row, micros((Instant) v));
        } else if (vector instanceof TimeStampMicroVector) {
            ((TimeStampMicroVector) vector).setSafe(row, micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
        } else if (vector instanceof DecimalVector) {
            ((DecimalVector) vector).setSafe(row, (BigDecimal) v);
        } else {
            throw new IllegalStateException("no Arrow mapping for " + vector.getClass().getSimpleName());
        }
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    @Override
    public void close() {
        try {
            rows.close();
        } finally {
            root.close();
        }
    }
}
