package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.storage.Storage;

/**
 * Writes rows to a plain Parquet file: the table's columns with the same Parquet types as its
 * SSTs, but no system columns and one row per key (the caller passes the live rows of a
 * snapshot), for engines that know nothing of tonbo. The footer carries the schema under
 * {@code tonbo.export.schema} for information only. Not thread-safe.
 */
public final class ParquetExporter implements AutoCloseable {
    private final Storage storage;
    private final String fileName;
    private final Schema schema;
    private final MessageType parquetSchema;
    private final ColumnDescriptor[] descriptors;
    private final ValueCodec[] codecs;
    private final BytesInputCompressor compressor;
    private final StorageOutputFile out;
    private final ParquetFileWriter fileWriter;
    private final ParquetProperties props;
    private final long rowGroupBytes;
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter[] writers;
    private long rowGroupRows;
    private long rowGroupRawBytes;
    private long rows;
    private boolean done;

    public ParquetExporter(Storage storage, String fileName, Schema schema, Compression compression, int level,
                           long rowGroupBytes) throws IOException {
        this.storage = storage;
        this.fileName = fileName;
        this.schema = schema;
        this.rowGroupBytes = rowGroupBytes;
        this.parquetSchema = ParquetSchemas.plainMessageType(schema);
        this.descriptors = parquetSchema.getColumns().toArray(new ColumnDescriptor[0]);
        this.codecs = new ValueCodec[schema.columnCount()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = ValueCodec.of(schema.column(i).type());
        }
        this.compressor = PureJavaCodecs.INSTANCE.getCompressor(PureJavaCodecs.codecName(compression), level);
        this.props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withDictionaryEncoding(true)
                .withDictionaryPageSize(SstWriter.DICTIONARY_PAGE_BYTES)
                .withPageWriteChecksumEnabled(true)
                .withStatisticsEnabled(true)
                .withAllocator(new HeapByteBufferAllocator())
                .build();
        this.out = new StorageOutputFile(storage.create(fileName), fileName);
        this.fileWriter = new ParquetFileWriter(out, parquetSchema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0, null, props);
        fileWriter.start();
        startRowGroup();
    }

    private void startRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(d -> compressor)
                .withSchema(parquetSchema)
                .withAllocator(props.getAllocator())
                .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(true)
                .build();
        columnStore = props.newColumnWriteStore(parquetSchema, pageStore, pageStore);
        writers = new ColumnWriter[descriptors.length];
        for (int i = 0; i < descriptors.length; i++) {
            writers[i] = columnStore.getColumnWriter(descriptors[i]);
        }
        rowGroupRows = 0;
        rowGroupRawBytes = 0;
    }

    private void endRowGroup() throws IOException {
        fileWriter.startBlock(rowGroupRows);
        columnStore.flush();
        pageStore.flushToFileWriter(fileWriter);
        fileWriter.endBlock();
        columnStore.close();
        pageStore.close();
    }

    /** Appends one row, values in schema order (key columns never null). */
    public void add(Object[] values) throws IOException {
        if (rowGroupRows > 0 && rowGroupRawBytes >= rowGroupBytes) {
            endRowGroup();
            startRowGroup();
        }
        for (int c = 0; c < codecs.length; c++) {
            Object v = values[c];
            if (schema.isKeyColumn(c)) {
                rowGroupRawBytes += codecs[c].write(writers[c], v, 0);
            } else if (v == null) {
                writers[c].writeNull(0, 0);
            } else {
                rowGroupRawBytes += codecs[c].write(writers[c], v, 1);
            }
        }
        columnStore.endRecord();
        rowGroupRows++;
        rows++;
    }

    /** Writes the footer and closes the file; returns the number of rows. */
    public long finish() throws IOException {
        if (rowGroupRows > 0 || rows == 0) {
            endRowGroup();
        }
        fileWriter.end(Map.of("tonbo.export.schema", SchemaCodec.toText(schema)));
        compressor.release();
        done = true;
        return rows;
    }

    /** Deletes the file unless {@link #finish()} succeeded. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            fileWriter.abort();
            out.abandon();
            compressor.release();
            try {
                storage.delete(fileName);
            } catch (IOException | RuntimeException ignored) {
                // The export failed already; that error is the one that matters.
            }
        }
    }
}
