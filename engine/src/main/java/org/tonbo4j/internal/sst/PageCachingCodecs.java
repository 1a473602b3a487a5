package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The codecs of {@link PureJavaCodecs} with a cache of decompressed pages, for the reads of point
 * lookups in one file: a lookup that misses the cache of decoded row groups
 * decompresses one page per column, and decompression is most of its cost, so the pages that
 * lookups touch are kept in the table's {@link BlockCache} (counted against its budget, evicted
 * with everything else in least-recently-used order).
 *
 * <p>Parquet hands a decompressor only the page's compressed bytes, not its position in the
 * file, so entries are found by content: (file, CRC32C and length of the compressed bytes), and a hit is taken only when the stored compressed bytes are equal to the new ones, so a
 * checksum collision costs one decompression, never a wrong page. Decompressed pages handed out
 * are shared and never written to (Parquet's page readers only read them).
 *
 * <p>One instance per SST file; thread-safe like the cache.
 */
final class PageCachingCodecs implements CompressionCodecFactory {
    private final BlockCache cache;
    private final String fileName;

    PageCachingCodecs(BlockCache cache, String fileName) {
        this.cache = cache;
        this.fileName = fileName;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return PureJavaCodecs.INSTANCE.getCompressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        BytesInputDecompressor inner = PureJavaCodecs.INSTANCE.getDecompressor(codec);
        return codec == CompressionCodecName.UNCOMPRESSED ? inner : new Caching(inner);
    }

    @Override
    public void release() {
    }

    /** The cache id of compressed page bytes: their CRC32C and length. */
    static long contentId(byte[] compressed) {
        CRC32C crc = new CRC32C();
        crc.update(compressed);
        return (crc.getValue() << 32) | (compressed.length & 0xFFFFFFFFL);
    }

    /** A decompressed page and the compressed bytes it came from (to rule out checksum collisions). */
    record Page(byte[] compressed, byte[] decompressed) {
        long heapBytes() {
            return compressed.length + decompressed.length + 64L;
        }
    }

    private final class Caching implements BytesInputDecompressor {
        private final BytesInputDecompressor inner;

        Caching(BytesInputDecompressor inner) {
            this.inner = inner;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            long id = contentId(in);
            Page cached = (Page) cache.getPage(fileName, id);
            if (cached != null && cached.decompressed.length == decompressedSize
                    && Arrays.equals(cached.compressed, in)) {
                return BytesInput.from(cached.decompressed);
            }
            byte[] out = inner.decompress(BytesInput.from(in), decompressedSize).toByteArray();
            Page page = new Page(in, out);
            cache.putPage(fileName, id, page, page.heapBytes());
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            output.put(decompress(BytesInput.from(in), decompressedSize).toByteArray());
        }

        @Override
        public void release() {
            inner.release();
        }
    }
}
