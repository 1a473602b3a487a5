package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.SchemaMismatchException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/** Every way an SST can be damaged must end in a clear exception naming the file: never a hang. */
class SstCorruptionTest {
    private static final Schema SCHEMA = composite();
    private static final KeyCodec CODEC = new KeyCodec(SCHEMA);
    private static final String NAME = FileNames.sst(9);
    private byte[] good;

    @BeforeEach
    void writeGoodFile() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        write(storage, NAME, SCHEMA, options(Compression.ZSTD, 4 << 10, 300), entries());
        good = storage.readAll(NAME);
    }

    private static List<Entry> entries() {
        Entry[] es = new Entry[300];
        for (int i = 0; i < es.length; i++) {
            es[i] = entry(CODEC, 1000 - i, false, "key", i, i * 0.5, "n" + i);
        }
        return Arrays.asList(es);
    }

    private static Storage storageWith(byte[] content) throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (WritableFile f = storage.create(NAME)) {
            f.write(content, 0, content.length);
        }
        return storage;
    }

    /** Opens and reads everything; returns normally only if the whole file decodes. */
    private static void openAndReadAll(Storage storage) throws IOException {
        try (SstReader r = SstReader.open(storage, NAME, SCHEMA, BlockCache.disabled())) {
            readAll(r);
            r.get(CODEC.encodeKey("key", 7), new Object[] {"key", 7}, Long.MAX_VALUE, null);
        }
    }

    private static CorruptionException assertCorrupt(byte[] content) {
        CorruptionException e = assertThrows(CorruptionException.class, () -> openAndReadAll(storageWith(content)));
        assertEquals(NAME, e.file());
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        return e;
    }

    private int footerLength() {
        return ByteBuffer.wrap(good, good.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void goodFileReads() throws IOException {
        openAndReadAll(storageWith(good));
    }

    @Test
    void truncatedFiles() {
        for (int len : new int[] {0, 3, 8, 12, good.length / 2, good.length - footerLength() - 8, good.length - 9,
                good.length - 1}) {
            assertCorrupt(Arrays.copyOf(good, len));
        }
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class,
                () -> SstReader.open(new MemoryStorage(), NAME, SCHEMA, BlockCache.disabled()));
    }

    @Test
    void garbageAndBadMagic() {
        byte[] garbage = new byte[good.length];
        new java.util.Random(1).nextBytes(garbage);
        assertCorrupt(garbage);
        byte[] magic = good.clone();
        magic[magic.length - 1] ^= 1;
        CorruptionException e = assertCorrupt(magic);
        assertEquals(good.length - 8, e.offset());
    }

    @Test
    void flippedBytesInTheFooterNeverEscapeAsOtherExceptions() {
        int footerStart = good.length - 8 - footerLength();
        int corrupt = 0;
        for (int i = footerStart; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) 0x5A;
            try {
                openAndReadAll(storageWith(b));
            } catch (CorruptionException e) {
                assertEquals(NAME, e.file());
                corrupt++;
            } catch (SchemaMismatchException e) {
                assertTrue(e.getMessage().contains(NAME), e.getMessage());
            } catch (Throwable t) {
                throw new AssertionError("flipping byte " + i + " of " + good.length + " gave " + t, t);
            }
        }
        assertTrue(corrupt > 0);
    }

    @Test
    void flippedBytesInTheDataAreDetected() {
        int footerStart = good.length - 8 - footerLength();
        int detected = 0;
        for (int i = 4; i < footerStart; i += 13) {
            byte[] b = good.clone();
            b[i] ^= (byte) 0xFF;
            try {
                openAndReadAll(storageWith(b));
            } catch (CorruptionException e) {
                assertEquals(NAME, e.file());
                detected++;
            } catch (Throwable t) {
                throw new AssertionError("flipping byte " + i + " of " + good.length + " gave " + t, t);
            }
        }
        // Page CRCs catch damage in page data; bloom filter and index bytes may go unnoticed.
        assertTrue(detected > 0, "no damage detected");
    }

    @Test
    void unknownFormatVersion() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (SstWriter w = new SstWriter(storage, NAME, SCHEMA, options(Compression.ZSTD, 1 << 20, 1))) {
            w.add(entry(CODEC, 1, false, "a", 1, 1.0, "x"));
            w.overrideFooter(Map.of(SstFooter.VERSION_KEY, "2"));
            w.finish();
        }
        CorruptionException e = assertThrows(CorruptionException.class,
                () -> SstReader.open(storage, NAME, SCHEMA, BlockCache.disabled()));
        assertTrue(e.getMessage().contains("unsupported SST format version 2"), e.getMessage());
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
    }

    @Test
    void plainParquetWithoutTonboFooterIsRejected() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (SstWriter w = new SstWriter(storage, NAME, SCHEMA, options(Compression.ZSTD, 1 << 20, 1))) {
            w.add(entry(CODEC, 1, false, "a", 1, 1.0, "x"));
            w.overrideFooter(Map.of(SstFooter.VERSION_KEY, "", SstFooter.ROW_GROUP_MIN_KEYS, "!!"));
            w.finish();
        }
        assertThrows(CorruptionException.class, () -> SstReader.open(storage, NAME, SCHEMA, BlockCache.disabled()));
    }

    @Test
    void differentSchema(@TempDir Path dir) throws IOException {
        Storage storage = new LocalStorage(dir);
        write(storage, NAME, SCHEMA, options(Compression.ZSTD, 1 << 20, 300), entries());
        Schema other = Schema.builder()
                .column(Column.required("s", ColumnType.STRING))
                .column(Column.required("n", ColumnType.INT64))
                .column("v", ColumnType.FLOAT64)
                .column("note", ColumnType.STRING)
                .primaryKey("s", "n")
                .build();
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                () -> SstReader.open(storage, NAME, other, BlockCache.disabled()));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        // The file is closed after a failed open: it can be deleted (and reopened) at once.
        try (SstReader r = SstReader.open(storage, NAME, SCHEMA, BlockCache.disabled())) {
            assertEquals(300, r.rowCount());
        }
        storage.delete(NAME);
        assertTrue(Files.notExists(dir.resolve(NAME)));
    }

    @Test
    void storageFailuresPassThroughAsIoExceptions() throws IOException {
        Storage failing = failingBefore(storageWith(good), good.length - 8 - footerLength());
        try (SstReader r = SstReader.open(failing, NAME, SCHEMA, BlockCache.disabled())) {
            IOException e = assertThrows(IOException.class, () -> r.readRowGroup(0, null));
            assertEquals("disk on fire", e.getMessage());
        } catch (CorruptionException e) {
            fail("storage failure reported as corruption: " + e);
        }
    }
}
