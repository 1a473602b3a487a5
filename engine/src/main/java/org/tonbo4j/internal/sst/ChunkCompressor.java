package org.tonbo4j.internal.sst;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The compressor of one column chunk of fixed-width values: it compresses the chunk's first page with the table's
 * codec and keeps the codec only if that page shrinks by at least {@link #MIN_GAIN}; otherwise
 * the whole chunk is stored uncompressed (Parquet records the codec per column chunk, and asks
 * for its name only when the chunk is written out). Columns that their encoding already packs
 * tightly — random integers in delta or dictionary codes — grow under zstd by its frame overhead,
 * and reading them uncompressed is faster too. One per column chunk; not thread-safe.
 */
final class ChunkCompressor implements BytesInputCompressor {
    /** The least relative saving on the first page that keeps the codec. */
    static final double MIN_GAIN = 0.03;

    private final BytesInputCompressor codec;
    /** Null until the first page decided; then whether pages are compressed. */
    private Boolean compress;

    ChunkCompressor(BytesInputCompressor codec) {
        this.codec = codec;
    }

    /**
     * The compressor for a column chunk: this adaptive one for fixed-width values, the codec itself
     * for strings and binaries (their dictionary page, written last, compresses well even when the
     * first page of dictionary codes does not) and when the codec is no compression.
     */
    static BytesInputCompressor forColumn(ColumnDescriptor column, BytesInputCompressor codec) {
        PrimitiveType.PrimitiveTypeName t = column.getPrimitiveType().getPrimitiveTypeName();
        if (codec.getCodecName() == CompressionCodecName.UNCOMPRESSED || t == PrimitiveType.PrimitiveTypeName.BINARY
                || t == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            return codec;
        }
        return new ChunkCompressor(codec);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        if (compress == null) {
            BytesInput raw = BytesInput.copy(bytes);
            BytesInput packed = codec.compress(raw);
            compress = packed.size() <= raw.size() * (1 - MIN_GAIN);
            return compress ? packed : raw;
        }
        return compress ? codec.compress(bytes) : bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
        return Boolean.FALSE.equals(compress) ? CompressionCodecName.UNCOMPRESSED : codec.getCodecName();
    }

    @Override
    public void release() {
        // the shared codec is released by its SstWriter
    }
}
