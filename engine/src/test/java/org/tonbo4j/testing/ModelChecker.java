package org.tonbo4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.Transaction;
import org.tonbo4j.TransactionConflictException;
import org.tonbo4j.WriteBatch;
import org.tonbo4j.storage.Storage;

/**
 * Drives a table with random operations and checks every read against a TreeMap oracle. The
 * table has a composite key (k1 INT32, k2 STRING) so that prefix bounds, string escaping and
 * code-point order are exercised. Failures name the seed and the operation number.
 */
public final class ModelChecker {
    static final int K1_RANGE = 24;
    static final String[] K2_POOL = buildPool();

    private final Storage storage;
    private final Options options;
    private final long seed;
    private final String name;
    private final Random rnd;
    private final Schema schema = schema();
    private final TreeMap<Object[], Object[]> oracle = new TreeMap<>(KEY_ORDER);
    private final List<Snap> snapshots = new ArrayList<>();
    private Table<Row> table;
    private long op;
    private final long[] counts = new long[12];

    /** An open snapshot with the oracle state it must show. */
    private record Snap(Snapshot<Row> snapshot, TreeMap<Object[], Object[]> expected) {
    }

    public static final Comparator<Object[]> KEY_ORDER = (a, b) -> {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = i == 0 ? Integer.compare((Integer) a[0], (Integer) b[0]) : compareCodePoints((String) a[1], (String) b[1]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    public ModelChecker(Storage storage, Options options, long seed, String name) {
        this.storage = storage;
        this.options = options;
        this.seed = seed;
        this.name = name;
        this.rnd = new Random(seed);
    }

    public static Schema schema() {
        return Schema.builder()
                .column("k1", ColumnType.INT32, false)
                .column("k2", ColumnType.STRING, false)
                .column("v", ColumnType.STRING)
                .column("n", ColumnType.INT64, false)
                .column("d", ColumnType.FLOAT64)
                .column("day", ColumnType.DATE)
                .column("bin", ColumnType.BINARY)
                .primaryKey("k1", "k2")
                .build();
    }

    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String[] buildPool() {
        String[] alphabet = {"a", "b", "\u0000", "\u00e9", "\uD83D\uDE00", "\uFFFF"};
        Random r = new Random(42);
        List<String> pool = new ArrayList<>(List.of(""));
        while (pool.size() < 40) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(3);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
            if (!pool.contains(sb.toString())) {
                pool.add(sb.toString());
            }
        }
        return pool.toArray(new String[0]);
    }

    public void run(long ops) {
        System.out.println("[" + name + "] seed=" + seed + " ops=" + ops
                + " (replay: -Dtonbo.test.seed=" + seed + " -Dtonbo.test.ops=<same>)");
        table = Tonbo.open(storage, schema, options);
        try {
            for (op = 0; op < ops; op++) {
                step();
            }
            verifyAll();
            reopen();
            verifyAll();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("[" + name + "] failed at op " + op + " with seed " + seed + ": " + e, e);
        } finally {
            for (Snap s : snapshots) {
                s.snapshot.close();
            }
            table.close();
        }
        System.out.println("[" + name + "] ok: put/del/batch/get/scan/snap/flush/compact/reopen/txn = " + Arrays.toString(Arrays.copyOf(counts, 10))
                + ", stats " + statsLine());
    }

    private String statsLine() {
        return "files=" + table.stats().totalFiles() + " bytes=" + table.stats().totalBytes();
    }

    private void step() {
        int p = rnd.nextInt(1000);
        if (p < 300) {
            counts[0]++;
            Object[] row = randomRow();
            table.insert(Row.of(schema, row));
            oracle.put(keyOf(row), row);
        } else if (p < 400) {
            counts[1]++;
            Object[] k = randomKey();
            table.delete(k);
            oracle.remove(k);
        } else if (p < 480) {
            counts[2]++;
            batch();
        } else if (p < 520) {
            counts[9]++;
            transaction();
        } else if (p < 780 || p >= 995) {
            counts[3]++;
            Object[] k = randomKey();
            check(table.get(k), oracle.get(k), "get " + Arrays.toString(k));
        } else if (p < 880) {
            counts[4]++;
            checkScan(table::scan, oracle);
        } else if (p < 960) {
            counts[5]++;
            snapshotOp();
        } else if (p < 980) {
            counts[6]++;
            table.flush();
        } else if (p < 990) {
            counts[7]++;
            table.compact();
        } else {
            counts[8]++;
            reopen();
        }
    }

    private void batch() {
        int n = 1 + rnd.nextInt(30);
        if (rnd.nextBoolean()) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object[] row = randomRow();
                rows.add(Row.of(schema, row));
                oracle.put(keyOf(row), row);
            }
            table.insertAll(rows);
        } else {
            WriteBatch<Row> b = table.newBatch();
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(3) == 0) {
                    Object[] k = randomKey();
                    b.delete(k);
                    oracle.remove(k);
                } else {
                    Object[] row = randomRow();
                    b.insert(Row.of(schema, row));
                    oracle.put(keyOf(row), row);
                }
            }
            table.write(b);
        }
    }

    /**
     * A transaction of random writes, reads (checked against the oracle overlaid with its own
     * writes), savepoints and rollbacks to them; it commits or rolls back, and sometimes a blind
     * write of one of its keys comes first, which must make the commit fail and write nothing.
     */
    private void transaction() {
        TreeMap<Object[], Object[]> view = new TreeMap<>(oracle);
        TreeMap<Integer, TreeMap<Object[], Object[]>> savepoints = new TreeMap<>();
        Map<Integer, Integer> writtenAt = new java.util.HashMap<>();
        List<Object[]> written = new ArrayList<>();
        Transaction<Row> tx = table.begin();
        try {
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                int c = rnd.nextInt(20);
                if (c < 8) {
                    Object[] row = randomRow();
                    tx.insert(Row.of(schema, row));
                    view.put(keyOf(row), row);
                    written.add(keyOf(row));
                } else if (c < 11) {
                    Object[] k = randomKey();
                    tx.delete(k);
                    view.remove(k);
                    written.add(k);
                } else if (c < 14) {
                    Object[] k = randomKey();
                    check(tx.get(k), view.get(k), "transaction get " + Arrays.toString(k));
                } else if (c < 16) {
                    checkScan(tx::scan, view);
                } else if (c < 18) {
                    int sp = tx.savepoint();
                    savepoints.put(sp, new TreeMap<>(view));
                    writtenAt.put(sp, written.size());
                } else if (c < 19 && !savepoints.isEmpty()) {
                    int sp = new ArrayList<>(savepoints.keySet()).get(rnd.nextInt(savepoints.size()));
                    tx.rollbackTo(sp);
                    view = new TreeMap<>(savepoints.get(sp));
                    savepoints.tailMap(sp, false).clear();
                    written.subList(writtenAt.get(sp), written.size()).clear();
                } else {
                    table.flush(); // the snapshot under the transaction moves to SSTs
                }
            }
            int end = rnd.nextInt(10);
            if (end == 0) {
                tx.rollback();
            } else if (end == 1 && !written.isEmpty()) {
                Object[] row = randomRow();
                Object[] k = written.get(rnd.nextInt(written.size()));
                row[0] = k[0];
                row[1] = k[1];
                table.insert(Row.of(schema, row));
                oracle.put(keyOf(row), row);
                try {
                    tx.commit();
                    throw new AssertionError("a commit after a blind write of its key " + Arrays.toString(k) + " must conflict");
                } catch (TransactionConflictException expected) {
                    // nothing of the transaction was written
                }
            } else {
                tx.commit();
                oracle.clear();
                oracle.putAll(view);
            }
        } finally {
            tx.close();
        }
    }

    private void snapshotOp() {
        int c = rnd.nextInt(10);
        if (c < 2 && snapshots.size() < 3) {
            snapshots.add(new Snap(table.snapshot(), new TreeMap<>(oracle)));
        } else if (c < 3 && !snapshots.isEmpty()) {
            snapshots.remove(rnd.nextInt(snapshots.size())).snapshot.close();
        } else if (!snapshots.isEmpty()) {
            Snap s = snapshots.get(rnd.nextInt(snapshots.size()));
            if (rnd.nextBoolean()) {
                Object[] k = randomKey();
                check(s.snapshot.get(k), s.expected.get(k), "snapshot get " + Arrays.toString(k));
            } else {
                checkScan(s.snapshot::scan, s.expected);
            }
        }
    }

    private void reopen() {
        for (Snap s : snapshots) {
            s.snapshot.close();
        }
        snapshots.clear();
        table.close();
        table = Tonbo.open(storage, schema, options);
    }

    private void verifyAll() {
        List<Object[]> got = new ArrayList<>();
        try (RowIterator<Row> it = table.scan()) {
            it.forEachRemaining(r -> got.add(r.values()));
        }
        List<Object[]> want = new ArrayList<>(oracle.values());
        assertEquals(want.size(), got.size(), "row count of a full scan");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "row " + i + " of a full scan");
        }
        for (Object[] k : oracle.keySet()) {
            check(table.get(k), oracle.get(k), "final get " + Arrays.toString(k));
        }
    }

    private void checkScan(java.util.function.Function<Scan, RowIterator<Row>> scanner, TreeMap<Object[], Object[]> expected) {
        Scan.Builder b = Scan.builder();
        Object[] from = null;
        Object[] to = null;
        boolean fromIncl = rnd.nextBoolean();
        boolean toIncl = rnd.nextBoolean();
        if (rnd.nextInt(3) > 0) {
            from = randomBound();
            if (fromIncl) {
                b.from(from);
            } else {
                b.fromExclusive(from);
            }
        }
        if (rnd.nextInt(3) > 0) {
            to = randomBound();
            if (toIncl) {
                b.to(to);
            } else {
                b.toExclusive(to);
            }
        }
        boolean reverse = rnd.nextInt(3) == 0;
        b.reverse(reverse);
        long limit = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : Long.MAX_VALUE;
        b.limit(limit);
        boolean[] projected = null;
        if (rnd.nextInt(3) == 0) {
            projected = new boolean[schema.columnCount()];
            List<String> cols = new ArrayList<>();
            for (int i = 2; i < schema.columnCount(); i++) {
                if (rnd.nextBoolean()) {
                    cols.add(schema.column(i).name());
                    projected[i] = true;
                }
            }
            projected[0] = true;
            projected[1] = true;
            b.columns(cols);
        }
        Scan scan = b.build();
        List<Object[]> want = new ArrayList<>();
        for (Map.Entry<Object[], Object[]> e : expected.entrySet()) {
            Object[] k = e.getKey();
            if (from != null) {
                int c = KEY_ORDER.compare(k, from);
                if (c < 0 || (c == 0 && !fromIncl)) {
                    continue;
                }
            }
            if (to != null) {
                int c = KEY_ORDER.compare(k, to);
                if (c > 0 || (c == 0 && !toIncl)) {
                    continue;
                }
            }
            Object[] row = e.getValue().clone();
            if (projected != null) {
                for (int i = 0; i < row.length; i++) {
                    if (!projected[i]) {
                        row[i] = null;
                    }
                }
            }
            want.add(row);
        }
        if (reverse) {
            java.util.Collections.reverse(want);
        }
        if (want.size() > limit) {
            want = want.subList(0, (int) limit);
        }
        List<Object[]> got = new ArrayList<>();
        try (RowIterator<Row> it = scanner.apply(scan)) {
            it.forEachRemaining(r -> got.add(r.values()));
        }
        String what = "scan " + scan;
        assertEquals(want.size(), got.size(), what + ": row count");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), what + ": row " + i);
        }
    }

    private void check(Optional<Row> got, Object[] want, String what) {
        if (want == null) {
            assertEquals(Optional.empty(), got.map(Row::toString), what);
        } else {
            assertArrayEquals(want, got.orElseThrow(() -> new AssertionError(what + ": missing row")).values(), what);
        }
    }

    private Object[] randomBound() {
        Object[] full = randomKey();
        return rnd.nextInt(3) == 0 ? new Object[] {full[0]} : full;
    }

    private Object[] randomKey() {
        if (!oracle.isEmpty() && rnd.nextInt(10) < 6) {
            // Mostly keys that exist: pick near a random existing one.
            Object[] probe = {rnd.nextInt(K1_RANGE) - K1_RANGE / 2, K2_POOL[rnd.nextInt(K2_POOL.length)]};
            Object[] k = oracle.ceilingKey(probe);
            if (k != null) {
                return k.clone();
            }
        }
        return new Object[] {rnd.nextInt(K1_RANGE) - K1_RANGE / 2, K2_POOL[rnd.nextInt(K2_POOL.length)]};
    }

    private Object[] randomRow() {
        Object[] k = randomKey();
        Object[] row = new Object[schema.columnCount()];
        row[0] = k[0];
        row[1] = k[1];
        row[2] = rnd.nextInt(5) == 0 ? null : "v" + rnd.nextInt(1000) + (rnd.nextInt(10) == 0 ? "\u0000\uD83D\uDE00" : "");
        row[3] = rnd.nextInt(10) == 0 ? Long.MIN_VALUE : rnd.nextLong();
        int dk = rnd.nextInt(12);
        row[4] = dk == 0 ? null : dk == 1 ? Double.NaN : dk == 2 ? -0.0 : dk == 3 ? Double.NEGATIVE_INFINITY : rnd.nextGaussian() * 1e6;
        row[5] = rnd.nextInt(4) == 0 ? null : LocalDate.ofEpochDay(rnd.nextInt(40000) - 20000);
        if (rnd.nextInt(3) == 0) {
            row[6] = null;
        } else {
            byte[] b = new byte[rnd.nextInt(6)];
            rnd.nextBytes(b);
            row[6] = b;
        }
        return row;
    }

    private static Object[] keyOf(Object[] row) {
        return new Object[] {row[0], row[1]};
    }
}
