package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.testing.CrashStorage;
import org.tonbo4j.testing.Closing;
import org.tonbo4j.testing.FaultyStorage;

/**
 * Bulk commits under power loss and failing storage. A bulk commit flushes the memtables, writes
 * and syncs its L0 file, then installs it with a manifest edit; a crash or an I/O failure at any
 * of those steps must leave the whole commit or none of it after recovery, never part of it and
 * never twice, and every commit acknowledged before must survive (synced-and-acknowledged ⊆
 * recovered ⊆ written, recovered a prefix of the commits).
 *
 * <p>Replay: {@code -Dtonbo.test.seed=S}; crash points of the random mix: {@code -Dtonbo.test.crashes=N}.
 */
class BulkCommitCrashTest {
    private static final int CRASHES = Integer.getInteger("tonbo.test.crashes", 150);
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("val", ColumnType.STRING)
            .primaryKey("id").build();

    /** Tiny memtables and files; transactions from 1 KiB (about 30 rows) commit in bulk. */
    private static Options options(SyncPolicy sync, boolean compaction) {
        return CrashRecoveryTest.options(sync).toBuilder().bulkCommitBytes(1 << 10).compactionEnabled(compaction).build();
    }

    /** One commit of the history: its writes in order ({@code val} null: a delete). */
    private record Op(long id, String val) {
    }

    /** Writes the history's commits; a bulk one when {@code bulk}. */
    private static void commit(Table<Row> t, List<Op> ops, boolean transaction) {
        if (transaction) {
            try (Transaction<Row> tx = t.begin()) {
                for (Op o : ops) {
                    if (o.val == null) {
                        tx.delete(o.id);
                    } else {
                        tx.insert(Row.of(SCHEMA, o.id, o.val));
                    }
                }
                tx.commit();
            }
        } else {
            WriteBatch<Row> b = t.newBatch();
            for (Op o : ops) {
                if (o.val == null) {
                    b.delete(o.id);
                } else {
                    b.insert(Row.of(SCHEMA, o.id, o.val));
                }
            }
            t.write(b);
        }
    }

    /** Random commits: mostly small WAL ones, every fourth a bulk transaction with deletes. */
    private static List<List<Op>> history(Random r, int commits, int keys) {
        List<List<Op>> out = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            boolean bulk = c % 4 == 1;
            int n = bulk ? 80 + r.nextInt(80) : 1 + r.nextInt(6);
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long id = r.nextInt(keys);
                ops.add(r.nextInt(6) == 0 ? new Op(id, null) : new Op(id, "c" + c + "-" + i + "x".repeat(r.nextInt(20))));
            }
            out.add(ops);
        }
        return out;
    }

    private static boolean isBulk(int commit) {
        return commit % 4 == 1;
    }

    private static TreeMap<Long, String> stateAfter(List<List<Op>> history, int commits) {
        TreeMap<Long, String> state = new TreeMap<>();
        for (int c = 0; c < commits; c++) {
            for (Op o : history.get(c)) {
                if (o.val == null) {
                    state.remove(o.id);
                } else {
                    state.put(o.id, o.val);
                }
            }
        }
        return state;
    }

    private static TreeMap<Long, String> read(Storage storage, Options o, String where) {
        TreeMap<Long, String> out = new TreeMap<>();
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, o); RowIterator<Row> it = t.scan()) {
            it.forEachRemaining(row -> out.put(row.getLong("id"), row.getString("val")));
        } catch (RuntimeException e) {
            throw new AssertionError("reopen failed " + where + ": " + e, e);
        }
        return out;
    }

    /** The prefixes of the history (by commit count) whose state equals {@code recovered}. */
    private static List<Integer> matchingPrefixes(List<List<Op>> history, int written, TreeMap<Long, String> recovered) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c <= written; c++) {
            if (stateAfter(history, c).equals(recovered)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Crashes before every storage operation of one bulk commit (the memtable flush it starts
     * with, the file's writes and sync, the manifest edit) and one past it: the recovered table
     * holds everything acknowledged before and the bulk commit wholly or not at all.
     */
    @Test
    void crashBeforeEachStepOfABulkCommitLeavesAllOrNothing() {
        long seed = ModelTest.seed();
        System.out.println("[bulk crash steps] seed=" + seed);
        List<List<Op>> history = history(new Random(seed), 6, 100); // commit 5 is bulk; 1 too
        Options o = options(SyncPolicy.everyCommit(), false);
        // A dry run counts the operations before and after the last bulk commit (number 5).
        long[] span = new long[2];
        run(new CrashStorage(seed), history, o, span);
        assertTrue(span[1] > span[0] + 3, "the bulk commit did storage work: " + span[0] + ".." + span[1]);
        System.out.println("[bulk crash steps] storage operations " + (span[0] + 1) + ".." + (span[1] + 1));
        for (long at = span[0] + 1; at <= span[1] + 1; at++) {
            CrashStorage storage = new CrashStorage(seed ^ at);
            storage.captureBeforeOp(at);
            run(storage, history, o, null);
            String where = "crash before operation " + at + " of " + span[0] + ".." + span[1] + " (seed " + seed + ")";
            assertTrue(storage.hasCaptured(), where + ": not reached");
            TreeMap<Long, String> recovered = read(storage.captured(), o, where);
            if (at <= span[1]) {
                assertTrue(recovered.equals(stateAfter(history, 5)) || recovered.equals(stateAfter(history, 6)),
                        where + ": neither without nor with the bulk commit: " + recovered);
            } else {
                assertEquals(stateAfter(history, 6), recovered, where + ": the acknowledged bulk commit is lost");
            }
            // Reopening twice changes nothing: the commit is never replayed again.
            assertEquals(recovered, read(storage.captured(), o, where + ", second reopen"));
        }
    }

    /** Writes the history; records the storage operation counts around the last commit in {@code span}. */
    private static void run(CrashStorage storage, List<List<Op>> history, Options o, long[] span) {
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, o)) {
            for (int c = 0; c < history.size(); c++) {
                if (span != null && c == history.size() - 1) {
                    span[0] = storage.mutatingOps();
                }
                commit(t, history.get(c), isBulk(c));
                if (span != null && c == history.size() - 1) {
                    span[1] = storage.mutatingOps();
                    assertEquals(0, t.stats().memtableBytes(), "the last commit went around the memtable");
                }
            }
        }
    }

    @Test
    void randomMixSurvivesPowerLossEveryCommit() {
        randomMix(SyncPolicy.everyCommit(), CRASHES / 3, true);
    }

    @Test
    void randomMixRecoversAPrefixWithoutSyncs() {
        randomMix(SyncPolicy.never(), CRASHES / 5, false);
    }

    /**
     * Bulk and normal commits on the same keys, with flushes, compaction and reopens, and a crash
     * image captured before a random storage operation.
     */
    private static void randomMix(SyncPolicy sync, int runs, boolean acknowledgedMustSurvive) {
        long seed = ModelTest.seed();
        System.out.println("[bulk crash mix " + sync + "] seed=" + seed);
        Random outer = new Random(seed);
        Options o = options(sync, true);
        for (int run = 0; run < runs; run++) {
            long s = outer.nextLong();
            Random r = new Random(s);
            List<List<Op>> history = history(r, 60, 150);
            CrashStorage storage = new CrashStorage(s);
            storage.captureBeforeOp(1 + r.nextInt(1200));
            int acked = 0;
            int written = 0;
            Table<Row> t = Tonbo.open(storage, SCHEMA, o);
            try {
                for (int c = 0; c < history.size() && !storage.hasCaptured(); c++) {
                    written = c + 1;
                    commit(t, history.get(c), isBulk(c));
                    if (!storage.hasCaptured()) {
                        acked = written;
                    }
                    if (r.nextInt(15) == 0) {
                        t.flush();
                    }
                    if (r.nextInt(25) == 0) {
                        t.close();
                        t = Tonbo.open(storage, SCHEMA, o);
                    }
                }
            } finally {
                t.close();
            }
            MemoryStorage image = storage.hasCaptured() ? storage.captured() : storage.crashImage();
            String where = "(run seed " + s + ", outer seed " + seed + ")";
            TreeMap<Long, String> recovered = read(image, o, where);
            List<Integer> prefixes = matchingPrefixes(history, written, recovered);
            assertTrue(!prefixes.isEmpty(), "recovered state is no prefix of the commits " + where);
            if (acknowledgedMustSurvive) {
                int best = prefixes.get(prefixes.size() - 1);
                assertTrue(best >= acked, "lost acknowledged commits " + where + ": prefix " + best + " < " + acked);
            }
        }
    }

    /**
     * One storage operation of each kind fails at points during a bulk commit: the commit fails
     * with a TonboException or succeeds; after a reopen on healthy storage the table holds every
     * acknowledged commit and the failed bulk commit wholly or not at all.
     */
    @Test
    void failingStorageDuringABulkCommitLeavesAllOrNothing() {
        long seed = ModelTest.seed();
        System.out.println("[bulk faults] seed=" + seed);
        List<List<Op>> history = history(new Random(seed), 8, 100); // bulk commits: 1 and 5
        Options o = options(SyncPolicy.everyCommit(), false);
        int fired = 0;
        for (FaultyStorage.Op op : FaultyStorage.Op.values()) {
            for (long at = 1; at <= (op == FaultyStorage.Op.WRITE ? 120 : 25); at += op == FaultyStorage.Op.WRITE ? 3 : 1) {
                MemoryStorage disk = new MemoryStorage();
                FaultyStorage faulty = new FaultyStorage(disk, op, at);
                int acked = 0;
                int failedAt = -1;
                Table<Row> t = null;
                try {
                    t = Tonbo.open(faulty, SCHEMA, o);
                    for (int c = 0; c < history.size(); c++) {
                        try {
                            commit(t, history.get(c), isBulk(c));
                            acked = c + 1;
                        } catch (TonboException e) {
                            failedAt = c;
                            break;
                        }
                    }
                } catch (TonboException e) {
                    // Open failed, or a read during a conflict check: nothing was acknowledged after it.
                } finally {
                    Closing.afterFailure(t);
                }
                fired += faulty.failed() ? 1 : 0;
                String where = "after " + op + " #" + at + " (seed " + seed + ")";
                TreeMap<Long, String> recovered = read(disk, o, where);
                boolean ok = recovered.equals(stateAfter(history, acked))
                        || (failedAt >= 0 && recovered.equals(stateAfter(history, failedAt + 1)));
                assertTrue(ok, where + ": recovered is neither the acknowledged state nor that plus the failed commit "
                        + failedAt + ": " + recovered);
            }
        }
        assertTrue(fired > 30, "injected failures actually happened: " + fired);
    }

    /**
     * A bulk commit large enough to be written as parallel parts, with one create, write or sync
     * failing in one of them: the commit fails, no part is left behind (the other parts' files are
     * deleted), the table goes on accepting writes, and a reopen finds nothing of it.
     */
    @Test
    void aFailingPartOfAParallelBulkCommitLeavesNothing() throws Exception {
        int rows = 140_000;
        for (FaultyStorage.Op op : new FaultyStorage.Op[] {FaultyStorage.Op.CREATE, FaultyStorage.Op.WRITE, FaultyStorage.Op.SYNC}) {
            MemoryStorage disk = new MemoryStorage();
            Options o = options(SyncPolicy.everyCommit(), false).toBuilder().bulkCommitBytes(1 << 20).build();
            try (Table<Row> t = Tonbo.open(disk, SCHEMA, o)) {
                t.insert(Row.of(SCHEMA, -1L, "before"));
                t.flush(); // the commit below has no memtable to flush: its operations are its parts' and the manifest's
            }
            // Count this kind of operation in a dry run of the same commit, then fail one in its second half.
            long[] count = new long[1];
            FaultyStorage dry = new FaultyStorage(copy(disk), op, Long.MAX_VALUE);
            try (Table<Row> t = Tonbo.open(dry, SCHEMA, o)) {
                long before = dry.count(op);
                bigCommit(t, rows);
                count[0] = dry.count(op) - before;
                assertTrue(count[0] >= 2, op + " operations of the commit: " + count[0]);
            }
            FaultyStorage faulty = new FaultyStorage(disk, op, Long.MAX_VALUE);
            try (Table<Row> t = Tonbo.open(faulty, SCHEMA, o)) {
                faulty.failAfter(op, faulty.count(op) + count[0] * 3 / 4);
                List<String> sstsBefore = disk.list(org.tonbo4j.internal.FileNames.SST_DIR);
                assertThrows(TonboException.class, () -> bigCommit(t, rows), op.toString());
                assertTrue(faulty.failed());
                assertEquals(sstsBefore, disk.list(org.tonbo4j.internal.FileNames.SST_DIR),
                        "no file of the failed commit is left (" + op + ")");
                t.insert(Row.of(SCHEMA, -2L, "after")); // the failure was not sticky
            }
            TreeMap<Long, String> recovered = read(disk, o, "after a failed parallel bulk commit (" + op + ")");
            TreeMap<Long, String> expected = new TreeMap<>();
            expected.put(-2L, "after");
            expected.put(-1L, "before");
            assertEquals(expected, recovered);
        }
    }

    private static void bigCommit(Table<Row> t, int rows) {
        try (Transaction<Row> tx = t.begin()) {
            for (long id = 0; id < rows; id++) {
                tx.insert(Row.of(SCHEMA, id, null));
            }
            tx.commit();
        }
    }

    private static MemoryStorage copy(MemoryStorage from) throws Exception {
        MemoryStorage to = new MemoryStorage();
        for (String name : from.list("")) {
            try (var in = from.open(name)) {
                byte[] b = new byte[(int) in.length()];
                in.readFully(0, b, 0, b.length);
                to.publish(name, b);
            }
        }
        return to;
    }
}
