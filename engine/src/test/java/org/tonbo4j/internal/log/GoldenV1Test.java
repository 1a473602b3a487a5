package org.tonbo4j.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.ManifestReader;
import org.tonbo4j.internal.manifest.ManifestWriter;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.internal.wal.WalReader;
import org.tonbo4j.internal.wal.WalWriter;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;

/**
 * The golden store of format version 1 (src/test/resources/golden/v1, the worked examples of
 * docs/format/wal.md and manifest.md): today's writers must produce exactly these bytes, and
 * every future build must still read them.
 */
class GoldenV1Test {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING).primaryKey("id").build();
    private static final KeyCodec KEYS = new KeyCodec(SCHEMA);

    private static LocalStorage golden() throws IOException, URISyntaxException {
        return new LocalStorage(Path.of(GoldenV1Test.class.getResource("/golden/v1/CURRENT").toURI()).getParent());
    }

    private static List<Entry> batch() {
        Object[] r1 = {1L, "ab"};
        Object[] r2 = {-2L, null};
        Object[] d = {7L, null};
        return List.of(new Entry(KEYS.encodeRow(r1), 42, false, r1), new Entry(KEYS.encodeRow(r2), 43, false, r2),
                new Entry(KEYS.encodeRow(d), 44, true, d));
    }

    private static VersionEdit snapshot() {
        VersionEdit s = new VersionEdit();
        s.schema = SCHEMA;
        s.lastSequence = 44L;
        s.nextFileNumber = 5L;
        s.walFloor = 3L;
        return s;
    }

    private static VersionEdit edit() {
        VersionEdit e = new VersionEdit();
        e.lastSequence = 44L;
        e.walFloor = 6L;
        e.nextFileNumber = 7L;
        e.added.add(new FileMeta(5, 0, 4096, 3, KEYS.encodeKey(-2L), KEYS.encodeKey(7L), 42, 44));
        return e;
    }

    @Test
    void walWriterProducesTheGoldenBytes() throws Exception {
        LocalStorage golden = golden();
        MemoryStorage fresh = new MemoryStorage();
        try (WalWriter w = new WalWriter(fresh, FileNames.wal(3), SCHEMA)) {
            w.append(batch());
        }
        assertArrayEquals(golden.readAll(FileNames.wal(3)), fresh.readAll(FileNames.wal(3)));
    }

    @Test
    void aVersion1ManifestDiffersFromTodaysOnlyInItsHeader() throws Exception {
        // Today's writer writes manifest version 3; without version-2 fields or column defaults
        // the records are byte for byte those of version 1.
        byte[] v1 = golden().readAll(FileNames.manifest(4));
        MemoryStorage fresh = new MemoryStorage();
        try (ManifestWriter m = ManifestWriter.create(fresh, 4, snapshot())) {
            m.append(edit());
        }
        byte[] now = fresh.readAll(FileNames.manifest(4));
        assertArrayEquals(LogFormat.header(LogFormat.MANIFEST_MAGIC, 1), Arrays.copyOf(v1, LogFormat.HEADER_SIZE));
        assertArrayEquals(LogFormat.header(LogFormat.MANIFEST_MAGIC, 3), Arrays.copyOf(now, LogFormat.HEADER_SIZE));
        assertArrayEquals(Arrays.copyOfRange(v1, LogFormat.HEADER_SIZE, v1.length),
                Arrays.copyOfRange(now, LogFormat.HEADER_SIZE, now.length));
    }

    @Test
    void readersReadTheGoldenStore() throws Exception {
        LocalStorage golden = golden();
        List<List<Entry>> batches = new ArrayList<>();
        assertEquals(1, WalReader.replay(golden, FileNames.wal(3), SCHEMA, false, batches::add));
        List<Entry> got = batches.get(0);
        List<Entry> want = batch();
        assertEquals(3, got.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(want.get(i).seq, got.get(i).seq);
            assertEquals(want.get(i).tombstone, got.get(i).tombstone);
            assertArrayEquals(want.get(i).key, got.get(i).key);
            assertEquals(Arrays.asList(want.get(i).values), Arrays.asList(got.get(i).values));
        }

        List<VersionEdit> edits = ManifestReader.readCurrent(golden);
        assertEquals(2, edits.size());
        assertEquals(SCHEMA, edits.get(0).schema);
        assertEquals(snapshot().toString(), edits.get(0).toString());
        assertNull(edits.get(1).schema);
        assertEquals(edit().toString(), edits.get(1).toString());
        assertEquals(edit().added, edits.get(1).added);
        assertTrue(edits.get(1).deleted.isEmpty());
    }
}
