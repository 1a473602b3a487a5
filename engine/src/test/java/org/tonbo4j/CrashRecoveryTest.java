package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.testing.CrashStorage;

/**
 * Power-loss simulation: a writer runs batches against a table on a {@link CrashStorage} that
 * captures a crash image just before a random storage operation (inside WAL appends, syncs,
 * flushes, compactions and manifest updates alike). The table reopened on the image must equal
 * the state after some prefix of the batches that includes every batch acknowledged before the
 * capture under the syncing policy: synced-and-acknowledged ⊆ recovered ⊆ written.
 *
 * <p>Crash points: {@code -Dtonbo.test.crashes=N} (default 150). Replay: {@code -Dtonbo.test.seed=S}.
 */
class CrashRecoveryTest {
    private static final int CRASHES = Integer.getInteger("tonbo.test.crashes", 150);
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("val", ColumnType.STRING)
            .column("n", ColumnType.INT32, false)
            .primaryKey("id").build();

    static Options options(SyncPolicy sync) {
        return Options.builder().syncPolicy(sync).memtableBytes(6 << 10).targetFileBytes(8 << 10).rowGroupBytes(2 << 10)
                .pageBytes(256).level0CompactionTrigger(2).level1MaxBytes(16 << 10).levelSizeMultiplier(2).maxLevels(4)
                .build();
    }

    @Test
    void everyCommitLosesNothingAcknowledged() {
        long seed = ModelTest.seed();
        System.out.println("[crash everyCommit] seed=" + seed);
        Random r = new Random(seed);
        for (int i = 0; i < CRASHES; i++) {
            runOnce(r.nextLong(), SyncPolicy.everyCommit(), true);
        }
    }

    @Test
    void neverSyncRecoversAConsistentPrefix() {
        long seed = ModelTest.seed();
        System.out.println("[crash never] seed=" + seed);
        Random r = new Random(seed);
        for (int i = 0; i < CRASHES / 3; i++) {
            runOnce(r.nextLong(), SyncPolicy.never(), false);
        }
    }

    private void runOnce(long seed, SyncPolicy sync, boolean acknowledgedMustSurvive) {
        Random r = new Random(seed);
        CrashStorage storage = new CrashStorage(seed);
        storage.captureBeforeOp(1 + r.nextInt(1500));
        List<List<Object[]>> batches = new ArrayList<>(); // each op: {id, val-or-null-for-delete, n}
        int ackedBeforeCapture = 0;
        int opened = 0;
        Table<Row> t = Tonbo.open(storage, SCHEMA, options(sync));
        try {
            for (int b = 0; b < 400 && !storage.hasCaptured(); b++) {
                List<Object[]> ops = new ArrayList<>();
                WriteBatch<Row> wb = t.newBatch();
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    long id = r.nextInt(120);
                    if (r.nextInt(5) == 0) {
                        wb.delete(id);
                        ops.add(new Object[] {id, null, 0});
                    } else {
                        String v = "v" + b + "-" + i + "-" + "x".repeat(r.nextInt(40));
                        wb.insert(Row.of(SCHEMA, id, v, b));
                        ops.add(new Object[] {id, v, b});
                    }
                }
                batches.add(ops);
                t.write(wb);
                if (!storage.hasCaptured()) {
                    ackedBeforeCapture = batches.size();
                }
                if (r.nextInt(40) == 0) {
                    t.flush();
                }
                if (r.nextInt(150) == 0) {
                    t.close();
                    t = Tonbo.open(storage, SCHEMA, options(sync));
                    opened++;
                }
            }
        } finally {
            t.close();
        }
        MemoryStorage image = storage.hasCaptured() ? storage.captured() : storage.crashImage();
        if (!storage.hasCaptured()) {
            ackedBeforeCapture = batches.size();
        }
        Map<Long, String> recovered = new HashMap<>();
        try (Table<Row> again = Tonbo.open(image, SCHEMA, options(sync))) {
            try (RowIterator<Row> it = again.scan()) {
                it.forEachRemaining(row -> recovered.put(row.getLong("id"), row.getString("val")));
            }
        } catch (RuntimeException e) {
            throw new AssertionError("reopen after crash failed (seed " + seed + ", reopens " + opened + "): " + e, e);
        }
        // Find the prefixes of the batch sequence whose state equals what was recovered.
        TreeMap<Long, String> state = new TreeMap<>();
        List<Integer> matching = new ArrayList<>();
        if (state.equals(recovered)) {
            matching.add(0);
        }
        for (int i = 0; i < batches.size(); i++) {
            for (Object[] op : batches.get(i)) {
                if (op[1] == null) {
                    state.remove((Long) op[0]);
                } else {
                    state.put((Long) op[0], (String) op[1]);
                }
            }
            if (state.equals(recovered)) {
                matching.add(i + 1);
            }
        }
        assertTrue(!matching.isEmpty(), "recovered state is no prefix of the writes (seed " + seed + "): " + recovered);
        if (acknowledgedMustSurvive) {
            int best = matching.get(matching.size() - 1);
            assertTrue(best >= ackedBeforeCapture, "lost acknowledged batches (seed " + seed + "): recovered prefix " + best
                    + " < acknowledged " + ackedBeforeCapture + " matching=" + Arrays.toString(matching.toArray()));
        }
    }
}
