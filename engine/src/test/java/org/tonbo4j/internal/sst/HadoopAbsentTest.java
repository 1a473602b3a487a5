package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

/** Hadoop is compile-only: SSTs are written and read in a JVM where it cannot be loaded. */
class HadoopAbsentTest {

    @Test
    void sstsWorkWithoutHadoopOnTheClassPath() throws IOException {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.fs.Path"));
        // No native codec libraries either: compression is pure Java.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.xerial.snappy.Snappy"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.github.luben.zstd.Zstd"));
        for (Compression c : Compression.values()) {
            Schema schema = composite();
            KeyCodec codec = new KeyCodec(schema);
            List<Entry> entries = List.of(entry(codec, 2, false, "a", 1, 1.0, "x"), entry(codec, 1, false, "b", 2, null, null));
            MemoryStorage storage = new MemoryStorage();
            write(storage, FileNames.sst(1), schema, options(c, 1 << 20, 2), entries);
            try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, BlockCache.disabled())) {
                assertEntriesEqual(entries, readAll(r));
                assertEquals("x", r.get(codec.encodeKey("a", 1), new Object[] {"a", 1}, 5, null).values[3]);
            }
        }
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.conf.Configuration"));
    }
}
