package org.tonbo4j.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.Files;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.internal.log.LogWriter;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;

class ManifestTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("na\"me", ColumnType.STRING)
            .column("price", ColumnType.decimal(10, 2))
            .primaryKey("id")
            .build();

    private final MemoryStorage storage = new MemoryStorage();

    static VersionEdit snapshot() {
        VersionEdit e = new VersionEdit();
        e.schema = SCHEMA;
        e.lastSequence = 1000L;
        e.nextFileNumber = 12L;
        e.walFloor = 9L;
        e.added.add(new FileMeta(4, 1, 123_456, 1000, new byte[] {0, 1}, new byte[] {(byte) 0xFF}, 1, 900));
        e.added.add(new FileMeta(7, 0, 99, 3, new byte[0], new byte[] {5, 0, 5}, 901, 1000));
        return e;
    }

    static VersionEdit edit(int i) {
        VersionEdit e = new VersionEdit();
        e.lastSequence = 2000L + i;
        if (i % 2 == 0) {
            e.nextFileNumber = 20L + i;
            e.walFloor = 10L + i;
        }
        e.added.add(new FileMeta(100 + i, i % 3, 1L << 40, Long.MAX_VALUE, new byte[] {(byte) i}, new byte[] {(byte) i, 9},
                0, Long.MAX_VALUE));
        e.deleted.add(new long[] {0, 7});
        e.deleted.add(new long[] {255, 1L << 50});
        return e;
    }

    static void assertEdit(VersionEdit expected, VersionEdit actual) {
        assertEquals(expected.schema, actual.schema);
        assertEquals(expected.lastSequence, actual.lastSequence);
        assertEquals(expected.nextFileNumber, actual.nextFileNumber);
        assertEquals(expected.walFloor, actual.walFloor);
        assertEquals(expected.added, actual.added);
        assertEquals(expected.deleted.size(), actual.deleted.size());
        for (int i = 0; i < expected.deleted.size(); i++) {
            assertArrayEquals(expected.deleted.get(i), actual.deleted.get(i));
        }
    }

    /** Creates manifest 5 with the snapshot and {@code n} edits; returns record offsets and the end. */
    private long[] writeManifest(Storage s, int n) throws IOException {
        long[] off = new long[n + 2];
        try (ManifestWriter w = ManifestWriter.create(s, 5, snapshot())) {
            off[0] = LogFormat.HEADER_SIZE;
            for (int i = 0; i < n; i++) {
                off[i + 1] = w.size();
                w.append(edit(i));
            }
            off[n + 1] = w.size();
            assertEquals(5, w.number());
        }
        return off;
    }

    private void assertEdits(List<VersionEdit> got, int n) {
        assertEquals(n + 1, got.size());
        assertEdit(snapshot(), got.get(0));
        for (int i = 0; i < n; i++) {
            assertEdit(edit(i), got.get(i + 1));
        }
    }

    @Test
    void noCurrentMeansNewTable() throws IOException {
        assertNull(ManifestReader.readCurrent(storage));
    }

    @Test
    void createAppendAndReadBack() throws IOException {
        writeManifest(storage, 6);
        assertEquals("MANIFEST-000005\n", new String(storage.readAll(FileNames.CURRENT), StandardCharsets.US_ASCII));
        assertEdits(ManifestReader.readCurrent(storage), 6);
    }

    @Test
    void aNewManifestReplacesTheOld() throws IOException {
        writeManifest(storage, 2);
        VersionEdit snap = snapshot();
        snap.lastSequence = 5000L;
        snap.added.clear();
        ManifestWriter.create(storage, 31, snap).close();
        assertEquals("MANIFEST-000031\n", new String(storage.readAll(FileNames.CURRENT), StandardCharsets.US_ASCII));
        List<VersionEdit> got = ManifestReader.readCurrent(storage);
        assertEquals(1, got.size());
        assertEdit(snap, got.get(0));
    }

    @Test
    void tornTailAtEveryOffsetOfTheLastEdit() throws IOException {
        long[] off = writeManifest(storage, 3);
        String name = FileNames.manifest(5);
        byte[] whole = storage.readAll(name);
        for (long cut = off[3]; cut < off[4]; cut++) {
            Files.rewrite(storage, name, Arrays.copyOf(whole, (int) cut));
            assertEdits(ManifestReader.readCurrent(storage), 2);
        }
    }

    @Test
    void bitFlipInAMiddleEditIsCorruption() throws IOException {
        long[] off = writeManifest(storage, 3);
        String name = FileNames.manifest(5);
        Files.flip(storage, name, off[2] + 11, 2);
        CorruptionException e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertEquals(name, e.file());
        assertEquals(off[2], e.offset());
    }

    @Test
    void damagedSnapshotIsCorruptionEvenAlone() throws IOException {
        writeManifest(storage, 0);
        String name = FileNames.manifest(5);
        Files.truncate(storage, name, storage.readAll(name).length - 1);
        CorruptionException e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertTrue(e.getMessage().contains("no complete snapshot"), e.getMessage());
        Files.truncate(storage, name, 3);
        assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
    }

    @Test
    void malformedCurrentIsCorruptionNamingCurrent() throws IOException {
        writeManifest(storage, 1);
        for (String bad : new String[] {"", "MANIFEST-000005", "MANIFEST-5\n", "MANIFEST-abcdef\n", "manifest-000005\n",
            "MANIFEST-000005\n\n", "wal/000005.log\n", "MANIFEST-000005\nx".repeat(20), "\u0000\u0001\n"}) {
            storage.publish(FileNames.CURRENT, bad.getBytes(StandardCharsets.ISO_8859_1));
            CorruptionException e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage), bad);
            assertEquals(FileNames.CURRENT, e.file());
        }
    }

    @Test
    void currentNamingAMissingManifestIsCorruption() throws IOException {
        writeManifest(storage, 1);
        storage.delete(FileNames.manifest(5));
        CorruptionException e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertEquals(FileNames.CURRENT, e.file());
        assertTrue(e.getMessage().contains("MANIFEST-000005, which does not exist"), e.getMessage());
    }

    @Test
    void unknownTagAndMissingSnapshotAreCorruption() throws IOException {
        String name = FileNames.manifest(5);
        storage.publish(FileNames.CURRENT, "MANIFEST-000005\n".getBytes(StandardCharsets.US_ASCII));
        writeRaw(name, snapshotBytes(), new byte[] {99, 1});
        CorruptionException e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertTrue(e.getMessage().contains("unknown tag 99"), e.getMessage());

        storage.delete(name);
        ByteWriter noSchema = new ByteWriter(16);
        EditCodec.encode(edit(1), noSchema);
        writeRaw(name, Arrays.copyOf(noSchema.array(), noSchema.position()));
        e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertTrue(e.getMessage().contains("first edit is not a snapshot"), e.getMessage());

        storage.delete(name);
        writeRaw(name, snapshotBytes(), snapshotBytes());
        e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertTrue(e.getMessage().contains("only the first edit may carry the schema"), e.getMessage());

        storage.delete(name);
        writeRaw(name, new byte[] {2, 1, 2, 1});
        e = assertThrows(CorruptionException.class, () -> ManifestReader.readCurrent(storage));
        assertTrue(e.getMessage().contains("lastSequence appears twice"), e.getMessage());
        assertEquals(LogFormat.HEADER_SIZE + LogFormat.FRAME_SIZE + 2, e.offset());
    }

    private static byte[] snapshotBytes() {
        ByteWriter w = new ByteWriter(16);
        EditCodec.encode(snapshot(), w);
        return Arrays.copyOf(w.array(), w.position());
    }

    private void writeRaw(String name, byte[]... payloads) throws IOException {
        try (LogWriter w = new LogWriter(storage, name, LogFormat.MANIFEST_MAGIC)) {
            ByteWriter buf = new ByteWriter(16);
            for (byte[] p : payloads) {
                buf.reset(LogFormat.FRAME_SIZE);
                buf.bytes(p, 0, p.length);
                w.write(LogFormat.TYPE_VERSION_EDIT, buf);
            }
        }
    }

    @Test
    void misuseIsRejected() throws IOException {
        VersionEdit noSchema = snapshot();
        noSchema.schema = null;
        assertThrows(IllegalArgumentException.class, () -> ManifestWriter.create(storage, 1, noSchema));
        VersionEdit noFloor = snapshot();
        noFloor.walFloor = null;
        assertThrows(IllegalArgumentException.class, () -> ManifestWriter.create(storage, 1, noFloor));
        assertTrue(storage.list("").isEmpty());
        try (ManifestWriter w = ManifestWriter.create(storage, 1, snapshot())) {
            long size = w.size();
            assertThrows(IllegalArgumentException.class, () -> w.append(snapshot()));
            VersionEdit badLevel = new VersionEdit();
            badLevel.deleted.add(new long[] {256, 1});
            assertThrows(IllegalArgumentException.class, () -> w.append(badLevel));
            assertEquals(size, w.size());
        }
    }

    @Test
    void localStorage(@TempDir Path dir) throws IOException {
        LocalStorage local = new LocalStorage(dir);
        long[] off = writeManifest(local, 4);
        assertEdits(ManifestReader.readCurrent(local), 4);
        Files.truncate(local, FileNames.manifest(5), off[5] - 3);
        assertEdits(ManifestReader.readCurrent(local), 3);
        assertEquals(List.of(FileNames.CURRENT, FileNames.manifest(5)), new ArrayList<>(local.list("")));
    }
}
