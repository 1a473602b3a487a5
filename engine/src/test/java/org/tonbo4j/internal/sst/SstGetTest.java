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
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;

class SstGetTest {

    @Test
    void getAgainstAModelAcrossRowGroups() throws IOException {
        Schema schema = allTypes();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = SstRoundTripTest.randomEntries(3000, 11);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(1), schema, options(Compression.LZ4_RAW, 8 << 10, entries.size()), entries);
        Random rnd = new Random(5);
        BlockCache cache = new BlockCache(8 << 20);
        try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, cache)) {
            assertTrue(r.rowGroupCount() > 5);
            for (int probe = 0; probe < 2000; probe++) {
                long id = rnd.nextInt(3000 * 7 + 20) - 3000 - 10;
                long maxSeq = rnd.nextInt(4) == 0 ? Long.MAX_VALUE : rnd.nextInt(4000);
                byte[] key = codec.encodeKey(id);
                Entry expected = null;
                for (Entry e : entries) {
                    if (KeyCodec.compare(e.key, key) == 0 && e.seq <= maxSeq) {
                        expected = e;
                        break;
                    }
                }
                Entry actual = r.get(key, new Object[] {id}, maxSeq, null);
                if (expected == null) {
                    assertNull(actual, "id " + id + " maxSeq " + maxSeq);
                } else {
                    assertEntryEquals(expected, actual);
                }
            }
            assertTrue(cache.hits() > 0);
        }
    }

    @Test
    void compositeKeysMaxSeqTombstonesAndProjection() throws IOException {
        Schema schema = composite();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = new ArrayList<>();
        long seq = 1;
        for (int i = 0; i < 500; i++) {
            String s = "k" + (i % 50) + (i % 7 == 0 ? "\u0000x" : "");
            entries.add(entry(codec, seq++, false, s, i, i * 1.5, "note " + i));
        }
        entries.add(tombstone(schema, codec, seq++, "k1", 1));
        entries.add(entry(codec, seq, false, "k1", 1, 99.0, null));
        sort(entries);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(2), schema, options(Compression.SNAPPY, 2 << 10, entries.size()), entries);
        try (SstReader r = SstReader.open(storage, FileNames.sst(2), schema, BlockCache.disabled())) {
            Entry newest = r.get(codec.encodeKey("k1", 1), new Object[] {"k1", 1}, Long.MAX_VALUE, null);
            assertEquals(99.0, newest.values[2]);
            assertNull(newest.values[3]);
            Entry tomb = r.get(codec.encodeKey("k1", 1), new Object[] {"k1", 1}, seq - 1, null);
            assertTrue(tomb.tombstone);
            assertEquals("k1", tomb.values[0]);
            assertEquals(1, tomb.values[1]);
            assertNull(tomb.values[2]);
            Entry old = r.get(codec.encodeKey("k1", 1), new Object[] {"k1", 1}, seq - 2, new boolean[] {true, true, false, true});
            assertEquals("note 1", old.values[3]);
            assertNull(old.values[2], "not requested");
            assertNull(r.get(codec.encodeKey("k1", 1), new Object[] {"k1", 1}, 1, null), "older than every version");
            assertNull(r.get(codec.encodeKey("k1", 2), new Object[] {"k1", 2}, Long.MAX_VALUE, null));
            assertNull(r.get(codec.encodeKey("zzz", 0), null, Long.MAX_VALUE, null), "beyond the file");
            assertNull(r.get(codec.encodeKey("a", 0), null, Long.MAX_VALUE, null), "before the file");
            Entry withNul = r.get(codec.encodeKey("k0\u0000x", 350), null, Long.MAX_VALUE, null);
            assertEquals("note 350", withNul.values[3]);
        }
    }

    @Test
    void bloomFilterSkipsMissingKeys() throws IOException {
        Schema schema = composite();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i += 2) {
            entries.add(entry(codec, i + 1, false, "k", i, (double) i, null));
        }
        sort(entries);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(3), schema, options(Compression.ZSTD, 1 << 20, entries.size()), entries);
        BlockCache cache = BlockCache.disabled(); // every key block decode counts as a miss
        try (SstReader r = SstReader.open(storage, FileNames.sst(3), schema, cache)) {
            int decodedFor = 0;
            for (int i = 1; i < 2000; i += 2) {
                long before = cache.misses();
                assertNull(r.get(codec.encodeKey("k", i), new Object[] {"k", i}, Long.MAX_VALUE, null));
                decodedFor += cache.misses() > before ? 1 : 0;
            }
            assertTrue(decodedFor <= 50, "bloom filter let " + decodedFor + " of 1000 misses through");
            assertEquals((double) 10, r.get(codec.encodeKey("k", 10), new Object[] {"k", 10}, Long.MAX_VALUE, null).values[2]);
        }
    }

    @Test
    void concurrentReadersAgree() throws Exception {
        Schema schema = allTypes();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = SstRoundTripTest.randomEntries(2000, 21);
        MemoryStorage storage = new MemoryStorage();
        write(storage, FileNames.sst(4), schema, options(Compression.ZSTD, 8 << 10, entries.size()), entries);
        java.util.Map<Long, Entry> newest = new java.util.HashMap<>();
        for (Entry e : entries) {
            newest.putIfAbsent((Long) e.values[0], e);
        }
        List<Long> ids = new ArrayList<>(newest.keySet());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try (SstReader r = SstReader.open(storage, FileNames.sst(4), schema, new BlockCache(256 << 10))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                Thread th = new Thread(() -> {
                    Random rnd = new Random(seed);
                    try {
                        for (int i = 0; i < 400; i++) {
                            if (i % 50 == 0) {
                                RowGroupData d = r.readRowGroup(rnd.nextInt(r.rowGroupCount()), null);
                                assertTrue(d.rows() > 0);
                            }
                            long id = ids.get(rnd.nextInt(ids.size()));
                            assertEntryEquals(newest.get(id), r.get(codec.encodeKey(id), new Object[] {id}, Long.MAX_VALUE, null));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
