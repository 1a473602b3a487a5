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
    private final ColumnType[] types;
    private final KeyCodec keyCodec;
    private final String createdBy;

    RowGroupDecoder(String fileName, Schema schema, MessageType fileSchema, String createdBy) {
        this.fileName = fileName;
        this.schema = schema;
        this.fileSchema = fileSchema;
        this.descriptors = fileSchema.getColumns().toArray(new ColumnDescriptor[0]);
        this.codecs = new ValueCodec[schema.columnCount()];
        this.types = new ColumnType[schema.columnCount()];
        for (int i = 0; i < codecs.length; i++) {
            types[i] = schema.column(i).type();
            codecs[i] = ValueCodec.of(types[i]);
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
        /** Sequence numbers and tombstone flags when decoded without the key columns ({@link #decodeVersions}). */
        long[] seqs;
        boolean[] tombstones;
        final ColumnVector[] columns;

        Decoded(int columnCount) {
            columns = new ColumnVector[columnCount];
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
                converters[c] = VectorReader.newConverter(types[c]);
            }
            if (withKeys) {
                for (int i = 0; i < schema.keyColumnCount(); i++) {
                    converters[schema.keyIndex(i)] = VectorReader.newConverter(types[schema.keyIndex(i)]);
                }
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Converters(converters), fileSchema, createdBy);
            Decoded d = new Decoded(schema.columnCount());
            if (withKeys) {
                d.keys = decodeKeys(store, converters, rows, rg, offset);
            }
            readValues(store, rows, valueColumns, converters, d);
            return d;
        } finally {
            release(pages);
        }
    }

    /**
     * Decodes {@code valueColumns} of pages read with {@link #requestedValues} (rows whose
     * versions are known from a cached key block); {@code seqs} and {@code tombstones} stay null.
     * Closes {@code pages}.
     */
    Decoded decodeValues(PageReadStore pages, int rg, long offset, int[] valueColumns) {
        try {
            int rows = rowCount(pages, rg, offset);
            PrimitiveConverter[] converters = new PrimitiveConverter[descriptors.length];
            for (int c : valueColumns) {
                converters[c] = VectorReader.newConverter(types[c]);
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Converters(converters), fileSchema, createdBy);
            Decoded d = new Decoded(schema.columnCount());
            readValues(store, rows, valueColumns, converters, d);
            return d;
        } finally {
            release(pages);
        }
    }

    private void readValues(ColumnReadStoreImpl store, int rows, int[] valueColumns, PrimitiveConverter[] converters,
                            Decoded d) {
        for (int c : valueColumns) {
            ColumnReader r = store.getColumnReader(descriptors[c]);
            d.columns[c] = VectorReader.read(types[c], r, rows, descriptors[c].getMaxDefinitionLevel(), converters[c]);
        }
    }

    /** The key columns, for {@link #decodeKeyColumns}. */
    List<ColumnDescriptor> requestedKeyColumns() {
        List<ColumnDescriptor> requested = new ArrayList<>();
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            requested.add(descriptors[schema.keyIndex(i)]);
        }
        return requested;
    }

    /** The sequence, tombstone and value columns, for {@link #decodeVersions}. */
    List<ColumnDescriptor> requestedVersions(int[] valueColumns) {
        List<ColumnDescriptor> requested = new ArrayList<>();
        requested.add(descriptors[ParquetSchemas.seqIndex(schema)]);
        requested.add(descriptors[ParquetSchemas.tombstoneIndex(schema)]);
        for (int c : valueColumns) {
            requested.add(descriptors[c]);
        }
        return requested;
    }

    /** The value columns alone, for {@link #decodeValues}. */
    List<ColumnDescriptor> requestedValues(int[] valueColumns) {
        List<ColumnDescriptor> requested = new ArrayList<>();
        for (int c : valueColumns) {
            requested.add(descriptors[c]);
        }
        return requested;
    }

    /**
     * Decodes only the key columns of pages read with {@link #requestedKeyColumns} (a filtered
     * read: its rows in file order), by key position. Closes {@code pages}.
     */
    ColumnVector[] decodeKeyColumns(PageReadStore pages, int rg, long offset) {
        try {
            int rows = rowCount(pages, rg, offset);
            int keyCount = schema.keyColumnCount();
            PrimitiveConverter[] converters = new PrimitiveConverter[descriptors.length];
            for (int i = 0; i < keyCount; i++) {
                converters[schema.keyIndex(i)] = VectorReader.newConverter(types[schema.keyIndex(i)]);
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Converters(converters), fileSchema, createdBy);
            ColumnVector[] keyColumns = new ColumnVector[keyCount];
            for (int i = 0; i < keyCount; i++) {
                int c = schema.keyIndex(i);
                keyColumns[i] = VectorReader.read(types[c], store.getColumnReader(descriptors[c]), rows, 0, converters[c]);
            }
            return keyColumns;
        } finally {
            release(pages);
        }
    }

    /**
     * Decodes the sequence numbers, tombstone flags and {@code valueColumns} of pages read with
     * {@link #requestedVersions} (the few rows of one key). Closes {@code pages}.
     */
    Decoded decodeVersions(PageReadStore pages, int rg, long offset, int[] valueColumns) {
        try {
            int rows = rowCount(pages, rg, offset);
            PrimitiveConverter[] converters = new PrimitiveConverter[descriptors.length];
            for (int c : valueColumns) {
                converters[c] = VectorReader.newConverter(types[c]);
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Converters(converters), fileSchema, createdBy);
            Decoded d = new Decoded(schema.columnCount());
            d.seqs = new long[rows];
            d.tombstones = new boolean[rows];
            ColumnReader seqReader = store.getColumnReader(descriptors[ParquetSchemas.seqIndex(schema)]);
            ColumnReader tombReader = store.getColumnReader(descriptors[ParquetSchemas.tombstoneIndex(schema)]);
            for (int i = 0; i < rows; i++) {
                d.seqs[i] = seqReader.getLong();
                seqReader.consume();
                d.tombstones[i] = tombReader.getBoolean();
                tombReader.consume();
            }
            for (int c : valueColumns) {
                ColumnReader r = store.getColumnReader(descriptors[c]);
                d.columns[c] = VectorReader.read(types[c], r, rows, descriptors[c].getMaxDefinitionLevel(), converters[c]);
            }
            return d;
        } finally {
            release(pages);
        }
    }

    /** The encoded key of row {@code r} of key columns from {@link #decodeKeyColumns}. */
    byte[] encodeKey(ColumnVector[] keyColumns, int r) {
        if (keyColumns.length == 1) {
            ColumnType.Kind kind = types[schema.keyIndex(0)].kind();
            if (kind == ColumnType.Kind.INT64 && keyColumns[0] instanceof ColumnVectors.Longs) {
                return int64Key(((ColumnVectors.Longs) keyColumns[0]).longAt(r));
            }
            if (kind == ColumnType.Kind.INT32 && keyColumns[0] instanceof ColumnVectors.Ints) {
                return int32Key(((ColumnVectors.Ints) keyColumns[0]).intAt(r));
            }
        }
        Object[] row = new Object[schema.columnCount()];
        for (int i = 0; i < keyColumns.length; i++) {
            row[schema.keyIndex(i)] = keyColumns[i].get(r);
        }
        return keyCodec.encodeRow(row);
    }

    private int rowCount(PageReadStore pages, int rg, long offset) {
        if (pages == null) {
            throw new CorruptionException(fileName, offset, "row group " + rg + " is missing");
        }
        long rowCount = pages.getRowCount();
        if (rowCount < 0 || rowCount > Integer.MAX_VALUE - 8) {
            throw new CorruptionException(fileName, offset, "row group " + rg + " has " + rowCount + " rows");
        }
        return (int) rowCount;
    }

    private static void release(PageReadStore pages) {
        if (pages instanceof AutoCloseable) {
            try {
                ((AutoCloseable) pages).close();
            } catch (Exception ignored) {
                // Heap buffers only: releasing cannot fail in a way that matters.
            }
        }
    }

    private KeyBlock decodeKeys(ColumnReadStoreImpl store, PrimitiveConverter[] converters, int rows, int rg, long offset) {
        int keyCount = schema.keyColumnCount();
        ColumnVector[] keyColumns = new ColumnVector[keyCount];
        for (int i = 0; i < keyCount; i++) {
            int c = schema.keyIndex(i);
            if (descriptors[c].getMaxDefinitionLevel() != 0) { // the footer's schema check makes this unreachable
                throw new CorruptionException(fileName, offset, "nullable key column in row group " + rg);
            }
            keyColumns[i] = VectorReader.read(types[c], store.getColumnReader(descriptors[c]), rows, 0, converters[c]);
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
        KeyBlock kb = keyCount == 1 && keyColumns[0] instanceof ColumnVectors.Longs
                && types[schema.keyIndex(0)].kind() == ColumnType.Kind.INT64
                ? int64Keys((ColumnVectors.Longs) keyColumns[0], seqs, tombstones, keyColumns)
                : KeyBlock.of(encodeKeys(keyColumns, rows), seqs, tombstones, keyColumns);
        for (int r = 1; r < rows; r++) {
            int order = kb.compareRows(r - 1, r);
            if (order > 0 || (order == 0 && seqs[r - 1] <= seqs[r])) {
                throw new CorruptionException(fileName, offset, "rows out of order at row " + r + " of row group " + rg);
            }
        }
        return kb;
    }

    private byte[][] encodeKeys(ColumnVector[] keyColumns, int rows) {
        int keyCount = keyColumns.length;
        byte[][] keys = new byte[rows][];
        Object[] row = new Object[schema.columnCount()];
        ColumnType.Kind single = keyCount == 1 ? types[schema.keyIndex(0)].kind() : null;
        for (int r = 0; r < rows; r++) {
            if (single == ColumnType.Kind.INT32) {
                keys[r] = int32Key(((ColumnVectors.Ints) keyColumns[0]).intAt(r));
            } else {
                for (int i = 0; i < keyCount; i++) {
                    row[schema.keyIndex(i)] = keyColumns[i].get(r);
                }
                keys[r] = keyCodec.encodeRow(row);
            }
        }
        return keys;
    }

    /** A one-column INT64 key block, encoded straight into the fixed-stride blob. */
    private static KeyBlock int64Keys(ColumnVectors.Longs values, long[] seqs, boolean[] tombstones,
                                      ColumnVector[] keyColumns) {
        int rows = seqs.length;
        byte[] blob = new byte[Math.multiplyExact(rows, 8)];
        for (int r = 0; r < rows; r++) {
            putInt64Key(values.longAt(r), blob, r * 8);
        }
        return new KeyBlock(blob, null, 8, seqs, tombstones, keyColumns);
    }

    /** {@link KeyCodec}'s encoding of a one-column INT64 key, without its general machinery. */
    static byte[] int64Key(long v) {
        byte[] b = new byte[8];
        putInt64Key(v, b, 0);
        return b;
    }

    private static void putInt64Key(long v, byte[] dst, int offset) {
        long x = v ^ Long.MIN_VALUE;
        for (int i = offset + 7; i >= offset; i--) {
            dst[i] = (byte) x;
            x >>>= 8;
        }
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
