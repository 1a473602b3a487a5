package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tonbo4j.Compression;

class PureJavaCodecsTest {

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTrip(Compression c) throws IOException {
        CompressionCodecName name = PureJavaCodecs.codecName(c);
        BytesInputCompressor comp = PureJavaCodecs.INSTANCE.getCompressor(name, 6);
        BytesInputDecompressor dec = PureJavaCodecs.INSTANCE.getDecompressor(name);
        assertEquals(name, comp.getCodecName());
        Random rnd = new Random(c.ordinal());
        for (int size : new int[] {0, 1, 100, 70_000, 300_000}) {
            byte[] in = new byte[size];
            for (int i = 0; i < size; i++) {
                in[i] = (byte) ('a' + rnd.nextInt(rnd.nextBoolean() ? 3 : 26));
            }
            byte[] packed = comp.compress(BytesInput.from(in)).toByteArray();
            if (c != Compression.UNCOMPRESSED && size > 1000) {
                assertTrue(packed.length < size, c + " did not compress " + size + " bytes: " + packed.length);
            }
            assertArrayEquals(in, dec.decompress(BytesInput.from(packed), size).toByteArray());
            ByteBuffer out = ByteBuffer.allocate(size);
            dec.decompress(ByteBuffer.wrap(packed), packed.length, out, size);
            assertArrayEquals(in, out.array());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"SNAPPY", "GZIP", "LZ4_RAW", "ZSTD"})
    void garbageIsAnException(Compression c) {
        BytesInputDecompressor dec = PureJavaCodecs.INSTANCE.getDecompressor(PureJavaCodecs.codecName(c));
        byte[] garbage = new byte[200];
        new Random(2).nextBytes(garbage);
        assertThrows(Exception.class, () -> dec.decompress(BytesInput.from(garbage), 1000).toByteArray());
    }
}
