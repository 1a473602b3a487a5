package org.tonbo4j.internal.sst;

import org.tonbo4j.Compression;
import org.tonbo4j.Options;

/**
 * Settings for writing one SST file, taken from the table's {@link Options}.
 *
 * @param rowGroupBytes approximate uncompressed bytes per Parquet row group
 * @param pageBytes approximate uncompressed bytes per data page
 * @param compression page codec
 * @param compressionLevel codec level where the codec has one
 * @param bloomFalsePositiveRate false-positive rate of the key bloom filter(s)
 * @param expectedRows rows expected in the file (sizes the bloom filter); a guess is fine
 */
public record SstWriterOptions(long rowGroupBytes, int pageBytes, Compression compression, int compressionLevel,
                               double bloomFalsePositiveRate, long expectedRows) {

    public static SstWriterOptions from(Options o, long expectedRows) {
        return new SstWriterOptions(o.rowGroupBytes(), o.pageBytes(), o.compression(), o.compressionLevel(),
                o.bloomFalsePositiveRate(), Math.max(1, expectedRows));
    }
}
