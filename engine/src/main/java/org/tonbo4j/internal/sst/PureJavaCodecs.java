package org.tonbo4j.internal.sst;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.tonbo4j.Compression;

/**
 * Parquet page codecs in pure Java, replacing parquet-hadoop's Hadoop-based {@code CodecFactory}:
 * SNAPPY, LZ4_RAW and ZSTD on aircompressor, GZIP on {@link java.util.zip}. Stateless and
 * thread-safe ({@link #INSTANCE}); decompressors keep per-thread working state; each compressor
 * belongs to one writer.
 *
 * <p>Levels: GZIP honours the level (clamped to 1..9). aircompressor's pure-Java Zstandard
 * encoder implements a single strategy, equivalent to zstd level 3, so ZSTD ignores the level
 * (levels 1 and 2 use a strategy it does not have; a native codec is out of bounds for the
 * engine). Any zstd reader decodes the output.
 */
final class PureJavaCodecs implements CompressionCodecFactory {
    static final PureJavaCodecs INSTANCE = new PureJavaCodecs();

    private static final ThreadLocal<Decompressor> ZSTD = ThreadLocal.withInitial(ZstdDecompressor::new);
    private static final ThreadLocal<Decompressor> SNAPPY = ThreadLocal.withInitial(SnappyDecompressor::new);
    private static final ThreadLocal<Decompressor> LZ4 = ThreadLocal.withInitial(Lz4Decompressor::new);

    private PureJavaCodecs() {
    }

    /** The Parquet codec name of a {@link Compression}. */
    static CompressionCodecName codecName(Compression c) {
        switch (c) {
            case UNCOMPRESSED: return CompressionCodecName.UNCOMPRESSED;
            case SNAPPY: return CompressionCodecName.SNAPPY;
            case GZIP: return CompressionCodecName.GZIP;
            case LZ4_RAW: return CompressionCodecName.LZ4_RAW;
            case ZSTD: return CompressionCodecName.ZSTD;
            default: throw new AssertionError(c);
        }
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return getCompressor(codec, 1);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec, int level) {
        switch (codec) {
            case UNCOMPRESSED: return new Uncompressed();
            case SNAPPY: return new BlockCompressor(codec, new SnappyCompressor());
            case LZ4_RAW: return new BlockCompressor(codec, new Lz4Compressor());
            case ZSTD: return new BlockCompressor(codec, new ZstdCompressor()); // one level: see class comment
            case GZIP: return new GzipCompressor(level);
            default: throw new UnsupportedOperationException("compression codec " + codec + " is not supported");
        }
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED: return new BlockDecompressor(null);
            case SNAPPY: return new BlockDecompressor(SNAPPY::get);
            case LZ4_RAW: return new BlockDecompressor(LZ4::get);
            case ZSTD: return new BlockDecompressor(ZSTD::get);
            case GZIP: return new GzipDecompressor();
            default: throw new UnsupportedOperationException("compression codec " + codec + " is not supported");
        }
    }

    @Override
    public void release() {
    }

    private static byte[] bytes(BytesInput in) throws IOException {
        return in.toByteArray();
    }

    private static final class Uncompressed implements BytesInputCompressor {
        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public void release() {
        }
    }

    /** A block codec; the output buffer is reused (Parquet copies compressed pages at once). */
    private static final class BlockCompressor implements BytesInputCompressor {
        private final CompressionCodecName name;
        private final Compressor compressor;
        private byte[] out = new byte[0];

        BlockCompressor(CompressionCodecName name, Compressor compressor) {
            this.name = name;
            this.compressor = compressor;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes(bytes);
            int max = compressor.maxCompressedLength(in.length);
            if (out.length < max) {
                out = new byte[Math.max(max, out.length * 2)];
            }
            int n = compressor.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return name;
        }

        @Override
        public void release() {
            out = new byte[0];
        }
    }

    private static final class GzipCompressor implements BytesInputCompressor {
        private final int level;
        private final ReusableByteArrayOutputStream out = new ReusableByteArrayOutputStream();

        GzipCompressor(int level) {
            this.level = Math.max(1, Math.min(9, level));
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            out.reset();
            try (LeveledGzipOutputStream gz = new LeveledGzipOutputStream(out, level)) {
                bytes.writeAllTo(gz);
            }
            return BytesInput.from(out.array(), 0, out.size());
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {
        }
    }

    private static final class BlockDecompressor implements BytesInputDecompressor {
        /** Null for uncompressed pages. */
        private final Supplier<Decompressor> decompressor;

        BlockDecompressor(Supplier<Decompressor> decompressor) {
            this.decompressor = decompressor;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            if (decompressor == null) {
                return bytes;
            }
            byte[] in = bytes(bytes);
            byte[] out = new byte[decompressedSize];
            int n = decompressor.get().decompress(in, 0, in.length, out, 0, out.length);
            if (n != decompressedSize) {
                throw new IOException("page decompressed to " + n + " bytes, expected " + decompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.duplicate().get(in);
            BytesInput result = decompress(BytesInput.from(in), decompressedSize);
            output.put(result.toByteArray());
        }

        @Override
        public void release() {
        }
    }

    private static final class GzipDecompressor implements BytesInputDecompressor {
        @Override
        public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
            byte[] out = new byte[decompressedSize];
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes(bytes)))) {
                int off = 0;
                while (off < out.length) {
                    int n = in.read(out, off, out.length - off);
                    if (n < 0) {
                        throw new IOException("gzip page ended after " + off + " of " + decompressedSize + " bytes");
                    }
                    off += n;
                }
            }
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
        }
    }

    /** A GZIP stream whose deflater uses the given level. */
    private static final class LeveledGzipOutputStream extends java.util.zip.GZIPOutputStream {
        LeveledGzipOutputStream(java.io.OutputStream out, int level) throws IOException {
            super(out, 64 << 10);
            def.setLevel(level);
        }
    }

    private static final class ReusableByteArrayOutputStream extends java.io.ByteArrayOutputStream {
        byte[] array() {
            return buf;
        }
    }
}
