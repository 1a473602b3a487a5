package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.ReadableFile;

/**
 * A flush hands the SST writer puts whose rows are still encoded ({@link Entry#raw}); the file
 * it writes must be the very file the decoded rows give, byte for byte, for every type, nulls,
 * extreme values, tombstones among them and row group boundaries.
 */
class EncodedRowWriterTest {
    private final MemoryStorage storage = new MemoryStorage();

    /** The entries with every put's row encoded, each at an offset inside one shared buffer. */
    private static List<Entry> encoded(Schema schema, List<Entry> decoded) {
        RowCodec rows = new RowCodec(schema);
        List<byte[]> parts = new ArrayList<>();
        int total = 3;
        for (Entry e : decoded) {
            byte[] b = e.tombstone ? new byte[0] : rows.rowBytes(e.values);
            parts.add(b);
            total += b.length + 3;
        }
        byte[] buffer = new byte[total];
        new Random(7).nextBytes(buffer); // garbage around the rows must not leak into the file
        List<Entry> out = new ArrayList<>();
        int at = 3;
        for (int i = 0; i < decoded.size(); i++) {
            Entry e = decoded.get(i);
            byte[] b = parts.get(i);
            System.arraycopy(b, 0, buffer, at, b.length);
            out.add(e.tombstone ? e : Entry.raw(e.key, e.seq, buffer, at, b.length));
            at += b.length + 3;
        }
        return out;
    }

    private byte[] fileBytes(String name) throws IOException {
        try (ReadableFile f = storage.open(name)) {
            byte[] b = new byte[(int) f.length()];
            f.readFully(0, b, 0, b.length);
            return b;
        }
    }

    private void assertSameFile(Schema schema, SstWriterOptions opts, List<Entry> entries) throws IOException {
        SstMeta a = write(storage, FileNames.sst(1), schema, opts, entries);
        SstMeta b = write(storage, FileNames.sst(2), schema, opts, encoded(schema, entries));
        assertEquals(a.fileBytes(), b.fileBytes());
        assertArrayEquals(fileBytes(FileNames.sst(1)), fileBytes(FileNames.sst(2)));
        try (SstReader r = SstReader.open(storage, FileNames.sst(2), schema, new BlockCache(1 << 20))) {
            assertEntriesEqual(entries, readAll(r));
        }
    }

    @Test
    void extremeValuesNullsAndTombstonesGiveTheSameFile() throws IOException {
        assertSameFile(allTypes(), options(Compression.ZSTD, 1 << 20, 10), SstRoundTripTest.extremeEntries());
    }

    @Test
    void randomRowsOverManyRowGroupsGiveTheSameFile() throws IOException {
        List<Entry> entries = SstRoundTripTest.randomEntries(5000, 42);
        SstWriterOptions opts = options(Compression.SNAPPY, 16 << 10, entries.size());
        assertSameFile(allTypes(), opts, entries);
        try (SstReader r = SstReader.open(storage, FileNames.sst(2), allTypes(), new BlockCache(1 << 20))) {
            assertEquals(true, r.rowGroupCount() > 3, "row groups: " + r.rowGroupCount());
        }
    }

    @Test
    void compositeStringKeysGiveTheSameFile() throws IOException {
        Schema schema = composite();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(3);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add(entry(codec, i + 1, false, "k\u00e9y-" + rnd.nextInt(500), rnd.nextInt(),
                    rnd.nextInt(5) == 0 ? null : rnd.nextDouble(), rnd.nextInt(3) == 0 ? null : "n\uD83D\uDE00" + i));
        }
        sort(entries);
        List<Entry> unique = new ArrayList<>();
        for (Entry e : entries) {
            if (unique.isEmpty() || KeyCodec.compare(unique.get(unique.size() - 1).key, e.key) != 0) {
                unique.add(e);
            }
        }
        assertSameFile(schema, options(Compression.ZSTD, 8 << 10, unique.size()), unique);
    }

    @Test
    void anEntryWithNeitherValuesNorRowIsRefused() throws IOException {
        Schema schema = allTypes();
        try (SstWriter w = new SstWriter(storage, FileNames.sst(3), schema, options(Compression.ZSTD, 1 << 20, 1))) {
            Entry bad = Entry.raw(new KeyCodec(schema).encodeRow(new Object[] {1L, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null}), 1, null, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> w.add(bad));
        }
    }
}
