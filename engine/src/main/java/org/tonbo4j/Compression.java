package org.tonbo4j;

/** Compression of Parquet pages in SST files. All codecs are pure Java. */
public enum Compression {
    UNCOMPRESSED, SNAPPY, GZIP, LZ4_RAW, ZSTD
}
