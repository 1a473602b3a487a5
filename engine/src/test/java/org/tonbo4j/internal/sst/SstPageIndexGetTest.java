package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

/** Point lookups through the page index (no cached key block) for every key type. */
class SstPageIndexGetTest {

    /** Column c of {@link SstTestData#allTypes()} as the key of a two-column table. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void everyKeyType(int typeColumn) throws IOException {
        ColumnType type = allTypes().column(typeColumn).type();
        Schema schema = Schema.builder().column(Column.required("k", type)).column("v", ColumnType.INT64)
                .primaryKey("k").build();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(typeColumn);
        TreeMap<byte[], Object> keys = new TreeMap<>(KeyCodec::compare);
        for (int i = 0; i < 150; i++) {
            Object v = randomAllTypesRow(rnd, i)[typeColumn];
            if (v != null) {
                keys.put(codec.encodeKey(v), v);
            }
        }
        List<Entry> entries = new ArrayList<>();
        long seq = 1;
        for (Object k : keys.values()) {
            long versions = 1 + rnd.nextInt(3);
            for (long s = versions; s >= 1; s--) {
                entries.add(entry(codec, seq * 10 + s, s == 2 && rnd.nextBoolean(), k, s == 2 ? null : seq));
            }
            seq++;
        }
        entries.replaceAll(e -> e.tombstone ? tombstone(schema, codec, e.seq, e.values[0]) : e);
        sort(entries);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 64 << 20, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, BlockCache.disabled())) {
            assertEquals(1, r.rowGroupCount());
            int i = 0;
            while (i < entries.size()) {
                Entry first = entries.get(i);
                Object[] kv = {first.values[0]};
                assertEntryEquals(first, r.get(first.key, kv, Long.MAX_VALUE, null));
                int j = i;
                while (j < entries.size() && KeyCodec.compare(entries.get(j).key, first.key) == 0) {
                    Entry e = entries.get(j);
                    assertEntryEquals(e, r.get(e.key, kv, e.seq, null));
                    j++;
                }
                assertNull(r.get(first.key, kv, entries.get(j - 1).seq - 1, null));
                i = j;
            }
        }
    }

    @Test
    void aLookupReadsAFractionOfTheRowGroup() throws IOException {
        Schema schema = SstProjectionTest.wide();
        KeyCodec codec = new KeyCodec(schema);
        Random rnd = new Random(9);
        List<Entry> entries = SstTestData.wideEntries(codec, rnd, 20_000);
        CountingStorage storage = new CountingStorage(new MemoryStorage());
        write(storage, FileNames.sst(2), schema,
                new SstWriterOptions(64 << 20, 8 << 10, Compression.ZSTD, 1, 0.01, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, FileNames.sst(2), schema, BlockCache.disabled())) {
            assertEquals(1, r.rowGroupCount());
            storage.reset();
            r.readRowGroup(0, null);
            long whole = storage.bytesRead.get();
            storage.reset();
            Entry e = r.get(codec.encodeKey(27_776L), new Object[] {27_776L}, Long.MAX_VALUE, null);
            assertEquals(entries.get(13_888).values[5], e.values[5]);
            long point = storage.bytesRead.get();
            assertTrue(point * 10 < whole, "lookup read " + point + " bytes, the row group is " + whole);
            storage.reset();
            assertNull(r.get(codec.encodeKey(27_777L), new Object[] {27_777L}, Long.MAX_VALUE, null));
            assertTrue(storage.bytesRead.get() * 10 < whole);
        }
    }
}
