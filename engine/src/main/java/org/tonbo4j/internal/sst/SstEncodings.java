package org.tonbo4j.internal.sst;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Chooses each column's value encoding, by its physical type only in an SST: 32- and 64-bit integer columns (keys, the
 * sequence column, integer, date, timestamp and small decimal columns) use DELTA_BINARY_PACKED
 * where they are not dictionary-encoded, including after a dictionary falls back (key columns
 * never use a dictionary); every other column keeps Parquet's version-1 choices (PLAIN,
 * PLAIN_DICTIONARY, RLE levels). Pages stay version-1 data pages. Sequence numbers, dense keys
 * and clustered integers shrink to a few bits per value; random ones to their bit width instead
 * of 8 bytes before the codec. Delta-packed keys once made one page span a whole row group (their
 * pages never reached the byte limit), so a point read through the page index decoded far more;
 * pages now end at {@link SstWriter#PAGE_ROW_LIMIT} rows whatever their bytes, which keeps key
 * pages as small in rows as any other. Every Parquet reader decodes these encodings
 * (docs/format/sst.md, "Encodings").
 *
 * <p>A fresh instance per writer properties; not thread-safe during {@link #initialize}, then
 * stateless.
 */
final class SstEncodings implements ValuesWriterFactory {
    private final DefaultV1ValuesWriterFactory v1 = new DefaultV1ValuesWriterFactory();
    private final DefaultV2ValuesWriterFactory v2 = new DefaultV2ValuesWriterFactory();


    @Override
    public void initialize(ParquetProperties properties) {
        v1.initialize(properties);
        v2.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
        PrimitiveTypeName t = descriptor.getPrimitiveType().getPrimitiveTypeName();
        boolean integer = t == PrimitiveTypeName.INT32 || t == PrimitiveTypeName.INT64;
        return integer ? v2.newValuesWriter(descriptor) : v1.newValuesWriter(descriptor);
    }
}
