package org.tonbo4j.internal.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * The write buffer against a sorted map: random puts, deletes, put-if-absent, savepoints and
 * rollbacks, reads and range reads in between, with keys that mostly ascend (the appended run)
 * and sometimes fall anywhere (the hash index), then the commit's views: mutations in key order
 * in the WAL's encoding, entries, the keys to check.
 */
class WriteBufferTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING, false).primaryKey("id").build();
    private static final KeyCodec KEYS = new KeyCodec(SCHEMA);
    private static final RowCodec CODEC = new RowCodec(SCHEMA);

    private static Entry put(long id, String v) {
        Object[] values = {id, v};
        return new Entry(KEYS.encodeRow(values), Long.MAX_VALUE, false, values);
    }

    private static Entry delete(long id) {
        return new Entry(KEYS.encodeKey(id), Long.MAX_VALUE, true, new Object[] {id, null});
    }

    @Test
    void randomOperationsMatchASortedMap() {
        for (long seed = 1; seed <= 40; seed++) {
            run(new Random(seed), seed, false);
        }
        // Range reads merge everything into the sorted array: with few of them, writes stay
        // appended (in the arena) through replacements, deletes and rollbacks.
        for (long seed = 41; seed <= 80; seed++) {
            run(new Random(seed), seed, true);
        }
    }

    private static void run(Random r, long seed, boolean fewRanges) {
        WriteBuffer b = new WriteBuffer(SCHEMA.keyIndexes(), CODEC);
        TreeMap<Long, Entry> model = new TreeMap<>();
        List<TreeMap<Long, Entry>> savepoints = new ArrayList<>();
        Set<Long> below = new HashSet<>(); // keys the snapshot under the buffer holds
        for (long k = 0; k < 400; k += 7) {
            below.add(k);
        }
        long next = r.nextInt(5);
        int ops = 200 + r.nextInt(800);
        for (int op = 0; op < ops; op++) {
            String where = "seed " + seed + " op " + op;
            long key = r.nextInt(4) > 0 ? (next += 1 + r.nextInt(3)) : r.nextInt((int) next + 2);
            int kind = r.nextInt(100);
            if (kind < 40) {
                Entry e = put(key, "v" + op);
                b.put(e);
                model.put(key, e);
            } else if (kind < 60) {
                Entry e = put(key, "w" + op);
                Entry current = model.get(key);
                boolean expected = current != null ? current.tombstone : !below.contains(key);
                assertEquals(expected, b.putIfAbsent(e, x -> below.contains((Long) x.values[0])), where);
                if (expected) {
                    model.put(key, e);
                }
            } else if (kind < 72) {
                Entry e = delete(key);
                b.put(e);
                model.put(key, e);
            } else if (kind < 78) {
                savepoints.add(new TreeMap<>(model));
                assertEquals(savepoints.size() - 1, b.savepoint(), where);
            } else if (kind < 82 && !savepoints.isEmpty()) {
                int sp = r.nextInt(savepoints.size());
                b.rollbackTo(sp);
                model = new TreeMap<>(savepoints.get(sp));
                savepoints.subList(sp + 1, savepoints.size()).clear();
            } else if (kind < 90 && (!fewRanges || r.nextInt(30) == 0)) {
                long lo = r.nextInt((int) next + 2);
                long hi = lo + r.nextInt(40);
                boolean reverse = r.nextBoolean();
                List<Entry> expected = new ArrayList<>((reverse ? model.subMap(lo, true, hi, false).descendingMap() : model.subMap(lo, true, hi, false)).values());
                assertSame(expected, b.range(KEYS.encodeKey(lo), KEYS.encodeKey(hi), reverse), where);
            } else {
                Entry want = model.get(key);
                Entry got = b.get(KEYS.encodeKey(key));
                if (want == null) {
                    assertNull(got, where);
                } else {
                    assertSame(List.of(want), List.of(got), where);
                }
            }
            assertEquals(model.size(), b.size(), where);
        }
        checkCommitViews(b, model, "seed " + seed);
    }

    private static void checkCommitViews(WriteBuffer b, TreeMap<Long, Entry> model, String where) {
        MutationBatch mutations = b.mutations();
        List<Entry> entries = b.entries();
        List<CheckKey> keys = b.checkKeys();
        assertEquals(model.size(), mutations.size(), where);
        assertSame(new ArrayList<>(model.values()), entries, where);
        int i = 0;
        for (Map.Entry<Long, Entry> e : model.entrySet()) {
            Entry want = e.getValue();
            assertArrayEquals(want.key, mutations.key(i), where);
            assertEquals(want.tombstone, mutations.delete(i), where);
            if (want.tombstone) {
                assertArrayEquals(new Object[] {e.getKey(), null}, CODEC.decodeKey(mutations.encoded(i)), where);
            } else {
                assertArrayEquals(want.values, CODEC.decodeRow(mutations.encoded(i)), where);
            }
            assertArrayEquals(want.key, keys.get(i).encoded(), where);
            assertArrayEquals(new Object[] {e.getKey()}, keys.get(i).values(), where);
            i++;
        }
        assertEquals(model.size(), keys.size(), where);
    }

    /** Same keys, kinds and values in the same order (buffered entries are decoded anew on each read). */
    private static void assertSame(List<Entry> want, List<Entry> got, String where) {
        assertEquals(want.size(), got.size(), where);
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).key, got.get(i).key, where);
            assertEquals(want.get(i).tombstone, got.get(i).tombstone, where);
            assertArrayEquals(want.get(i).values, got.get(i).values, where);
            assertEquals(Long.MAX_VALUE, got.get(i).seq, where);
        }
    }

    @Test
    void anAscendingLoadIsCommittedInOrderWithoutMerging() {
        WriteBuffer b = new WriteBuffer(SCHEMA.keyIndexes(), CODEC);
        for (long k = 0; k < 10_000; k++) {
            assertTrue(b.putIfAbsent(put(k, "x"), e -> false));
        }
        assertFalse(b.putIfAbsent(put(5_000, "again"), e -> false), "a buffered key is present");
        assertEquals("x", b.get(KEYS.encodeKey(5_000L)).values[1]);
        assertNull(b.get(KEYS.encodeKey(10_000L)));
        b.put(delete(42));
        assertTrue(b.get(KEYS.encodeKey(42L)).tombstone);
        MutationBatch m = b.mutations();
        assertEquals(10_000, m.size());
        for (int i = 1; i < m.size(); i++) {
            assertTrue(KeyCodec.compare(m.key(i - 1), m.key(i)) < 0);
        }
        assertTrue(m.delete(42));
    }

    /**
     * Statement savepoints over a bulk load: each statement's appended rows are one undo step,
     * which must still undo exactly its rows after a range read has moved them out of the arena.
     */
    @Test
    void statementsOfAnAscendingLoadRollBackWholeAlsoAfterARangeRead() {
        WriteBuffer b = new WriteBuffer(SCHEMA.keyIndexes(), CODEC);
        int first = b.savepoint();
        for (long k = 0; k < 1_000; k++) {
            assertTrue(b.putIfAbsent(put(k, "a"), e -> false));
        }
        long bytesAfterFirst = b.estimatedBytes();
        int second = b.savepoint();
        for (long k = 1_000; k < 1_500; k++) {
            b.put(put(k, "b"));
        }
        b.put(put(10, "changed")); // not above every key: a step of its own
        int third = b.savepoint();
        for (long k = 1_500; k < 1_600; k++) {
            b.put(put(k, "c"));
        }
        assertEquals(1_600, b.range(null, null, false).size()); // merges: the arena is emptied
        for (long k = 1_600; k < 1_700; k++) {
            b.put(put(k, "d"));
        }
        b.rollbackTo(third);
        assertEquals(1_500, b.size());
        assertNull(b.get(KEYS.encodeKey(1_550L)));
        assertEquals("changed", b.get(KEYS.encodeKey(10L)).values[1]);
        b.rollbackTo(second);
        assertEquals(1_000, b.size());
        assertEquals(bytesAfterFirst, b.estimatedBytes());
        assertEquals("a", b.get(KEYS.encodeKey(10L)).values[1]);
        assertNull(b.get(KEYS.encodeKey(1_000L)));
        b.rollbackTo(first);
        assertEquals(0, b.size());
        assertEquals(0, b.estimatedBytes());
        assertTrue(b.range(null, null, false).isEmpty());
    }

    @Test
    void aRowThatCannotBeEncodedIsRefusedWhenBuffered() {
        WriteBuffer b = new WriteBuffer(SCHEMA.keyIndexes(), CODEC);
        Object[] values = {1L, null};
        Entry bad = new Entry(KEYS.encodeRow(values), Long.MAX_VALUE, false, values);
        assertThrows(IllegalArgumentException.class, () -> b.put(bad));
        assertEquals(0, b.size());
        assertNull(b.get(bad.key));
    }
}
