package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.WritableFile;

/**
 * Damaged files of a whole table: every kind gives an error that names the file, never a hang,
 * a crash or silently missing rows; undamaged tables open again afterwards.
 */
class TableCorruptionTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("s", ColumnType.STRING).primaryKey("id").build();

    /** A table with 2,000 rows in one SST and 500 more only in the WAL. */
    private static MemoryStorage table() {
        MemoryStorage storage = new MemoryStorage();
        // flushOnClose off: the last 500 rows stay in the WAL after close
        Options o = Options.builder().compactionEnabled(false).flushOnClose(false).build();
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, o)) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 2000; i++) {
                rows.add(Row.of(SCHEMA, i, "value-" + i));
            }
            t.insertAll(rows);
            t.flush();
            rows.clear();
            for (long i = 2000; i < 2500; i++) {
                rows.add(Row.of(SCHEMA, i, "value-" + i));
                if (rows.size() == 50) {
                    t.insertAll(rows);
                    rows.clear();
                }
            }
        }
        return storage;
    }

    private static String only(MemoryStorage s, String prefix) throws IOException {
        List<String> names = s.list(prefix);
        assertEquals(1, names.size(), "files under " + prefix + ": " + names);
        return names.get(0);
    }

    private static void rewrite(MemoryStorage s, String name, byte[] content) throws IOException {
        s.delete(name);
        try (WritableFile f = s.create(name)) {
            f.write(content, 0, content.length);
            f.sync();
        }
    }

    private static long countRows(MemoryStorage s) {
        try (Table<Row> t = Tonbo.open(s, SCHEMA, Options.defaults()); RowIterator<Row> it = t.scan()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }

    @Test
    void intactTableHasAllRows() {
        assertEquals(2500, countRows(table()));
    }

    @Test
    void bitFlipInsideAnSstDataPage() throws IOException {
        MemoryStorage s = table();
        String sst = only(s, FileNames.SST_DIR);
        byte[] b = s.readAll(sst);
        b[b.length / 3] ^= 0x10;
        rewrite(s, sst, b);
        TonboException e = assertThrows(TonboException.class, () -> countRows(s));
        assertTrue(e.getMessage().contains(sst), e.getMessage());
    }

    @Test
    void truncatedSst() throws IOException {
        MemoryStorage s = table();
        String sst = only(s, FileNames.SST_DIR);
        byte[] b = s.readAll(sst);
        rewrite(s, sst, java.util.Arrays.copyOf(b, b.length - 100));
        TonboException e = assertThrows(TonboException.class, () -> countRows(s));
        assertTrue(e.getMessage().contains(sst), e.getMessage());
    }

    @Test
    void missingSst() throws IOException {
        MemoryStorage s = table();
        String sst = only(s, FileNames.SST_DIR);
        s.delete(sst);
        CorruptionException e = assertThrows(CorruptionException.class, () -> countRows(s));
        assertEquals(sst, e.file());
    }

    @Test
    void bitFlipInTheMiddleOfTheWal() throws IOException {
        MemoryStorage s = table();
        String wal = only(s, FileNames.WAL_DIR);
        byte[] b = s.readAll(wal);
        b[b.length / 2] ^= 0x01;
        rewrite(s, wal, b);
        CorruptionException e = assertThrows(CorruptionException.class, () -> countRows(s));
        assertEquals(wal, e.file());
        assertTrue(e.offset() > 0, "offset named: " + e.getMessage());
    }

    @Test
    void tornWalTailIsTolerated() throws IOException {
        MemoryStorage s = table();
        String wal = only(s, FileNames.WAL_DIR);
        byte[] b = s.readAll(wal);
        rewrite(s, wal, java.util.Arrays.copyOf(b, b.length - 7));
        // The last batch of 50 rows was torn away; everything before it is there.
        assertEquals(2450, countRows(s));
        assertEquals(2450, countRows(s), "and the table opens again afterwards");
    }

    @Test
    void damagedManifestAndCurrent() throws IOException {
        MemoryStorage s = table();
        String manifest = only(s, FileNames.MANIFEST_PREFIX);
        byte[] b = s.readAll(manifest);
        b[12] ^= 0x40;
        rewrite(s, manifest, b);
        CorruptionException e = assertThrows(CorruptionException.class, () -> countRows(s));
        assertEquals(manifest, e.file());

        MemoryStorage s2 = table();
        s2.publish(FileNames.CURRENT, "MANIFEST-9999\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        e = assertThrows(CorruptionException.class, () -> countRows(s2));
        assertTrue(e.getMessage().contains("CURRENT") || e.getMessage().contains("MANIFEST"), e.getMessage());

        MemoryStorage s3 = table();
        s3.delete(FileNames.CURRENT);
        e = assertThrows(CorruptionException.class, () -> countRows(s3));
        assertTrue(e.getMessage().contains("CURRENT"), e.getMessage());
    }

    /**
     * Parquet checks page CRCs but not bloom filters, and a damaged filter would answer "absent"
     * for a present key: the footer's CRC-32C of each filter turns that into an error.
     */
    @Test
    void damagedBloomFilterIsAnErrorNotMissingRows() throws IOException {
        MemoryStorage s = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, Options.builder().compactionEnabled(false).build())) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 2000; i++) {
                rows.add(Row.of(SCHEMA, 7 * i, "value-" + i)); // sparse keys: the row group has a filter
            }
            t.insertAll(rows);
            t.flush();
            assertTrue(t.get(700L).isPresent());
        }
        String sst = only(s, FileNames.SST_DIR);
        byte[] b = s.readAll(sst);
        org.apache.parquet.format.ColumnMetaData key = footer(b).getRow_groups().get(0).getColumns().get(0).getMeta_data();
        assertTrue(key.isSetBloom_filter_offset() && key.isSetBloom_filter_length(), "the key column has a bloom filter");
        b[(int) (key.getBloom_filter_offset() + key.getBloom_filter_length() - 1)] ^= 0x01; // a bit of its bitset
        rewrite(s, sst, b);
        try (Table<Row> t = Tonbo.open(s, SCHEMA, Options.defaults())) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> t.get(700L));
            assertTrue(e.getMessage().contains(sst) && e.getMessage().contains("bloom filter"), e.getMessage());
        }
    }

    private static org.apache.parquet.format.FileMetaData footer(byte[] file) throws IOException {
        int length = java.nio.ByteBuffer.wrap(file, file.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        return org.apache.parquet.format.Util.readFileMetaData(
                new java.io.ByteArrayInputStream(file, file.length - 8 - length, length));
    }
}
