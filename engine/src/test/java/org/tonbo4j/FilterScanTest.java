package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.ReadableFile;

/**
 * Scans with column conditions ({@link Scan.Builder#where}) against a TreeMap oracle: random
 * puts, deletes, flushes, compactions and snapshots, so that a key's versions spread over
 * memtables, L0 files, deeper levels and row groups whose statistics exclude some versions and
 * not others (the MVCC trap: skipping a newer non-matching version must not resurrect an older
 * matching one). Every scan must return exactly the oracle's matching rows.
 *
 * <p>Operations: {@code -Dtonbo.test.filterOps=N} (default 6,000); replay with
 * {@code -Dtonbo.test.seed=S}.
 */
class FilterScanTest {
    static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false).column("a", ColumnType.INT32)
            .column("s", ColumnType.STRING).column("d", ColumnType.DATE).column("x", ColumnType.FLOAT64)
            .primaryKey("id").build();
    static final long OPS = Long.getLong("tonbo.test.filterOps", 6_000);

    static Options tiny(boolean compaction) {
        return Options.builder().memtableBytes(8 << 10).targetFileBytes(8 << 10).rowGroupBytes(1 << 10).pageBytes(128)
                .level0CompactionTrigger(3).level1MaxBytes(16 << 10).levelSizeMultiplier(2).maxLevels(4)
                .cacheBytes(1 << 20).compactionEnabled(compaction).build();
    }

    static Row row(Random r, long id) {
        // values correlated with the key for part of the rows, so statistics of sorted files prune
        int a = r.nextInt(4) == 0 ? r.nextInt(1000) : (int) id * 10 + r.nextInt(10);
        return Row.of(SCHEMA, id, r.nextInt(8) == 0 ? null : a, r.nextInt(6) == 0 ? null : "s" + (char) ('a' + r.nextInt(26)),
                r.nextInt(5) == 0 ? null : LocalDate.of(2024, 1, 1).plusDays(r.nextInt(400)), r.nextInt(9) == 0 ? null : r.nextDouble());
    }

    static Predicate predicate(Random r) {
        Predicate.Op op = Predicate.Op.values()[r.nextInt(Predicate.Op.values().length)];
        String col = List.of("id", "a", "s", "d", "x").get(r.nextInt(5));
        Object v;
        switch (col) {
            case "id": v = (long) r.nextInt(120); break;
            case "a": v = r.nextInt(1200); break;
            case "s": v = "s" + (char) ('a' + r.nextInt(26)); break;
            case "d": v = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(400)); break;
            default: v = r.nextDouble(); break;
        }
        if (op == Predicate.Op.IS_NULL || op == Predicate.Op.IS_NOT_NULL) {
            return op == Predicate.Op.IS_NULL ? Predicate.isNull(col) : Predicate.isNotNull(col);
        }
        switch (op) {
            case EQ: return Predicate.eq(col, v);
            case LT: return Predicate.lt(col, v);
            case LE: return Predicate.le(col, v);
            case GT: return Predicate.gt(col, v);
            default: return Predicate.ge(col, v);
        }
    }

    static boolean matches(Row row, List<Predicate> where) {
        org.tonbo4j.internal.read.RowFilter f = org.tonbo4j.internal.read.RowFilter.compile(SCHEMA, where);
        return f.test(row.values());
    }

    @Test
    void randomHistoriesWithCompaction() {
        run(tiny(true), OPS / 2);
    }

    @Test
    void randomHistoriesWithoutCompaction() {
        run(tiny(false), OPS / 2);
    }

    void run(Options options, long ops) {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        Random r = new Random(seed);
        String replay = "seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")";
        TreeMap<Long, Row> oracle = new TreeMap<>();
        List<Snapshot<Row>> snaps = new ArrayList<>();
        List<TreeMap<Long, Row>> snapOracles = new ArrayList<>();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, options)) {
            for (long op = 0; op < ops; op++) {
                int k = r.nextInt(100);
                if (k < 55) {
                    long id = r.nextInt(120);
                    Row row = row(r, id);
                    t.insert(row);
                    oracle.put(id, row);
                } else if (k < 65) {
                    long id = r.nextInt(120);
                    t.delete(id);
                    oracle.remove(id);
                } else if (k < 67) {
                    t.flush();
                } else if (k < 68) {
                    t.compact();
                } else if (k < 69 && snaps.size() < 4) {
                    snaps.add(t.snapshot());
                    snapOracles.add(new TreeMap<>(oracle));
                } else if (k < 70 && !snaps.isEmpty()) {
                    snaps.remove(0).close();
                    snapOracles.remove(0);
                } else {
                    List<Predicate> where = new ArrayList<>();
                    int terms = 1 + r.nextInt(2);
                    for (int i = 0; i < terms; i++) {
                        where.add(predicate(r));
                    }
                    Scan.Builder b = Scan.builder().where(where.toArray(new Predicate[0]));
                    boolean reverse = r.nextBoolean();
                    b.reverse(reverse);
                    if (r.nextBoolean()) {
                        b.columns("d"); // filter columns need not be returned
                    }
                    long limit = r.nextInt(4) == 0 ? r.nextInt(10) : Long.MAX_VALUE;
                    b.limit(limit);
                    Scan scan = b.build();
                    int which = snaps.isEmpty() || r.nextBoolean() ? -1 : r.nextInt(snaps.size());
                    TreeMap<Long, Row> model = which < 0 ? oracle : snapOracles.get(which);
                    List<Long> want = new ArrayList<>();
                    for (Map.Entry<Long, Row> e : (reverse ? model.descendingMap() : model).entrySet()) {
                        if (want.size() < limit && matches(e.getValue(), where)) {
                            want.add(e.getKey());
                        }
                    }
                    List<Long> got = new ArrayList<>();
                    try (RowIterator<Row> it = which < 0 ? t.scan(scan) : snaps.get(which).scan(scan)) {
                        while (it.hasNext()) {
                            Row row = it.next();
                            got.add((Long) row.get("id"));
                            if (scan.columns() != null) {
                                assertEquals(model.get((Long) row.get("id")).get("d"), row.get("d"), replay);
                            } else {
                                assertEquals(model.get((Long) row.get("id")), row, replay);
                            }
                        }
                    }
                    assertEquals(want, got, "op " + op + ", " + scan + (which < 0 ? "" : " on snapshot " + which) + ", " + replay);
                }
            }
            for (Snapshot<Row> s : snaps) {
                s.close();
            }
        }
    }

    /** The trap itself, deterministically: an old matching version below a newer non-matching one. */
    @Test
    void aSkippedNewerVersionStillHidesAnOlderMatchingOne() {
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, tiny(false))) {
            for (long id = 0; id < 200; id++) {
                t.insert(Row.of(SCHEMA, id, 5, "old", null, null));
            }
            t.compact(); // every key matches a = 5 down in the last level
            for (long id = 0; id < 200; id += 2) {
                t.insert(Row.of(SCHEMA, id, 900, "new", null, null));
            }
            t.flush(); // an L0 file whose statistics exclude a = 5
            try (Transaction<Row> tx = t.begin()) {
                tx.insert(Row.of(SCHEMA, 1L, 900, "tx", null, null));
                tx.insert(Row.of(SCHEMA, 2L, 5, "tx", null, null));
                List<Long> got = new ArrayList<>();
                try (RowIterator<Row> it = tx.scan(Scan.builder().where(Predicate.eq("a", 5)).build())) {
                    it.forEachRemaining(row -> got.add((Long) row.get("id")));
                }
                assertEquals(2L, got.get(0));
                assertEquals(100, got.size(), got.toString()); // the odd keys but 1, plus 2
            }
            List<Long> got = new ArrayList<>();
            try (RowIterator<Row> it = t.scan(Scan.builder().where(Predicate.eq("a", 5)).build())) {
                it.forEachRemaining(row -> got.add((Long) row.get("id")));
            }
            assertEquals(100, got.size());
            assertTrue(got.stream().allMatch(id -> id % 2 == 1), got.toString());
        }
    }

    /** Counts the bytes SST reads fetch, to show that excluded row groups are not read. */
    static final class CountingStorage extends MemoryStorage {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public ReadableFile open(String name) throws IOException {
            ReadableFile f = super.open(name);
            return new ReadableFile() {
                @Override
                public long length() throws IOException {
                    return f.length();
                }

                @Override
                public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                    bytes.addAndGet(len);
                    f.readFully(position, buf, off, len);
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        }
    }

    @Test
    void excludedRowGroupsAreNotRead() {
        CountingStorage storage = new CountingStorage();
        Schema wide = Schema.builder().column("id", ColumnType.INT64, false).column("day", ColumnType.DATE)
                .column("payload", ColumnType.STRING).primaryKey("id").build();
        Options o = Options.builder().rowGroupBytes(64 << 10).cacheBytes(0).compactionEnabled(false).build();
        try (Table<Row> t = Tonbo.open(storage, wide, o)) {
            List<Row> rows = new ArrayList<>();
            Random r = new Random(1);
            for (long id = 0; id < 20_000; id++) {
                rows.add(Row.of(wide, id, LocalDate.of(2020, 1, 1).plusDays(id / 20), Long.toHexString(r.nextLong())));
            }
            t.insertAll(rows);
            t.compact();
            Scan all = Scan.builder().columns("payload").build();
            Scan narrow = Scan.builder().columns("payload").where(Predicate.ge("day", LocalDate.of(2022, 6, 1)),
                    Predicate.lt("day", LocalDate.of(2022, 6, 8))).build();
            storage.bytes.set(0);
            long n = 0;
            try (RowIterator<Row> it = t.scan(all)) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            long fullBytes = storage.bytes.getAndSet(0);
            List<Row> got = new ArrayList<>();
            try (RowIterator<Row> it = t.scan(narrow)) {
                it.forEachRemaining(got::add);
            }
            long prunedBytes = storage.bytes.get();
            assertEquals(20_000, n);
            assertEquals(140, got.size());
            assertTrue(prunedBytes * 5 < fullBytes, "pruned scan read " + prunedBytes + " bytes, full scan " + fullBytes);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.scan(Scan.builder().where(Predicate.eq("day", "x")).build()));
            assertTrue(e.getMessage().contains("day"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.scan(Scan.builder().where(Predicate.isNull("nope")).build()));
        }
    }
}
