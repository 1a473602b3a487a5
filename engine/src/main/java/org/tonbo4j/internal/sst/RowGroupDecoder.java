package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.tonbo4j.ColumnType;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * Decodes columns of one row group with Parquet's primitive column readers, reading from
 * storage only the column chunks asked for. Stateless after construction and thread-safe; each
 * call uses its own {@link ParquetFileReader}.
 */
final class RowGroupDecoder {
    private final String fileName;
    private final Schema schema;
    private final MessageType fileSchema;
    private final ColumnDescriptor[] descriptors;
    private final ValueCodec[] codecs;
    private final KeyCodec keyCodec;
    private final String createdBy;

    RowGroupDecoder(String fileName, Schema schema, MessageType fileSchema, String createdBy) {
        this.fileName = fileName;
        this.schema = schema;
        this.fileSchema = fileSchema;
        this.descriptors = fileSchema.getColumns().toArray(new ColumnDescriptor[0]);
        this.codecs = new ValueCodec[schema.columnCount()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = ValueCodec.of(schema.column(i).type());
        }
        this.keyCodec = new KeyCodec(schema);
        this.createdBy = createdBy;
    }

    ValueCodec codec(int column) {
        return codecs[column];
    }

    /** What one decode produced: the key block (if asked) and value columns by schema index. */
    static final class Decoded {
        KeyBlock keys;
        final Object[][] columns;
        final long[] columnBytes;

        Decoded(int columnCount) {
            columns = new Object[columnCount][];
            columnBytes = new long[columnCount];
        }
    }

    /**
     * Reads and decodes row group {@code rg}: the key block if {@code withKeys}, and the user
     * columns listed in {@code valueColumns} (which must not be key columns).
     */
    Decoded decode(ParquetFileReader reader, int rg, long offset, boolean withKeys, int[] valueColumns)
            throws IOException {
        reader.setRequestedSchema(requested(withKeys, valueColumns));
        return decodePages(reader.readRowGroup(rg), rg, offset, withKeys, valueColumns);
    }

    /** The columns that {@link #decode} with these arguments reads. */
    List<ColumnDescriptor> requested(boolean withKeys, int[] valueColumns) {
        List<ColumnDescriptor> requested = new ArrayList<>();
        if (withKeys) {
            for (int i = 0; i < schema.keyColumnCount(); i++) {
                requested.add(descriptors[schema.keyIndex(i)]);
            }
            requested.add(descriptors[ParquetSchemas.seqIndex(schema)]);
            requested.add(descriptors[ParquetSchemas.tombstoneIndex(schema)]);
        }
        for (int c : valueColumns) {
            requested.add(descriptors[c]);
        }
        return requested;
    }

    /**
     * Decodes pages already read (all of a row group, or the rows of a filtered read; the rows
     * stay in file order either way). Closes {@code pages}.
     */
    Decoded decodePages(PageReadStore pages, int rg, long offset, boolean withKeys, int[] valueColumns) {
        try {
            if (pages == null) {
                throw new CorruptionException(fileName, offset, "row group " + rg + " is missing");
            }
            long rowCount = pages.getRowCount();
            if (rowCount <= 0 || rowCount > Integer.MAX_VALUE - 8) {
                throw new CorruptionException(fileName, offset, "row group " + rg + " has " + rowCount + " rows");
            }
            int rows = (int) rowCount;
            PrimitiveConverter[] converters = new PrimitiveConverter[descriptors.length];
            for (int c : valueColumns) {
                converters[c] = codecs[c].newConverter();
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Converters(converters), fileSchema, createdBy);
            Decoded d = new Decoded(schema.columnCount());
            if (withKeys) {
                d.keys = decodeKeys(store, rows, rg, offset);
            }
            for (int c : valueColumns) {
                Object[] values = new Object[rows];
                ValueCodec codec = codecs[c];
                ColumnReader r = store.getColumnReader(descriptors[c]);
                codec.readColumn(r, values, rows, descriptors[c].getMaxDefinitionLevel(), converters[c]);
                long bytes = 16L + 4L * rows;
                for (Object v : values) {
                    bytes += codec.heapBytes(v);
                }
                d.columns[c] = values;
                d.columnBytes[c] = bytes;
            }
            return d;
        } finally {
            if (pages instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) pages).close();
                } catch (Exception ignored) {
                    // Heap buffers only: releasing cannot fail in a way that matters.
                }
            }
        }
    }

    private KeyBlock decodeKeys(ColumnReadStoreImpl store, int rows, int rg, long offset) {
        int keyCount = schema.keyColumnCount();
        Object[][] keyColumns = new Object[keyCount][];
        long keyValueBytes = 0;
        for (int i = 0; i < keyCount; i++) {
            int c = schema.keyIndex(i);
            keyColumns[i] = new Object[rows];
            codecs[c].readColumn(store.getColumnReader(descriptors[c]), keyColumns[i], rows, 0);
            for (Object v : keyColumns[i]) {
                if (v == null) {
                    throw new CorruptionException(fileName, offset, "null key in row group " + rg);
                }
                keyValueBytes += codecs[c].heapBytes(v);
            }
        }
        long[] seqs = new long[rows];
        ColumnReader seqReader = store.getColumnReader(descriptors[ParquetSchemas.seqIndex(schema)]);
        for (int i = 0; i < rows; i++) {
            seqs[i] = seqReader.getLong();
            seqReader.consume();
        }
        boolean[] tombstones = new boolean[rows];
        ColumnReader tombReader = store.getColumnReader(descriptors[ParquetSchemas.tombstoneIndex(schema)]);
        for (int i = 0; i < rows; i++) {
            tombstones[i] = tombReader.getBoolean();
            tombReader.consume();
        }
        byte[][] keys = new byte[rows][];
        Object[] row = new Object[schema.columnCount()];
        ColumnType.Kind single = keyCount == 1 ? schema.column(schema.keyIndex(0)).type().kind() : null;
        for (int r = 0; r < rows; r++) {
            if (single == ColumnType.Kind.INT64) {
                keys[r] = int64Key((Long) keyColumns[0][r]);
            } else if (single == ColumnType.Kind.INT32) {
                keys[r] = int32Key((Integer) keyColumns[0][r]);
            } else {
                for (int i = 0; i < keyCount; i++) {
                    row[schema.keyIndex(i)] = keyColumns[i][r];
                }
                keys[r] = keyCodec.encodeRow(row);
            }
            if (r > 0) {
                int order = KeyCodec.compare(keys[r - 1], keys[r]);
                if (order > 0 || (order == 0 && seqs[r - 1] <= seqs[r])) {
                    throw new CorruptionException(fileName, offset, "rows out of order at row " + r + " of row group " + rg);
                }
            }
        }
        return new KeyBlock(keys, seqs, tombstones, keyColumns, keyValueBytes);
    }

    /** {@link KeyCodec}'s encoding of a one-column INT64 key, without its general machinery. */
    static byte[] int64Key(long v) {
        long x = v ^ Long.MIN_VALUE;
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) x;
            x >>>= 8;
        }
        return b;
    }

    /** {@link KeyCodec}'s encoding of a one-column INT32 key. */
    static byte[] int32Key(int v) {
        int x = v ^ Integer.MIN_VALUE;
        return new byte[] {(byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x};
    }

    /**
     * Converters of one decode, by column: a codec's own where it has one (for dictionary pages),
     * else one that is never called (values are read with the primitive getters).
     */
    private static final class Converters extends GroupConverter {
        private static final PrimitiveConverter UNUSED = new PrimitiveConverter() {
        };
        private final PrimitiveConverter[] converters;

        Converters(PrimitiveConverter[] converters) {
            this.converters = converters;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            PrimitiveConverter c = converters[fieldIndex];
            return c == null ? UNUSED : c;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
