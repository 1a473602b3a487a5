package org.tonbo4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.TableLockedException;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * The {@link Storage} contract. Each implementation's test extends this class and says how to
 * make a fresh, empty storage; other modules (S3) reuse it through the engine's test-jar.
 */
public abstract class StorageContract {
    /** A new, empty storage; {@code name} differs between the tests of one class. */
    protected abstract Storage make(String name) throws IOException;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void writeReadRangesAndEof() throws IOException {
        try (Storage s = make("rw")) {
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

    @Test
    public void listDeleteExists() throws IOException {
        try (Storage s = make("ls")) {
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

    @Test
    public void publishReplacesAtomicallyAndLockIsExclusive() throws Exception {
        try (Storage s = make("pub")) {
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

    @Test
    public void severalSyncsReadBackAsOneFileAndDeleteRemovesAll() throws IOException {
        try (Storage s = make("syncs")) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            java.util.Random r = new java.util.Random(42);
            try (WritableFile w = s.create("wal/000001.log")) {
                for (int i = 0; i < 5; i++) {
                    byte[] b = new byte[1 + r.nextInt(3000)];
                    r.nextBytes(b);
                    w.write(b, 0, b.length);
                    all.write(b, 0, b.length);
                    w.sync();
                }
                byte[] tail = bytes("unsynced tail");
                w.write(tail, 0, tail.length);
                all.write(tail, 0, tail.length);
            }
            byte[] want = all.toByteArray();
            assertArrayEquals(want, s.readAll("wal/000001.log"));
            try (ReadableFile f = s.open("wal/000001.log")) {
                assertEquals(want.length, f.length());
                for (int i = 0; i < 50; i++) {
                    int pos = r.nextInt(want.length);
                    int len = r.nextInt(want.length - pos + 1);
                    byte[] got = new byte[len];
                    f.readFully(pos, got, 0, len);
                    assertArrayEquals(java.util.Arrays.copyOfRange(want, pos, pos + len), got, "range " + pos + "+" + len);
                }
            }
            assertEquals(List.of("wal/000001.log"), s.list("wal/"));
            s.delete("wal/000001.log");
            assertEquals(List.of(), s.list("wal/"));
            assertFalse(s.exists("wal/000001.log"));
            try (WritableFile w = s.create("wal/000001.log")) {
                w.write(bytes("again"), 0, 5);
                w.sync();
            }
            assertArrayEquals(bytes("again"), s.readAll("wal/000001.log"), "a deleted name can be created anew");
        }
    }

    @Test
    public void largeFileRoundTrips() throws IOException {
        try (Storage s = make("large")) {
            byte[] want = new byte[12 << 20];
            new java.util.Random(7).nextBytes(want);
            try (WritableFile w = s.create("sst/000009.parquet")) {
                for (int off = 0; off < want.length; off += 100_000) {
                    w.write(want, off, Math.min(100_000, want.length - off));
                }
                w.sync();
            }
            try (ReadableFile f = s.open("sst/000009.parquet")) {
                assertEquals(want.length, f.length());
                byte[] got = new byte[want.length];
                f.readFully(0, got, 0, got.length);
                assertArrayEquals(want, got);
            }
        }
    }
}
