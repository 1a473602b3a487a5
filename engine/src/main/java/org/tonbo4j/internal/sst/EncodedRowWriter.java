package org.tonbo4j.internal.sst;

import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.wal.RowCodec;
import org.tonbo4j.internal.wal.ValueVisitor;

/**
 * Writes a put whose row is still encoded ({@link Entry#encoded}) into Parquet's column writers,
 * reading the values in place: the same Parquet values as {@link ValueCodec#write} of the
 * decoded row, and the same raw sizes, without a Java object per value. Strings and binaries
 * are handed to Parquet as slices of the entry's buffer, which must not change until the SST is
 * finished (a memtable being flushed never changes). Not thread-safe.
 */
final class EncodedRowWriter implements ValueVisitor {
    private final Schema schema;
    private final RowCodec codec;
    private final ColumnType.Kind[] kinds;
    private final int[] precision;
    private final int[] definition;
    private ColumnWriter[] writers;
    private long raw;

    EncodedRowWriter(Schema schema) {
        this.schema = schema;
        this.codec = new RowCodec(schema);
        int n = schema.columnCount();
        this.kinds = new ColumnType.Kind[n];
        this.precision = new int[n];
        this.definition = new int[n];
        for (int i = 0; i < n; i++) {
            ColumnType t = schema.column(i).type();
            kinds[i] = t.kind();
            precision[i] = t.kind() == ColumnType.Kind.DECIMAL ? t.precision() : 0;
            definition[i] = schema.isKeyColumn(i) ? 0 : 1;
        }
    }

    /** Writes the user columns of {@code e} to {@code to}; returns their raw size. */
    long write(Entry e, ColumnWriter[] to) {
        writers = to;
        raw = 0;
        codec.visitRow(e.encoded, e.encodedOffset, e.encodedLength, this);
        return raw;
    }

    @Override
    public void visitNull(int column) {
        if (definition[column] == 0) {
            throw new IllegalArgumentException("key column '" + schema.column(column).name() + "' is null");
        }
        writers[column].writeNull(0, 0);
    }

    @Override
    public void visitBoolean(int column, boolean v) {
        writers[column].write(v, 0, definition[column]);
        raw += 1;
    }

    @Override
    public void visitInt(int column, int v) {
        writers[column].write(v, 0, definition[column]);
        raw += kinds[column] == ColumnType.Kind.INT8 ? 1 : kinds[column] == ColumnType.Kind.INT16 ? 2 : 4;
    }

    @Override
    public void visitLong(int column, long v) {
        ColumnType.Kind k = kinds[column];
        if (k == ColumnType.Kind.DATE || (k == ColumnType.Kind.DECIMAL && precision[column] <= 9)) {
            writers[column].write(narrow(column, v), 0, definition[column]);
            raw += 4;
        } else {
            writers[column].write(v, 0, definition[column]);
            raw += 8;
        }
    }

    private int narrow(int column, long v) {
        if (v != (int) v) {
            throw new IllegalArgumentException("column '" + schema.column(column).name() + "': value out of range: " + v);
        }
        return (int) v;
    }

    @Override
    public void visitFloat(int column, float v) {
        writers[column].write(v, 0, definition[column]);
        raw += 4;
    }

    @Override
    public void visitDouble(int column, double v) {
        writers[column].write(v, 0, definition[column]);
        raw += 8;
    }

    @Override
    public void visitBytes(int column, byte[] bytes, int offset, int length) {
        if (kinds[column] == ColumnType.Kind.DECIMAL) {
            writers[column].write(Binary.fromConstantByteArray(fixed16(column, bytes, offset, length)), 0, definition[column]);
            raw += ParquetSchemas.DECIMAL_FIXED_BYTES;
        } else {
            writers[column].write(Binary.fromConstantByteArray(bytes, offset, length), 0, definition[column]);
            raw += length + 4;
        }
    }

    /** A minimal big-endian two's complement value sign-extended to Parquet's 16 bytes. */
    private byte[] fixed16(int column, byte[] bytes, int offset, int length) {
        int width = ParquetSchemas.DECIMAL_FIXED_BYTES;
        byte fill = (byte) (bytes[offset] < 0 ? 0xFF : 0);
        int skip = 0;
        while (length - skip > width && bytes[offset + skip] == fill) {
            skip++;
        }
        if (length - skip > width) {
            throw new IllegalArgumentException("column '" + schema.column(column).name() + "': value out of range: "
                    + new java.math.BigInteger(bytes, offset, length));
        }
        byte[] fixed = new byte[width];
        int pad = width - (length - skip);
        java.util.Arrays.fill(fixed, 0, pad, fill);
        System.arraycopy(bytes, offset + skip, fixed, pad, length - skip);
        return fixed;
    }
}
