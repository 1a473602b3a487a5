package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Scans bounded by key (whole keys, key prefixes, inclusive and exclusive, one whole key) against
 * a TreeMap oracle, with caches too small to hold a row group, so that narrow ranges decode only
 * the pages that hold them and a scan of one key runs as a point lookup. Random puts, deletes,
 * flushes, compactions, snapshots and transactions with buffered writes spread a key's versions
 * over memtables, files and row groups.
 *
 * <p>Operations: {@code -Dtonbo.test.keyRangeOps=N} (default 4,000 per case); replay with
 * {@code -Dtonbo.test.seed=S}.
 */
class KeyRangeScanTest {
    static final Schema SCHEMA = Schema.builder().column("g", ColumnType.STRING, false).column("n", ColumnType.INT64, false)
            .column("a", ColumnType.INT32).column("s", ColumnType.STRING).column("x", ColumnType.FLOAT64)
            .primaryKey("g", "n").build();
    static final long OPS = Long.getLong("tonbo.test.keyRangeOps", 4_000);
    static final String[] GROUPS = {"a", "b", "bb", "c"};
    static final Comparator<Object[]> KEY_ORDER = Comparator.<Object[], String>comparing(k -> (String) k[0])
            .thenComparing(k -> (Long) k[1]);

    static Options options(long cacheBytes, boolean compaction) {
        // Row groups of a few hundred rows, pages of a few dozen: a narrow range is a small part
        // of its row group.
        return Options.builder().memtableBytes(64 << 10).targetFileBytes(256 << 10).rowGroupBytes(16 << 10).pageBytes(512)
                .level0CompactionTrigger(3).level1MaxBytes(512 << 10).levelSizeMultiplier(4).maxLevels(3)
                .cacheBytes(cacheBytes).compactionEnabled(compaction).build();
    }

    @Test
    void randomKeyRangesWithoutCache() {
        run(options(0, true), OPS);
    }

    @Test
    void randomKeyRangesWithATinyCache() {
        run(options(24 << 10, true), OPS);
    }

    @Test
    void randomKeyRangesWithoutCompaction() {
        run(options(24 << 10, false), OPS / 2);
    }

    static Row row(Random r, String g, long n) {
        return Row.of(SCHEMA, g, n, r.nextInt(7) == 0 ? null : r.nextInt(100),
                r.nextInt(5) == 0 ? null : "v" + r.nextInt(1000), r.nextInt(9) == 0 ? null : r.nextDouble());
    }

    static Object[] randomKey(Random r) {
        return new Object[] {GROUPS[r.nextInt(GROUPS.length)], (long) r.nextInt(600) - 50};
    }

    /** A bound: a whole key, or its first component only. */
    static Object[] randomBound(Random r) {
        Object[] k = randomKey(r);
        return r.nextInt(4) == 0 ? new Object[] {k[0]} : k;
    }

    /** Compares a key's first {@code bound.length} components with the bound. */
    static int comparePrefix(Object[] key, Object[] bound) {
        int c = ((String) key[0]).compareTo((String) bound[0]);
        if (c != 0 || bound.length == 1) {
            return c;
        }
        return Long.compare((Long) key[1], (Long) bound[1]);
    }

    static boolean inRange(Object[] key, Scan scan) {
        if (scan.from() != null) {
            int c = comparePrefix(key, scan.from());
            if (scan.fromInclusive() ? c < 0 : c <= 0) {
                return false;
            }
        }
        if (scan.to() != null) {
            int c = comparePrefix(key, scan.to());
            return scan.toInclusive() ? c <= 0 : c < 0;
        }
        return true;
    }

    static Scan randomScan(Random r) {
        Scan.Builder b = Scan.builder();
        int shape = r.nextInt(10);
        if (shape < 3) {
            Object[] k = randomKey(r); // one whole key: a point lookup
            b.from(k).to(k);
        } else if (shape < 8) {
            Object[] lo = randomKey(r);
            Object[] hi = {lo[0], (Long) lo[1] + 1 + r.nextInt(shape < 6 ? 8 : 200)}; // narrow, then wider
            if (r.nextBoolean()) {
                b.from(lo);
            } else {
                b.fromExclusive(lo);
            }
            if (r.nextBoolean()) {
                b.to(hi);
            } else {
                b.toExclusive(hi);
            }
        } else {
            if (r.nextBoolean()) {
                Object[] lo = randomBound(r);
                if (r.nextBoolean()) {
                    b.from(lo);
                } else {
                    b.fromExclusive(lo);
                }
            }
            if (r.nextBoolean()) {
                Object[] hi = randomBound(r);
                if (r.nextBoolean()) {
                    b.to(hi);
                } else {
                    b.toExclusive(hi);
                }
            }
        }
        if (r.nextInt(3) == 0) {
            b.where(r.nextBoolean() ? Predicate.lt("a", r.nextInt(100)) : Predicate.isNotNull("s"));
        }
        if (r.nextBoolean()) {
            b.columns(r.nextBoolean() ? List.of("x") : List.of("s", "a"));
        }
        b.reverse(r.nextBoolean());
        if (r.nextInt(4) == 0) {
            b.limit(r.nextInt(6));
        }
        return b.build();
    }

    static boolean matches(Row row, Scan scan) {
        org.tonbo4j.internal.read.RowFilter f = org.tonbo4j.internal.read.RowFilter.compile(SCHEMA, scan.where());
        return f == null || f.test(row.values());
    }

    static List<Row> expected(NavigableMap<Object[], Row> model, Scan scan) {
        List<Row> want = new ArrayList<>();
        for (Map.Entry<Object[], Row> e : (scan.reverse() ? model.descendingMap() : model).entrySet()) {
            if (want.size() < scan.limit() && inRange(e.getKey(), scan) && matches(e.getValue(), scan)) {
                want.add(project(e.getValue(), scan));
            }
        }
        return want;
    }

    /** The row as a scan with these columns returns it: the others null. */
    static Row project(Row row, Scan scan) {
        if (scan.columns() == null) {
            return row;
        }
        Object[] v = new Object[SCHEMA.columnCount()];
        v[0] = row.get("g");
        v[1] = row.get("n");
        for (String c : scan.columns()) {
            v[SCHEMA.requireIndex(c)] = row.get(c);
        }
        return Row.of(SCHEMA, v);
    }

    static List<Row> drain(RowIterator<Row> it) {
        try (it) {
            List<Row> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        }
    }

    void run(Options options, long ops) {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        Random r = new Random(seed);
        String replay = "seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")";
        TreeMap<Object[], Row> oracle = new TreeMap<>(KEY_ORDER);
        List<Snapshot<Row>> snaps = new ArrayList<>();
        List<TreeMap<Object[], Row>> snapOracles = new ArrayList<>();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, options)) {
            // A base large enough for several files and row groups per group of keys.
            for (String g : GROUPS) {
                for (long n = -50; n < 550; n++) {
                    Row row = row(r, g, n);
                    t.insert(row);
                    oracle.put(new Object[] {g, n}, row);
                }
            }
            t.compact();
            for (long op = 0; op < ops; op++) {
                int k = r.nextInt(100);
                if (k < 40) {
                    Object[] key = randomKey(r);
                    Row row = row(r, (String) key[0], (Long) key[1]);
                    t.insert(row);
                    oracle.put(key, row);
                } else if (k < 48) {
                    Object[] key = randomKey(r);
                    t.delete(key);
                    oracle.remove(key);
                } else if (k < 50) {
                    t.flush();
                } else if (k == 50) {
                    t.compact();
                } else if (k == 51 && snaps.size() < 3) {
                    snaps.add(t.snapshot());
                    snapOracles.add(new TreeMap<>(oracle));
                } else if (k == 52 && !snaps.isEmpty()) {
                    snaps.remove(0).close();
                    snapOracles.remove(0);
                } else if (k < 56) {
                    transaction(t, r, oracle, replay);
                } else {
                    Scan scan = randomScan(r);
                    int which = snaps.isEmpty() || r.nextBoolean() ? -1 : r.nextInt(snaps.size());
                    TreeMap<Object[], Row> model = which < 0 ? oracle : snapOracles.get(which);
                    List<Row> got = drain(which < 0 ? t.scan(scan) : snaps.get(which).scan(scan));
                    assertEquals(expected(model, scan), got, "op " + op + ", " + scan
                            + (which < 0 ? "" : " on snapshot " + which) + ", " + replay);
                    if (scan.columns() == null && scan.where().isEmpty() && scan.limit() > 0 && which < 0 && scan.from() != null
                            && Arrays.equals(scan.from(), scan.to()) && scan.from().length == 2) {
                        assertEquals(t.get(scan.from()), got.stream().findFirst(), replay);
                    }
                }
            }
            for (Snapshot<Row> s : snaps) {
                s.close();
            }
        }
    }

    /** A transaction's scans see its own buffered writes and deletes merged over the table. */
    void transaction(Table<Row> t, Random r, TreeMap<Object[], Row> oracle, String replay) {
        TreeMap<Object[], Row> mine = new TreeMap<>(oracle);
        try (Transaction<Row> tx = t.begin()) {
            for (int i = 0; i < 12; i++) {
                int k = r.nextInt(10);
                Object[] key = randomKey(r);
                if (k < 4) {
                    Row row = row(r, (String) key[0], (Long) key[1]);
                    tx.insert(row);
                    mine.put(key, row);
                } else if (k < 6) {
                    tx.delete(key);
                    mine.remove(key);
                } else {
                    Scan scan = randomScan(r);
                    assertEquals(expected(mine, scan), drain(tx.scan(scan)), "in a transaction: " + scan + ", " + replay);
                    Optional<Row> got = tx.get(key);
                    assertEquals(Optional.ofNullable(mine.get(key)), got, replay);
                }
            }
            if (r.nextBoolean()) {
                tx.commit();
                oracle.clear();
                oracle.putAll(mine);
            } else {
                tx.rollback();
            }
        }
    }

    /** A scan of one whole key returns what get returns, for keys of every kind. */
    @Test
    void aScanOfOneKeyIsTheLookup() {
        Schema binary = Schema.builder().column("k", ColumnType.BINARY, false).column("v", ColumnType.STRING)
                .column("w", ColumnType.INT64).primaryKey("k").build();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), binary, options(0, true))) {
            for (int i = 0; i < 3000; i++) {
                t.insert(Row.of(binary, new byte[] {(byte) (i >> 8), (byte) i}, "v" + i, (long) i));
            }
            t.flush();
            t.delete((Object) new byte[] {0, 7});
            t.insert(Row.of(binary, new byte[] {0, 8}, "new", 8L));
            for (int i : new int[] {0, 7, 8, 1000, 2999, 3000}) {
                byte[] k = {(byte) (i >> 8), (byte) i};
                Scan all = Scan.builder().from((Object) k).to((Object) k).build();
                assertEquals(t.get((Object) k), drain(t.scan(all)).stream().findFirst(), "key " + i);
                Scan one = Scan.builder().from((Object) k).to((Object) k).columns("w").build();
                List<Row> got = drain(t.scanRows(one));
                Optional<Row> want = t.get((Object) k);
                assertEquals(want.isPresent() ? 1 : 0, got.size(), "key " + i);
                if (want.isPresent()) {
                    assertTrue(Arrays.equals(k, (byte[]) got.get(0).get("k")));
                    assertEquals(want.get().get("w"), got.get(0).get("w"));
                    assertEquals(null, got.get(0).get("v"), "a column not asked for comes back null");
                }
                try (BatchIterator batches = t.scanBatches(one)) {
                    long rows = 0;
                    for (RowBatch batch = batches.next(64); batch != null; batch = batches.next(64)) {
                        rows += batch.size();
                    }
                    assertEquals(want.isPresent() ? 1 : 0, rows, "key " + i);
                }
            }
            // A where clause on the newest version: an older version that matches stays hidden.
            Scan filtered = Scan.builder().from((Object) new byte[] {0, 8}).to((Object) new byte[] {0, 8})
                    .where(Predicate.eq("v", "v8")).build();
            assertEquals(List.of(), drain(t.scan(filtered)));
        }
    }

    /** Counts the bytes SST reads fetch. */
    @Test
    void aNarrowRangeDecodesOnlyItsPages() {
        FilterScanTest.CountingStorage storage = new FilterScanTest.CountingStorage();
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("v", ColumnType.STRING)
                .primaryKey("id").build();
        Options o = Options.builder().rowGroupBytes(4 << 20).pageBytes(8 << 10).cacheBytes(0).build();
        Random r = new Random(7);
        try (Table<Row> t = Tonbo.open(storage, s, o)) {
            List<Row> rows = new ArrayList<>();
            for (long id = 0; id < 100_000; id++) {
                rows.add(Row.of(s, id, Long.toString(r.nextLong(), 36)));
            }
            t.insertAll(rows);
            t.flush();
            t.compact();
            storage.bytes.set(0);
            assertEquals(100_000, drain(t.scan(Scan.all())).size());
            long whole = storage.bytes.get();
            storage.bytes.set(0);
            List<Row> got = drain(t.scan(Scan.builder().from(50_000L).toExclusive(50_100L).build()));
            long narrow = storage.bytes.get();
            assertEquals(100, got.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(rows.get(50_000 + i), got.get(i));
            }
            assertTrue(narrow * 4 < whole, "a range of 100 rows read " + narrow + " bytes, the whole table " + whole);
        }
    }
}
