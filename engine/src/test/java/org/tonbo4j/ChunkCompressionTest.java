package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column chunk of fixed-width values that zstd cannot shrink (random integers, already packed
 * by their encoding) is stored uncompressed; compressible columns and strings keep the codec;
 * every value reads back (docs/format/sst.md, Compression).
 */
class ChunkCompressionTest {
    @TempDir
    Path dir;

    @Test
    void incompressibleFixedWidthChunksAreStoredUncompressed() throws Exception {
        Schema schema = Schema.builder().column("id", ColumnType.INT64, false).column("noise", ColumnType.INT64)
                .column("price", ColumnType.FLOAT64).column("note", ColumnType.STRING).primaryKey("id").build();
        Random r = new Random(1);
        long[] noise = new long[50_000];
        try (Table<Row> t = Tonbo.open(dir, schema)) {
            for (int i = 0; i < noise.length; i++) {
                noise[i] = r.nextLong();
                t.insert(Row.of(schema, (long) i, noise[i], (i % 100) / 4.0, "note " + (i % 50)));
            }
            t.flush();
            Map<String, CompressionCodec> codecs = codecs();
            assertEquals(CompressionCodec.UNCOMPRESSED, codecs.get("noise"));
            assertEquals(CompressionCodec.ZSTD, codecs.get("price"));
            assertEquals(CompressionCodec.ZSTD, codecs.get("note"));
            assertEquals(CompressionCodec.ZSTD, codecs.get("id"));
            try (RowIterator<Row> it = t.scan()) {
                for (int i = 0; i < noise.length; i++) {
                    Row row = it.next();
                    assertEquals(noise[i], row.get("noise"));
                    assertEquals("note " + (i % 50), row.get("note"));
                }
            }
        }
    }

    /** The codec of each column in the table's one SST (every row group agrees). */
    private Map<String, CompressionCodec> codecs() throws Exception {
        Path sst;
        try (Stream<Path> files = Files.walk(dir)) {
            sst = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(sst);
        int footer = ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(b, b.length - 8 - footer, footer));
        Map<String, CompressionCodec> out = new HashMap<>();
        meta.getRow_groups().forEach(g -> {
            for (ColumnChunk c : g.getColumns()) {
                CompressionCodec prev = out.put(String.join(".", c.getMeta_data().getPath_in_schema()), c.getMeta_data().getCodec());
                assertEquals(prev == null ? c.getMeta_data().getCodec() : prev, c.getMeta_data().getCodec());
            }
        });
        return out;
    }
}
