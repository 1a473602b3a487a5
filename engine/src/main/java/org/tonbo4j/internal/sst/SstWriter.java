package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.column.values.bloomfilter.BloomFilterWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * Writes one SST: a Parquet file holding the user columns plus the system columns
 * {@code _tonbo_seq} and {@code _tonbo_tombstone}, rows sorted by key ascending then sequence
 * descending. Not thread-safe. See docs/format/sst.md.
 *
 * <p>Values go straight into Parquet's column writers, column by column, one record per entry.
 * A row group is closed once its raw (uncompressed) value bytes pass
 * {@link SstWriterOptions#rowGroupBytes()}, but never between two versions of one key, so all
 * versions of a key share a row group. Each row group's smallest and largest encoded key go to
 * the footer. After any exception from {@link #add} or {@link #finish} the writer refuses more
 * work and the caller must {@link #abort()}.
 */
public final class SstWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SstWriter.class);

    private enum State { OPEN, FAILED, FINISHED, ABORTED }

    private final Storage storage;
    private final String fileName;
    private final Schema schema;
    private final SstWriterOptions options;
    private final MessageType parquetSchema;
    private final ColumnDescriptor[] descriptors;
    private final ValueCodec[] codecs;
    private final boolean[] isKey;
    private final int columns;
    /** Writes entries whose row is still encoded; made on the first one. */
    private EncodedRowWriter encodedRows;
    private final StorageOutputFile out;
    private final BytesInputCompressor compressor;
    private ParquetFileWriter fileWriter;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter[] writers;
    private long rowGroupRows;
    private long rowGroupRawBytes;
    private byte[] rowGroupMinKey;
    /** Distinct keys of the current row group (rows minus older versions). */
    private long rowGroupKeys;
    /** {@link DenseKeys#integerKeyWidth} of the schema. */
    private final int integerKeyWidth;
    private final List<byte[]> rowGroupMinKeys = new ArrayList<>();
    private final List<byte[]> rowGroupMaxKeys = new ArrayList<>();
    /** Per row group, the checksums of its key bloom filters in key order (null: none written). */
    private final List<String[]> rowGroupBloomCrcs = new ArrayList<>();
    /** The current row group's, filled when its filters are written (also by a flush that an abort causes). */
    private String[] bloomCrcs;

    private long rows;
    private byte[] minKey;
    private byte[] lastKey;
    private long lastSeq;
    private long minSeq = Long.MAX_VALUE;
    private long maxSeq = Long.MIN_VALUE;
    private State state = State.OPEN;
    private Map<String, String> footerOverrides = Map.of();

    public SstWriter(Storage storage, String fileName, Schema schema, SstWriterOptions options) throws IOException {
        this.storage = storage;
        this.fileName = fileName;
        this.schema = schema;
        this.options = options;
        this.parquetSchema = ParquetSchemas.messageType(schema);
        this.descriptors = parquetSchema.getColumns().toArray(new ColumnDescriptor[0]);
        this.columns = schema.columnCount();
        this.codecs = new ValueCodec[columns];
        this.isKey = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            codecs[i] = ValueCodec.of(schema.column(i).type());
            isKey[i] = schema.isKeyColumn(i);
        }
        this.bloomCrcs = new String[schema.keyColumnCount()];
        this.integerKeyWidth = DenseKeys.integerKeyWidth(schema);
        this.compressor = PureJavaCodecs.INSTANCE.getCompressor(PureJavaCodecs.codecName(options.compression()),
                options.compressionLevel());
        WritableFile file = storage.create(fileName);
        this.out = new StorageOutputFile(file, fileName);
        try {
            ParquetProperties props = properties(options.expectedRows());
            fileWriter = new ParquetFileWriter(out, parquetSchema, ParquetFileWriter.Mode.CREATE,
                    options.rowGroupBytes(), 0, null, props);
            fileWriter.start();
            startRowGroup(props);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    static final int DICTIONARY_PAGE_BYTES = 64 << 10;
    /**
     * At most this many rows per data page, whatever its bytes: a point lookup decodes the rows of
     * one page per column up to its row, so narrow columns (flags, sequence numbers, small
     * integers), whose pages would otherwise hold 20,000 rows, must not cost more than wide ones.
     */
    static final int PAGE_ROW_LIMIT = 1024;

    private ParquetProperties properties(long bloomRows) {
        ParquetProperties.Builder b = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withValuesWriterFactory(new SstEncodings())
                .withPageSize(options.pageBytes())
                .withPageRowCountLimit(PAGE_ROW_LIMIT)
                .withDictionaryEncoding(true)
                // A column whose dictionary outgrows 64 KiB falls back to plain early: building a
                // 1 MiB dictionary only to abandon it made writing 3x slower on high-cardinality data.
                .withDictionaryPageSize(DICTIONARY_PAGE_BYTES)
                .withPageWriteChecksumEnabled(true)
                .withStatisticsEnabled(true)
                .withAllocator(new HeapByteBufferAllocator());
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            int c = schema.keyIndex(i);
            String path = schema.column(c).name();
            // Keys are (nearly) unique: a dictionary would only be built to be abandoned.
            b.withDictionaryEncoding(path, false);
            if (codecs[c].hasBloomHash()) {
                b.withBloomFilterEnabled(path, true)
                        .withBloomFilterNDV(path, Math.max(1, bloomRows))
                        .withBloomFilterFPP(path, options.bloomFalsePositiveRate())
                        .withMaxBloomFilterBytes(bloomBytes(Math.max(1, bloomRows), options.bloomFalsePositiveRate()));
            }
        }
        b.withDictionaryEncoding(ParquetSchemas.SEQ, false);
        return b.build();
    }

    /**
     * The bloom filter's size: Parquet's filters are a power of two in bytes and it rounds the
     * optimal size up, which nearly doubled files of small rows (a 500,000-key filter at 1% is
     * 0.6 MB optimal, 1 MB rounded). The nearest power of two instead keeps the effective
     * false-positive rate within about 0.3x..3x of the option while the filter is at most 1.41x
     * the optimal size.
     */
    static int bloomBytes(long ndv, double fpp) {
        long optimal = Math.max(32, BlockSplitBloomFilter.optimalNumOfBits(ndv, fpp) / 8);
        long down = Long.highestOneBit(optimal);
        long bytes = optimal < down * 1.4142 ? down : down << 1;
        return (int) Math.min(bytes, BlockSplitBloomFilter.UPPER_BOUND_BYTES);
    }

    private void startRowGroup(ParquetProperties props) {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(d -> ChunkCompressor.forColumn(d, compressor))
                .withSchema(parquetSchema)
                .withAllocator(props.getAllocator())
                .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
                .build();
        columnStore = props.newColumnWriteStore(parquetSchema, pageStore, this::bloomFilterWriter);
        writers = new ColumnWriter[descriptors.length];
        for (int i = 0; i < descriptors.length; i++) {
            writers[i] = columnStore.getColumnWriter(descriptors[i]);
        }
        rowGroupRows = 0;
        rowGroupRawBytes = 0;
        rowGroupMinKey = null;
        rowGroupKeys = 0;
    }

    /**
     * Where a column's bloom filter goes when its row group ends: into the file, unless the row
     * group's keys are dense integers ({@link DenseKeys}), whose filter could never rule a key out.
     */
    private BloomFilterWriter bloomFilterWriter(ColumnDescriptor path) {
        BloomFilterWriter inner = pageStore.getBloomFilterWriter(path);
        int keyPosition = keyPosition(path);
        return filter -> {
            if (rowGroupMinKey == null || !DenseKeys.dense(integerKeyWidth, rowGroupMinKey, lastKey, rowGroupKeys)) {
                inner.writeBloomFilter(filter);
                if (keyPosition >= 0) {
                    bloomCrcs[keyPosition] = BloomChecksums.of(filter);
                }
            }
        };
    }

    /** The position in the key of the column at {@code path}, or -1 if it is not a key column. */
    private int keyPosition(ColumnDescriptor path) {
        for (int k = 0; k < schema.keyColumnCount(); k++) {
            if (descriptors[schema.keyIndex(k)].equals(path)) {
                return k;
            }
        }
        return -1;
    }

    /** Appends a row version; keys ascending, equal keys by sequence descending (else IllegalStateException). */
    public void add(Entry e) throws IOException {
        add(e, e.seq);
    }

    /** As {@link #add(Entry)}, the version written with sequence number {@code seq} instead of the entry's. */
    public void add(Entry e, long seq) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("SST writer for " + fileName + " is " + state.name().toLowerCase());
        }
        if (e.values == null ? e.encoded == null || e.tombstone : e.values.length != columns) {
            throw new IllegalArgumentException(e.values == null ? "entry has neither values nor an encoded put"
                    : "entry has " + e.values.length + " values, schema has " + columns);
        }
        int order = lastKey == null ? 1 : KeyCodec.compare(e.key, lastKey);
        if (order < 0 || (order == 0 && seq >= lastSeq)) {
            throw new IllegalStateException("entries out of order in " + fileName + ": seq " + seq
                    + (order < 0 ? " has a smaller key than" : " does not descend after") + " seq " + lastSeq);
        }
        state = State.FAILED;
        if (order != 0 && rowGroupRows > 0 && rowGroupRawBytes >= options.rowGroupBytes()) {
            endRowGroup();
            startRowGroup(properties(rowsPerRowGroupGuess()));
        }
        writeRow(e, seq);
        columnStore.endRecord();
        state = State.OPEN;
        if (order != 0) {
            rowGroupKeys++;
        }

        if (rowGroupMinKey == null) {
            rowGroupMinKey = e.key;
        }
        if (minKey == null) {
            minKey = e.key;
        }
        lastKey = e.key;
        lastSeq = seq;
        minSeq = Math.min(minSeq, seq);
        maxSeq = Math.max(maxSeq, seq);
        rows++;
        rowGroupRows++;
    }

    private void writeRow(Entry e, long seq) {
        long raw = 9;
        if (e.values == null) {
            if (encodedRows == null) {
                encodedRows = new EncodedRowWriter(schema);
            }
            raw += encodedRows.write(e, writers);
        } else {
            raw += writeValues(e);
        }
        writers[columns].write(seq, 0, 0);
        writers[columns + 1].write(e.tombstone, 0, 0);
        rowGroupRawBytes += raw;
    }

    private long writeValues(Entry e) {
        long raw = 0;
        for (int c = 0; c < columns; c++) {
            Object v = e.values[c];
            ColumnWriter w = writers[c];
            if (isKey[c]) {
                if (v == null) {
                    throw new IllegalArgumentException("key column '" + schema.column(c).name() + "' is null");
                }
                raw += write(c, w, v, 0);
            } else if (v == null || e.tombstone) {
                w.writeNull(0, 0);
            } else {
                raw += write(c, w, v, 1);
            }
        }
        return raw;
    }

    private int write(int c, ColumnWriter w, Object v, int def) {
        try {
            return codecs[c].write(w, v, def);
        } catch (ClassCastException ex) {
            throw new IllegalArgumentException("column '" + schema.column(c).name() + "' is " + schema.column(c).type()
                    + " and wants " + schema.column(c).type().javaClass().getSimpleName() + ", got "
                    + v.getClass().getSimpleName() + " (" + v + ")");
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException("column '" + schema.column(c).name() + "': value out of range: " + v);
        }
    }

    /** Rows per row group so far, to size the next row group's bloom filters. */
    private long rowsPerRowGroupGuess() {
        long perGroup = rowGroupRows;
        long remaining = options.expectedRows() - rows;
        return Math.max(1, Math.min(perGroup + perGroup / 4, remaining > 0 ? remaining : options.expectedRows()));
    }

    private void endRowGroup() throws IOException {
        fileWriter.startBlock(rowGroupRows);
        columnStore.flush(); // writes the bloom filters: bloomFilterWriter fills bloomCrcs
        rowGroupBloomCrcs.add(bloomCrcs);
        bloomCrcs = new String[schema.keyColumnCount()];
        pageStore.flushToFileWriter(fileWriter);
        fileWriter.endBlock();
        closeStores();
        rowGroupMinKeys.add(rowGroupMinKey);
        rowGroupMaxKeys.add(lastKey);
    }

    private void closeStores() {
        try {
            if (columnStore != null) {
                columnStore.close();
            }
            if (pageStore != null) {
                pageStore.close();
            }
        } finally {
            columnStore = null;
            pageStore = null;
        }
    }

    /** For tests: footer entries that replace or add to the standard ones (e.g. a future format version). */
    void overrideFooter(Map<String, String> entries) {
        footerOverrides = Map.copyOf(entries);
    }

    /** Rows added so far. */
    public long rowCount() {
        return rows;
    }

    /** Approximate size the file would have if finished now (for rolling output files). */
    public long estimatedBytes() {
        long buffered = columnStore == null ? 0 : columnStore.getBufferedSize();
        return out.position() + buffered;
    }

    /** Writes the footer, syncs and closes the file; returns what the manifest records. */
    public SstMeta finish() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("SST writer for " + fileName + " is " + state.name().toLowerCase());
        }
        if (rows == 0) {
            throw new IllegalStateException("an SST needs at least one row: " + fileName);
        }
        state = State.FAILED;
        endRowGroup();
        SstMeta meta = new SstMeta(0, rows, minKey, lastKey, minSeq, maxSeq);
        Map<String, String> kv = new HashMap<>(SstFooter.build(SchemaCodec.toText(schema), meta, rowGroupMinKeys,
                rowGroupMaxKeys, rowGroupBloomCrcs));
        kv.putAll(footerOverrides);
        fileWriter.end(kv);
        if (!out.finished()) {
            throw new IOException("Parquet writer did not close " + fileName);
        }
        compressor.release();
        state = State.FINISHED;
        return new SstMeta(out.position(), rows, minKey, lastKey, minSeq, maxSeq);
    }

    /** Abandons the file: closes and deletes it. Safe to call after a failure; idempotent. */
    public void abort() {
        if (state == State.FINISHED || state == State.ABORTED) {
            return;
        }
        state = State.ABORTED;
        if (fileWriter != null) {
            fileWriter.abort();
        }
        try {
            closeStores();
        } catch (RuntimeException e) {
            LOG.debug("closing column stores of aborted {}", fileName, e);
        }
        out.abandon();
        compressor.release();
        try {
            storage.delete(fileName);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete aborted SST {}: {}", fileName, e.toString());
        }
    }

    /** Same as {@link #abort()} unless {@link #finish()} succeeded. */
    @Override
    public void close() {
        abort();
    }
}
