package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.sst.VectorBatch;
import org.tonbo4j.storage.MemoryStorage;

/**
 * {@link Table#scanBatches} against a TreeMap oracle: random puts, deletes, flushes, compactions
 * and held snapshots (which keep old versions in the files), so that runs handed over in column
 * form meet every boundary — other sources, neighbouring row groups and files holding versions of
 * the same key, tombstones, filters that exclude pages — and boxed rows between them. Random key
 * bounds, order, filters, projection, limit and batch sizes; every scan must return exactly the
 * oracle's rows, read through the typed getters and get() alike.
 *
 * <p>Operations: {@code -Dtonbo.test.batchOps=N} (default 6,000); replay with
 * {@code -Dtonbo.test.seed=S}.
 */
class ScanBatchesTest {
    private static final Schema SCHEMA = FilterScanTest.SCHEMA;
    private static final long OPS = Long.getLong("tonbo.test.batchOps", 6_000);

    @Test
    void randomHistoriesWithCompaction() {
        assertTrue(run(FilterScanTest.tiny(true), OPS / 2) > 0, "no batch came in column form");
    }

    @Test
    void randomHistoriesWithoutCompaction() {
        assertTrue(run(FilterScanTest.tiny(false), OPS / 2) > 0, "no batch came in column form");
    }

    /** Returns how many batches were column vector views. */
    private long run(Options options, long ops) {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        Random r = new Random(seed);
        String replay = "seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")";
        TreeMap<Long, Row> oracle = new TreeMap<>();
        List<Snapshot<Row>> snaps = new ArrayList<>();
        long vectorBatches = 0;
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, options)) {
            for (long op = 0; op < ops; op++) {
                int k = r.nextInt(100);
                if (k < 55) {
                    long id = r.nextInt(120);
                    Row row = FilterScanTest.row(r, id);
                    t.insert(row);
                    oracle.put(id, row);
                } else if (k < 63) {
                    long id = r.nextInt(120);
                    t.delete(id);
                    oracle.remove(id);
                } else if (k < 66) {
                    t.flush();
                } else if (k < 67) {
                    t.compact();
                } else if (k < 70 && snaps.size() < 3) {
                    snaps.add(t.snapshot()); // its versions stay in the files, beside newer ones
                } else if (k < 71 && !snaps.isEmpty()) {
                    snaps.remove(0).close();
                } else {
                    vectorBatches += scanAndCompare(t, oracle, r, "op " + op + ", " + replay);
                }
            }
            t.compact();
            vectorBatches += scanAndCompare(t, oracle, r, "after compaction, " + replay);
            for (Snapshot<Row> s : snaps) {
                s.close();
            }
        }
        return vectorBatches;
    }

    private static long scanAndCompare(Table<Row> t, TreeMap<Long, Row> oracle, Random r, String where) {
        Scan.Builder b = Scan.builder();
        List<Predicate> preds = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            preds.add(FilterScanTest.predicate(r));
            b.where(preds.toArray(new Predicate[0]));
        }
        boolean reverse = r.nextBoolean();
        b.reverse(reverse);
        boolean projected = r.nextBoolean();
        if (projected) {
            b.columns("x", "a");
        }
        Long from = r.nextInt(3) == 0 ? (long) r.nextInt(120) : null;
        Long to = r.nextInt(3) == 0 ? (long) r.nextInt(120) : null;
        if (from != null && to != null && from > to) {
            Long x = from;
            from = to;
            to = x;
        }
        if (from != null) {
            b.from(from);
        }
        if (to != null) {
            b.toExclusive(to);
        }
        long limit = r.nextInt(4) == 0 ? r.nextInt(30) : Long.MAX_VALUE;
        b.limit(limit);
        Scan scan = b.build();
        NavigableMap<Long, Row> range = oracle;
        if (from != null) {
            range = range.tailMap(from, true);
        }
        if (to != null) {
            range = range.headMap(to, false);
        }
        List<Row> want = new ArrayList<>();
        for (Map.Entry<Long, Row> e : (reverse ? range.descendingMap() : range).entrySet()) {
            if (want.size() < limit && (preds.isEmpty() || FilterScanTest.matches(e.getValue(), preds))) {
                want.add(e.getValue());
            }
        }
        List<Row> got = new ArrayList<>();
        long vectors = 0;
        int first = 1 + r.nextInt(r.nextBoolean() ? 4 : 64);
        boolean varying = r.nextBoolean(); // batch sizes that change from call to call
        try (BatchIterator it = t.scanBatches(scan)) {
            int max = first;
            for (RowBatch batch = it.next(max); batch != null; batch = it.next(max)) {
                assertTrue(batch.size() >= 1 && batch.size() <= max, where);
                vectors += batch instanceof VectorBatch ? 1 : 0;
                for (int i = 0; i < batch.size(); i++) {
                    got.add(read(batch, i, projected, where));
                }
                max = varying ? 1 + r.nextInt(100) : first;
            }
            assertNull(it.next(first), where);
        }
        List<Row> expected = new ArrayList<>();
        for (Row w : want) {
            expected.add(projected ? Row.of(SCHEMA, w.get(0), w.get(1), null, null, w.get(4)) : w);
        }
        assertEquals(expected, got, where + ", " + scan + ", batches of " + first + (varying ? ", then varying" : ""));
        return vectors;
    }

    /** Row i of a batch through get(), checked against isNull and the typed getters. */
    private static Row read(RowBatch b, int i, boolean projected, String where) {
        Object[] v = new Object[SCHEMA.columnCount()];
        for (int c = 0; c < v.length; c++) {
            v[c] = b.get(i, c);
            assertEquals(v[c] == null, b.isNull(i, c), where);
        }
        assertEquals((Long) v[0], b.getLong(i, 0), where);
        assertEquals(v[1] == null ? 0L : (long) (Integer) v[1], b.getLong(i, 1), where);
        assertEquals(v[4] == null ? 0.0 : (Double) v[4], b.getDouble(i, 4), where);
        assertThrows(IllegalArgumentException.class, () -> b.getLong(i, 2), where);
        assertThrows(IllegalArgumentException.class, () -> b.getDouble(i, 0), where);
        if (projected) {
            assertNull(v[2], where);
            assertNull(v[3], where);
        }
        return Row.of(SCHEMA, v);
    }

    @Test
    void aCompactedTableComesInColumnFormAndRecentWritesBoxed() {
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, FilterScanTest.tiny(false))) {
            for (long id = 0; id < 3_000; id++) {
                t.insert(Row.of(SCHEMA, id, (int) id, null, null, id / 2.0));
            }
            t.compact();
            t.insert(Row.of(SCHEMA, 1_500L, -1, "new", null, -1.0)); // a newer version, in the memtable
            int vector = 0;
            int boxed = 0;
            long sum = 0;
            long n = 0;
            try (BatchIterator it = t.scanBatches(Scan.builder().columns("a").build())) {
                for (RowBatch b = it.next(1024); b != null; b = it.next(1024)) {
                    if (b instanceof VectorBatch) {
                        vector++;
                    } else {
                        boxed++;
                    }
                    for (int i = 0; i < b.size(); i++) {
                        sum += b.getLong(i, 1);
                        n++;
                    }
                }
            }
            assertEquals(3_000, n);
            assertEquals(2_999L * 3_000 / 2 - 1_500 - 1, sum);
            assertTrue(vector >= 3 && boxed >= 1, vector + " vector and " + boxed + " boxed batches");
            assertThrows(IllegalArgumentException.class, () -> t.scanBatches(Scan.all()).next(0));
        }
    }

    /**
     * Versions of one key kept side by side (a held snapshot) in one file and across row groups
     * and files: a run must end before a key whose versions go on in the next row group or file.
     */
    @Test
    void versionsSpanningRowGroupsAndFilesAreReadOnce() {
        Options o = Options.builder().memtableBytes(64 << 10).targetFileBytes(2 << 10).rowGroupBytes(256).pageBytes(64)
                .compactionEnabled(false).build();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, o)) {
            List<Snapshot<Row>> held = new ArrayList<>();
            for (int version = 0; version < 5; version++) {
                for (long id = 0; id < 400; id++) {
                    t.insert(Row.of(SCHEMA, id, version, null, null, (double) version));
                }
                held.add(t.snapshot());
            }
            t.flush(); // one memtable, every version of every key: row groups of a few rows each
            t.compact(); // into L1 files split at a target size, the old versions kept for the snapshots
            for (boolean reverse : new boolean[] {false, true}) {
                List<Long> ids = new ArrayList<>();
                try (BatchIterator it = t.scanBatches(Scan.builder().reverse(reverse).build())) {
                    for (RowBatch b = it.next(100); b != null; b = it.next(100)) {
                        for (int i = 0; i < b.size(); i++) {
                            ids.add(b.getLong(i, 0));
                            assertEquals(4L, b.getLong(i, 1), "newest version of " + b.getLong(i, 0));
                        }
                    }
                }
                assertEquals(400, ids.size(), "reverse " + reverse);
                assertEquals(reverse ? 399L : 0L, ids.get(0));
            }
            held.forEach(Snapshot::close);
        }
    }
}
