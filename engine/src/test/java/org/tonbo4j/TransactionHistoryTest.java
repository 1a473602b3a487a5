package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.testing.Churn;

/**
 * A history checker for snapshot isolation. Concurrent threads run random transactions (reads,
 * scans, writes, deletes, read-for-update) on a small, hot key space while flushes and
 * compactions push keys into SSTs. Every transaction is recorded with its snapshot, commit
 * sequence, what it read and what it wrote; afterwards the history is replayed in commit order
 * and checked:
 * <ul>
 * <li>every read (get or scan) saw exactly the committed state at the transaction's snapshot,
 *     overlaid with the transaction's own earlier writes;
 * <li>no lost update: no two committed transactions with overlapping lifetimes
 *     (snapshot, commit] wrote (or read-for-update and wrote) the same key;
 * <li>no spurious conflict: every aborted transaction had a key that a transaction committed
 *     after its snapshot wrote;
 * <li>the final table equals the replay; aborted writes are nowhere.
 * </ul>
 * Knobs: {@code -Dtonbo.test.historyTxns=N} per thread (default 1500), {@code -Dtonbo.test.seed=S}.
 */
class TransactionHistoryTest {
    private static final int KEYS = 48;
    private static final int THREADS = 4;
    private static final int TXNS = Integer.getInteger("tonbo.test.historyTxns", 1500);

    private static final long READ = 0;
    private static final long WRITE = 1;
    private static final long GET = 0;
    private static final long SCAN = 1;

    record Cell(@PrimaryKey long key, long writer) {
    }

    /** One transaction as it happened; value -1 means absent, for reads and for deletes. */
    static final class Txn {
        final long id;
        long snapshot;
        long commit = -1;
        boolean aborted;
        /**
         * Operations in order: {READ, key, value seen} (a scan records every key of its range)
         * or {WRITE, key, value written} (-1 = delete).
         */
        final List<long[]> ops = new ArrayList<>();
        final List<Long> forUpdate = new ArrayList<>();
        private Map<Long, Long> finalWrites;

        Txn(long id) {
            this.id = id;
        }

        void read(long key, long value, long how) {
            ops.add(new long[] {READ, key, value, how});
        }

        void write(long key, long value) {
            ops.add(new long[] {WRITE, key, value, 0});
        }

        Map<Long, Long> finalWrites() {
            if (finalWrites == null) {
                finalWrites = new LinkedHashMap<>();
                for (long[] op : ops) {
                    if (op[0] == WRITE) {
                        finalWrites.put(op[1], op[2]);
                    }
                }
            }
            return finalWrites;
        }
    }

    @Test
    void concurrentHistoriesAreSnapshotIsolated() throws Exception {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        System.out.println("TransactionHistoryTest seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")");
        Options options = Options.builder().memtableBytes(8 << 10).targetFileBytes(16 << 10)
                .level1MaxBytes(32 << 10).level0CompactionTrigger(2).build();
        List<Txn> history = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicLong ids = new AtomicLong();
        MemoryStorage storage = new MemoryStorage();
        Map<Long, Long> finalTable = new TreeMap<>();
        try (Table<Cell> t = Tonbo.open(storage, Cell.class, options)) {
            Churn churn = new Churn(t, 4, 2, failures);
            Thread[] workers = new Thread[THREADS];
            for (int w = 0; w < THREADS; w++) {
                Random r = new Random(seed * 31 + w);
                workers[w] = new Thread(() -> {
                    try {
                        for (int i = 0; i < TXNS; i++) {
                            history.add(runOne(t, r, ids.incrementAndGet()));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers[w].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            churn.stop();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            try (RowIterator<Cell> it = t.scan()) {
                it.forEachRemaining(c -> finalTable.put(c.key(), c.writer()));
            }
        }
        check(history, finalTable);
    }

    private static Txn runOne(Table<Cell> t, Random r, long id) {
        Txn rec = new Txn(id);
        Transaction<Cell> tx = t.begin();
        rec.snapshot = tx.snapshotSequence();
        int ops = 1 + r.nextInt(6);
        for (int i = 0; i < ops; i++) {
            long key = r.nextInt(KEYS);
            int kind = r.nextInt(10);
            if (kind < 3) {
                rec.read(key, tx.get(key).map(Cell::writer).orElse(-1L), GET);
            } else if (kind < 4) {
                rec.forUpdate.add(key);
                rec.read(key, tx.getForUpdate(key).map(Cell::writer).orElse(-1L), GET);
            } else if (kind < 5) {
                long hi = Math.min(KEYS, key + 1 + r.nextInt(6));
                Map<Long, Long> seen = new HashMap<>();
                try (RowIterator<Cell> it = tx.scan(Scan.builder().from(key).toExclusive(hi).reverse(r.nextBoolean()).build())) {
                    it.forEachRemaining(c -> seen.put(c.key(), c.writer()));
                }
                for (long k = key; k < hi; k++) {
                    rec.read(k, seen.getOrDefault(k, -1L), SCAN);
                }
            } else if (kind < 8) {
                tx.insert(new Cell(key, id));
                rec.write(key, id);
                rec.read(key, tx.get(key).map(Cell::writer).orElse(-1L), GET);
            } else {
                tx.delete(key);
                rec.write(key, -1);
                rec.read(key, tx.get(key).map(Cell::writer).orElse(-1L), GET);
            }
            if (r.nextInt(8) == 0) {
                Thread.yield();
            }
        }
        try {
            rec.commit = tx.commit();
        } catch (TransactionConflictException e) {
            rec.aborted = true;
        }
        return rec;
    }

    private static void check(List<Txn> history, Map<Long, Long> finalTable) {
        List<Txn> committed = new ArrayList<>();
        int aborted = 0;
        for (Txn t : history) {
            if (t.aborted) {
                aborted++;
            } else if (!t.finalWrites().isEmpty()) {
                committed.add(t);
            }
        }
        committed.sort((a, b) -> Long.compare(a.commit, b.commit));
        // State as of each commit: replay in commit order, remembering per key its versions.
        Map<Long, TreeMap<Long, Long>> versions = new HashMap<>(); // key -> commitSeq -> value
        Map<Long, Long> state = new TreeMap<>();
        long lastCommit = -1;
        for (Txn t : committed) {
            assertTrue(t.commit > lastCommit, "commit sequences are unique and increasing");
            lastCommit = t.commit;
            for (Map.Entry<Long, Long> w : t.finalWrites().entrySet()) {
                versions.computeIfAbsent(w.getKey(), k -> new TreeMap<>()).put(t.commit, w.getValue());
                if (w.getValue() < 0) {
                    state.remove(w.getKey());
                } else {
                    state.put(w.getKey(), w.getValue());
                }
            }
        }
        assertEquals(state, finalTable, "the table equals the replay of committed transactions");
        for (Txn t : history) {
            // Every read saw the snapshot state overlaid with the transaction's own earlier writes.
            Map<Long, Long> own = new HashMap<>();
            for (long[] op : t.ops) {
                long key = op[1];
                if (op[0] == WRITE) {
                    own.put(key, op[2]);
                    continue;
                }
                long expected = own.containsKey(key) ? own.get(key) : valueAt(versions, key, t.snapshot);
                if (expected != op[2]) {
                    fail("txn " + t.id + " (snapshot " + t.snapshot + ") read key " + key + " with a "
                            + (op[3] == GET ? "get" : "scan") + ": expected " + expected + ", read " + op[2]
                            + "; versions of the key (commit sequence=writer): " + versions.get(key));
                }
            }
            Map<Long, Long> written = t.finalWrites();
            List<Long> checked = new ArrayList<>(written.keySet());
            checked.addAll(t.forUpdate);
            boolean conflictExists = false;
            for (Txn o : committed) {
                if (o == t || o.commit <= t.snapshot || (!t.aborted && o.commit >= t.commit)) {
                    continue;
                }
                for (long k : checked) {
                    if (o.finalWrites().containsKey(k)) {
                        if (!t.aborted && !written.isEmpty()) {
                            fail("lost update: txn " + t.id + " (snapshot " + t.snapshot + ", commit " + t.commit
                                    + ") and txn " + o.id + " (commit " + o.commit + ") both wrote key " + k);
                        }
                        conflictExists = true;
                    }
                }
            }
            if (t.aborted) {
                assertTrue(conflictExists, "txn " + t.id + " aborted without a conflicting commit after its snapshot "
                        + t.snapshot);
                for (Long v : finalTable.values()) {
                    assertTrue(v != t.id, "an aborted transaction's write is visible");
                }
            }
        }
        System.out.println("TransactionHistoryTest: " + history.size() + " transactions, " + committed.size()
                + " committed writers, " + aborted + " aborted by conflicts");
        assertTrue(aborted > 0, "the workload produced conflicts");
    }

    private static long valueAt(Map<Long, TreeMap<Long, Long>> versions, long key, long seq) {
        TreeMap<Long, Long> v = versions.get(key);
        Map.Entry<Long, Long> e = v == null ? null : v.floorEntry(seq);
        return e == null ? -1L : e.getValue();
    }
}
