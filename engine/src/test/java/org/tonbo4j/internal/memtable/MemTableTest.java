package org.tonbo4j.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * Batches added to a memtable, small ones row by row and large ones merged in one linear pass,
 * read back against a model: every version, in key order then newest first.
 */
class MemTableTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.INT64, false).primaryKey("id").build();
    private static final KeyCodec KEYS = new KeyCodec(SCHEMA);
    private static final RowCodec CODEC = new RowCodec(SCHEMA);

    @Test
    void smallAndLargeBatchesKeepEveryVersionInOrder() {
        Random r = new Random(11);
        MemTable m = new MemTable(1, CODEC);
        // model: key -> (seq -> value), versions newest first when read
        TreeMap<Long, TreeMap<Long, Long>> model = new TreeMap<>();
        long seq = 1;
        int[] sizes = {10, 3, 5_000, 200, 40_000, 7, 4_096, 30_000};
        for (int size : sizes) {
            List<Mutation> batch = new ArrayList<>();
            java.util.Set<Long> keysInBatch = new java.util.HashSet<>();
            while (batch.size() < size) {
                long k = r.nextInt(60_000);
                if (!keysInBatch.add(k)) {
                    continue; // a transaction's batch holds each key once
                }
                long v = r.nextLong();
                batch.add(new Mutation(KEYS.encodeKey(k), false, CODEC.rowBytes(new Object[] {k, v})));
            }
            batch.sort((a, b) -> KeyCodec.compare(a.key(), b.key()));
            m.addBatch(org.tonbo4j.internal.MutationBatch.of(batch), seq);
            for (int i = 0; i < batch.size(); i++) {
                Object[] row = CODEC.decodeRow(batch.get(i).encoded());
                model.computeIfAbsent((Long) row[0], x -> new TreeMap<>()).put(seq + i, (Long) row[1]);
            }
            seq += batch.size();
            check(m, model, seq - 1);
        }
    }

    private static void check(MemTable m, TreeMap<Long, TreeMap<Long, Long>> model, long lastSeq) {
        int versions = 0;
        Iterator<Entry> it = m.iterator();
        for (Map.Entry<Long, TreeMap<Long, Long>> k : model.entrySet()) {
            for (Map.Entry<Long, Long> v : k.getValue().descendingMap().entrySet()) {
                Entry e = it.next();
                assertArrayEquals(KEYS.encodeKey(k.getKey()), e.key);
                assertEquals(v.getKey(), e.seq);
                assertEquals(v.getValue(), e.values[1]);
                versions++;
            }
        }
        assertFalse(it.hasNext());
        assertFlushSeesEveryEntry(m);
        assertEquals(versions, m.size());
        assertEquals(lastSeq, m.maxSeq());
        long probe = model.firstKey();
        Entry newest = m.get(KEYS.encodeKey(probe), Long.MAX_VALUE);
        assertEquals(model.get(probe).lastEntry().getValue(), newest.values[1]);
        assertNull(m.get(KEYS.encodeKey(-1L), Long.MAX_VALUE));
    }

    /**
     * Runs (large ascending batches) and skip-list rows with deletes, read back by point gets at
     * every batch's sequence and by ranges in both directions, against a model.
     */
    @Test
    void runsAndSkipListRowsAnswerGetsAndRangesAtEverySequence() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            MemTable m = new MemTable(1, CODEC);
            TreeMap<Long, TreeMap<Long, Long>> model = new TreeMap<>(); // key -> seq -> value (null: delete)
            List<Long> batchEnds = new ArrayList<>();
            long seq = 1;
            for (int b = 0; b < 6; b++) {
                int size = r.nextBoolean() ? 4_096 + r.nextInt(20_000) : 1 + r.nextInt(300);
                java.util.TreeSet<Long> keys = new java.util.TreeSet<>();
                while (keys.size() < size) {
                    keys.add((long) r.nextInt(50_000) - 10_000);
                }
                addBatch(m, model, keys, seq, r, 5);
                seq += size;
                batchEnds.add(seq - 1);
            }
            String where = "seed " + seed;
            verify(m, model, batchEnds, r, where);
            assertEquals(seq - 1, m.maxSeq(), where);
        }
    }

    /**
     * An append-style load committed in many batches, each above every key held (the chain of
     * runs), mixed with batches of updates and deletes of old keys (the skip list and large runs),
     * read back against a model.
     */
    @Test
    void batchesAboveEveryKeyFormOneChain() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(100 + seed);
            MemTable m = new MemTable(1, CODEC);
            TreeMap<Long, TreeMap<Long, Long>> model = new TreeMap<>();
            List<Long> batchEnds = new ArrayList<>();
            long seq = 1;
            long next = -5_000;
            for (int b = 0; b < 40; b++) {
                java.util.TreeSet<Long> keys = new java.util.TreeSet<>();
                if (model.isEmpty() || r.nextInt(4) != 0) {
                    int size = r.nextInt(5) == 0 ? 1 + r.nextInt(300) : 200 + r.nextInt(1_500);
                    while (keys.size() < size) {
                        next += 1 + r.nextInt(3);
                        keys.add(next);
                    }
                } else {
                    int range = (int) (next + 5_100);
                    int size = Math.min(range / 2, r.nextBoolean() ? 1 + r.nextInt(50) : 4_096 + r.nextInt(2_000));
                    while (keys.size() < size) {
                        keys.add(-5_000 + (long) r.nextInt(range));
                    }
                    next = Math.max(next, keys.last());
                }
                addBatch(m, model, keys, seq, r, 7);
                seq += keys.size();
                batchEnds.add(seq - 1);
            }
            String where = "seed " + seed;
            verify(m, model, batchEnds, r, where);
            int versions = 0;
            Iterator<Entry> all = m.iterator();
            for (Map.Entry<Long, TreeMap<Long, Long>> e : model.entrySet()) {
                for (long s : e.getValue().descendingKeySet()) {
                    Entry got = all.next();
                    assertArrayEquals(KEYS.encodeKey(e.getKey()), got.key, where);
                    assertEquals(s, got.seq, where);
                    versions++;
                }
            }
            assertFalse(all.hasNext(), where);
            assertEquals(versions, m.size(), where);
            assertEquals(seq - 1, m.maxSeq(), where);
        }
    }

    /** Point gets at every batch end and ranges in both directions, against the model. */
    private static void verify(MemTable m, TreeMap<Long, TreeMap<Long, Long>> model, List<Long> batchEnds, Random r,
            String where) {
        long min = model.firstKey() - 1_000;
        int span = (int) (model.lastKey() - min) + 2_000;
        for (long at : batchEnds) {
            for (int probe = 0; probe < 300; probe++) {
                long k = min + r.nextInt(span);
                TreeMap<Long, Long> versions = model.get(k);
                Map.Entry<Long, Long> want = versions == null ? null : versions.floorEntry(at);
                Entry got = m.get(KEYS.encodeKey(k), at);
                if (want == null) {
                    assertNull(got, where);
                } else {
                    assertEquals(want.getKey(), got.seq, where);
                    assertEquals(want.getValue() == null, got.tombstone, where);
                    if (want.getValue() != null) {
                        assertEquals(want.getValue(), got.values[1], where);
                    }
                }
            }
        }
        for (int q = 0; q < 20; q++) {
            long lo = min + r.nextInt(span);
            long hi = lo + r.nextInt(5_000);
            boolean descending = r.nextBoolean();
            List<long[]> want = new ArrayList<>(); // key, seq
            for (Map.Entry<Long, TreeMap<Long, Long>> e : model.subMap(lo, true, hi, false).entrySet()) {
                for (long s : e.getValue().descendingKeySet()) {
                    want.add(new long[] {e.getKey(), s});
                }
            }
            if (descending) {
                java.util.Collections.reverse(want);
            }
            Iterator<Entry> it = m.iterator(KEYS.encodeKey(lo), KEYS.encodeKey(hi), descending);
            for (long[] w : want) {
                Entry e = it.next();
                assertArrayEquals(KEYS.encodeKey(w[0]), e.key, where);
                assertEquals(w[1], e.seq, where);
            }
            assertFalse(it.hasNext(), where);
        }
        assertFlushSeesEveryEntry(m);
    }

    /**
     * The flush's iterator gives the entries of {@link MemTable#iterator()}: puts with their row
     * still encoded (decoding to the same values), tombstones decoded.
     */
    private static void assertFlushSeesEveryEntry(MemTable m) {
        Iterator<Entry> all = m.iterator();
        Iterator<Entry> flush = m.flushIterator();
        while (all.hasNext()) {
            Entry want = all.next();
            Entry got = flush.next();
            assertArrayEquals(want.key, got.key);
            assertEquals(want.seq, got.seq);
            assertEquals(want.tombstone, got.tombstone);
            if (want.tombstone) {
                assertArrayEquals(want.values, got.values);
            } else {
                assertNull(got.values);
                assertArrayEquals(want.values, CODEC.decodeRow(got.encoded, got.encodedOffset, got.encodedLength, null));
            }
        }
        assertFalse(flush.hasNext());
    }

    /**
     * Adds one batch of {@code keys} (ascending) with sequences from {@code seq}: one in
     * {@code deleteOneIn} a delete, the others puts of random values; records it in the model.
     */
    private static void addBatch(MemTable m, TreeMap<Long, TreeMap<Long, Long>> model, java.util.SortedSet<Long> keys,
            long seq, Random r, int deleteOneIn) {
        List<Mutation> batch = new ArrayList<>();
        long s = seq;
        for (long k : keys) {
            boolean delete = r.nextInt(deleteOneIn) == 0;
            long v = r.nextLong();
            batch.add(delete ? new Mutation(KEYS.encodeKey(k), true, CODEC.keyBytes(new Object[] {k, null}))
                    : new Mutation(KEYS.encodeKey(k), false, CODEC.rowBytes(new Object[] {k, v})));
            model.computeIfAbsent(k, x -> new TreeMap<>()).put(s++, delete ? null : v);
        }
        m.addBatch(org.tonbo4j.internal.MutationBatch.of(batch), seq);
    }
}
