package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.TonboException;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.Storage;

/**
 * A write workload with flushes, compactions and reads that records what was acknowledged,
 * and the oracle check after a reopen: every acknowledged write is there, nothing that was
 * never written appears, and at most the one write in doubt when the failure struck differs.
 * Not thread-safe.
 */
final class Workload {
    static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    static final Options OPTIONS = Options.builder().memtableBytes(8 << 10).targetFileBytes(8 << 10)
            .rowGroupBytes(2 << 10).pageBytes(256).level0CompactionTrigger(2).level1MaxBytes(16 << 10)
            .levelSizeMultiplier(2).maxLevels(4).build();

    final TreeMap<Long, String> acked = new TreeMap<>();
    final Set<String> written = new HashSet<>();
    Object[] inDoubt;
    TonboException failure;

    /** Runs {@code ops} operations (or until the first failure) on a table opened on {@code storage}. */
    void run(Storage storage, int ops, long seed) {
        Random r = new Random(seed);
        Table<Row> t = null;
        try {
            t = Tonbo.open(storage, SCHEMA, OPTIONS);
            for (int i = 0; i < ops; i++) {
                long id = r.nextInt(100);
                String v = "v" + i + "-" + "x".repeat(r.nextInt(30));
                try {
                    if (r.nextInt(6) == 0) {
                        inDoubt = new Object[] {id, null};
                        t.delete(id);
                        acked.remove(id);
                    } else {
                        written.add(v);
                        inDoubt = new Object[] {id, v};
                        t.insert(Row.of(SCHEMA, id, v));
                        acked.put(id, v);
                    }
                    inDoubt = null;
                    if (i % 50 == 49) {
                        t.flush();
                    }
                    if (i % 120 == 119) {
                        t.compact();
                    }
                    if (i % 40 == 39) {
                        try (RowIterator<Row> it = t.scan()) {
                            TreeMap<Long, String> seen = new TreeMap<>();
                            it.forEachRemaining(row -> seen.put(row.getLong("id"), row.getString("v")));
                            assertEquals(acked, seen, "scan during the workload");
                        }
                        t.get(id);
                    }
                } catch (TonboException e) {
                    failure = e;
                    return;
                }
            }
        } catch (TonboException e) {
            failure = e;
        } finally {
            if (t != null) {
                try {
                    t.close();
                } catch (TonboException e) {
                    // Closing after a failure may fail too; the reopen decides.
                }
            }
        }
    }

    /** Reopens on healthy storage and checks the oracle. */
    void verify(Storage healthy, String where) {
        TreeMap<Long, String> recovered = new TreeMap<>();
        try (Table<Row> again = Tonbo.open(healthy, SCHEMA, OPTIONS); RowIterator<Row> it = again.scan()) {
            it.forEachRemaining(row -> recovered.put(row.getLong("id"), row.getString("v")));
        } catch (RuntimeException e) {
            throw new AssertionError("reopen after " + where + " failed: " + e, e);
        }
        for (String v : recovered.values()) {
            assertTrue(written.contains(v), "after " + where + ": a value never written appeared: " + v);
        }
        if (!recovered.equals(acked)) {
            assertTrue(inDoubt != null, "after " + where + ": recovered " + recovered + " vs acknowledged " + acked);
            TreeMap<Long, String> applied = new TreeMap<>(acked);
            if (inDoubt[1] == null) {
                applied.remove((Long) inDoubt[0]);
            } else {
                applied.put((Long) inDoubt[0], (String) inDoubt[1]);
            }
            assertEquals(applied, recovered, "after " + where + ": recovered state is neither with nor without the write in doubt");
        }
    }
}
