package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;
import org.tonbo4j.testing.CrashStorage;

/** The {@link Storage} contract, checked against every implementation. */
class StorageContractTest {
    @TempDir
    static Path dir;

    interface Maker {
        Storage make(String name) throws IOException;
    }

    static Stream<Object[]> storages() {
        return Stream.of(
                new Object[] {"memory", (Maker) n -> new MemoryStorage()},
                new Object[] {"crash-simulating memory", (Maker) n -> new CrashStorage(1)},
                new Object[] {"local", (Maker) n -> new LocalStorage(dir.resolve(n))});
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storages")
    void writeReadRangesAndEof(String kind, Maker maker) throws IOException {
        try (Storage s = maker.make("rw-" + kind.hashCode())) {
            try (WritableFile w = s.create("a/b/file")) {
                w.write(bytes("hello "), 0, 6);
                w.write(bytes("xxworldxx"), 2, 5);
                assertEquals(11, w.position());
                w.sync();
            }
            try (ReadableFile r = s.open("a/b/file")) {
                assertEquals(11, r.length());
                byte[] b = new byte[5];
                r.readFully(6, b, 0, 5);
                assertArrayEquals(bytes("world"), b);
                assertThrows(EOFException.class, () -> r.readFully(8, new byte[5], 0, 5));
            }
            assertArrayEquals(bytes("hello world"), s.readAll("a/b/file"));
            assertThrows(IOException.class, () -> s.create("a/b/file"), "create never overwrites");
            assertThrows(NoSuchFileException.class, () -> s.open("missing"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storages")
    void listDeleteExists(String kind, Maker maker) throws IOException {
        try (Storage s = maker.make("ls-" + kind.hashCode())) {
            for (String n : List.of("sst/000002.parquet", "sst/000001.parquet", "wal/000003.log", "MANIFEST-000004")) {
                s.create(n).close();
            }
            assertEquals(List.of("sst/000001.parquet", "sst/000002.parquet"), s.list("sst/"));
            assertEquals(List.of("MANIFEST-000004"), s.list("MANIFEST-"));
            assertTrue(s.exists("wal/000003.log"));
            s.delete("wal/000003.log");
            s.delete("wal/000003.log");
            assertFalse(s.exists("wal/000003.log"));
            assertEquals(List.of(), s.list("wal/"));
            assertEquals(List.of(), s.list("nothing/"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storages")
    void publishReplacesAtomicallyAndLockIsExclusive(String kind, Maker maker) throws Exception {
        try (Storage s = maker.make("pub-" + kind.hashCode())) {
            s.publish("CURRENT", bytes("one"));
            assertArrayEquals(bytes("one"), s.readAll("CURRENT"));
            s.publish("CURRENT", bytes("two!"));
            assertArrayEquals(bytes("two!"), s.readAll("CURRENT"));
            assertEquals(List.of("CURRENT"), s.list("CURRENT"), "no temporary file is left behind");
            AutoCloseable lock = s.lock("LOCK");
            assertThrows(TableLockedException.class, () -> s.lock("LOCK"));
            lock.close();
            s.lock("LOCK").close();
        }
    }
}
