package org.tonbo4j.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.manifest.ManifestReader;
import org.tonbo4j.internal.manifest.ManifestWriter;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;

/**
 * The golden manifest of format version 2 (src/test/resources/golden/manifest-v2, the worked
 * example of docs/format/manifest.md): today's writer produces exactly these bytes and every
 * future build must read them. Regenerate (only when defining a new version) with
 * {@code main(DIR)}.
 */
class GoldenManifestV2Test {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING).primaryKey("id").build();

    private static VersionEdit snapshot() {
        VersionEdit s = new VersionEdit();
        s.schema = SCHEMA;
        s.lastSequence = 44L;
        s.nextFileNumber = 5L;
        s.walFloor = 3L;
        s.historyFloor = 40L;
        s.pinned.put("nightly", 41L);
        return s;
    }

    private static VersionEdit edit() {
        VersionEdit e = new VersionEdit();
        e.lastSequence = 50L;
        e.historyFloor = 45L;
        e.unpinned.add("nightly");
        e.pinned.put("v2", 50L);
        return e;
    }

    private static void write(Storage to) throws Exception {
        try (ManifestWriter m = ManifestWriter.create(to, 4, snapshot())) {
            m.append(edit());
        }
    }

    @Test
    void writerProducesTheGoldenBytesAndReaderReadsThem() throws Exception {
        LocalStorage golden = new LocalStorage(golden());
        MemoryStorage fresh = new MemoryStorage();
        write(fresh);
        assertArrayEquals(golden.readAll(FileNames.CURRENT), fresh.readAll(FileNames.CURRENT));
        // Today's writer writes version 3, whose records are those of version 2 when no column has a default.
        byte[] old = golden.readAll(FileNames.manifest(4));
        byte[] now = fresh.readAll(FileNames.manifest(4));
        assertArrayEquals(LogFormat.header(LogFormat.MANIFEST_MAGIC, 2), java.util.Arrays.copyOf(old, LogFormat.HEADER_SIZE));
        assertArrayEquals(java.util.Arrays.copyOfRange(old, LogFormat.HEADER_SIZE, old.length),
                java.util.Arrays.copyOfRange(now, LogFormat.HEADER_SIZE, now.length));
        List<VersionEdit> edits = ManifestReader.readCurrent(golden);
        assertEquals(snapshot().toString(), edits.get(0).toString());
        assertEquals(edit().toString(), edits.get(1).toString());
    }

    private static Path golden() throws URISyntaxException {
        return Path.of(GoldenManifestV2Test.class.getResource("/golden/manifest-v2/CURRENT").toURI()).getParent();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        write(new LocalStorage(dir));
    }
}
