package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

class SstProjectionTest {
    /** An INT64 key and 8 value columns. */
    static Schema wide() {
        Schema.Builder b = Schema.builder().column(Column.required("id", ColumnType.INT64));
        for (int c = 0; c < 8; c++) {
            b.column("c" + c, c % 2 == 0 ? ColumnType.STRING : ColumnType.FLOAT64);
        }
        return b.primaryKey("id").build();
    }

    @Test
    void onlyRequestedColumnChunksAreRead() throws IOException {
        Schema schema = wide();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(3);
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < 20_000; id++) {
            Object[] v = new Object[9];
            v[0] = id;
            for (int c = 1; c < 9; c++) {
                v[c] = c % 2 == 1 ? "value " + rnd.nextLong() : rnd.nextDouble();
            }
            entries.add(entry(codec, id + 1, false, v));
        }
        CountingStorage storage = new CountingStorage(new MemoryStorage());
        write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 256 << 10, entries.size()), entries);

        long all;
        long one;
        try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, BlockCache.disabled())) {
            storage.reset();
            for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                r.readRowGroup(rg, null);
            }
            all = storage.bytesRead.get();
            storage.reset();
            boolean[] cols = new boolean[9];
            cols[3] = true;
            for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                RowGroupData d = r.readRowGroup(rg, cols);
                assertTrue(!d.hasColumn(1));
                assertTrue(d.hasColumn(3) && d.rows() > 0);
            }
            one = storage.bytesRead.get();
        }
        // Key + system columns + one of eight value columns.
        assertTrue(one * 3 < all, "projected read " + one + " bytes, full read " + all);
    }

    @Test
    void cacheFillsOnlyWhatAScanNeeds() throws IOException {
        Schema schema = wide();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = new ArrayList<>();
        for (long id = 0; id < 1000; id++) {
            entries.add(entry(codec, id + 1, false, id, "a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
        }
        CountingStorage storage = new CountingStorage(new MemoryStorage());
        write(storage, FileNames.sst(2), schema, options(Compression.ZSTD, 1 << 20, entries.size()), entries);
        BlockCache cache = new BlockCache(64 << 20);
        try (SstReader r = SstReader.open(storage, FileNames.sst(2), schema, cache)) {
            boolean[] cols = new boolean[9];
            cols[2] = true;
            r.readRowGroup(0, cols);
            assertEquals(2, cache.size(), "key block + one column");
            storage.reset();
            r.readRowGroup(0, cols);
            assertEquals(0, storage.reads.get(), "served from the cache");
            cols[4] = true;
            r.readRowGroup(0, cols);
            assertEquals(3, cache.size());
            Entry e = r.get(codec.encodeKey(7L), new Object[] {7L}, Long.MAX_VALUE, cols);
            assertEquals(7L, e.values[0]);
            assertEquals(1.0, e.values[2]);
            assertNull(e.values[1]);
            cache.evictFile(FileNames.sst(2));
            assertEquals(0, cache.size());
            assertEquals(0, cache.usedBytes());
        }
    }
}
