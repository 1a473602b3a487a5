package org.tonbo4j.internal.sst;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Chooses each column's value encoding in an SST: 32- and 64-bit integer columns that are not
 * key columns (the sequence column, integer, date, timestamp and small decimal columns) use
 * DELTA_BINARY_PACKED where they are not dictionary-encoded, including after a dictionary falls
 * back; key columns and every other column keep Parquet's version-1 choices (PLAIN,
 * PLAIN_DICTIONARY, RLE levels). Pages stay version-1 data pages. Sequence numbers and clustered
 * integers shrink to a few bits per value; random ones to their bit width instead of 8 bytes
 * before the codec. Keys stay PLAIN: a page of delta-packed keys would span a whole row group
 * and a point read through the page index would decode far more than one page of the other
 * columns. Every Parquet reader decodes these encodings (docs/format/sst.md, "Encodings").
 *
 * <p>A fresh instance per writer properties; not thread-safe during {@link #initialize}, then
 * stateless.
 */
final class SstEncodings implements ValuesWriterFactory {
    private final DefaultV1ValuesWriterFactory v1 = new DefaultV1ValuesWriterFactory();
    private final DefaultV2ValuesWriterFactory v2 = new DefaultV2ValuesWriterFactory();
    private final java.util.Set<String> keyColumns = new java.util.HashSet<>();

    SstEncodings(org.tonbo4j.Schema schema) {
        for (int k = 0; k < schema.keyColumnCount(); k++) {
            keyColumns.add(schema.column(schema.keyIndex(k)).name());
        }
    }

    @Override
    public void initialize(ParquetProperties properties) {
        v1.initialize(properties);
        v2.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
        PrimitiveTypeName t = descriptor.getPrimitiveType().getPrimitiveTypeName();
        boolean integer = t == PrimitiveTypeName.INT32 || t == PrimitiveTypeName.INT64;
        return integer && !keyColumns.contains(descriptor.getPath()[0]) ? v2.newValuesWriter(descriptor) : v1.newValuesWriter(descriptor);
    }
}
