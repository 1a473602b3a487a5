package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Bulk commits ({@link Options.Builder#bulkCommitBytes}): a large transaction goes straight into
 * an L0 file. Each test checks it against what the normal (WAL and memtable) path gives: newest
 * version wins across both paths, also after flush, compaction and reopen; deletes inside a bulk
 * transaction; snapshots, time travel and conflicts; readers never seeing part of a commit.
 */
class BulkCommitTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING)
            .column("gen", ColumnType.INT32, false)
            .primaryKey("id").build();

    /** Transactions of at least 4 KiB (about 150 rows here) commit in bulk; memtables of 64 KiB. */
    private static Options options() {
        return Options.builder().memtableBytes(64 << 10).bulkCommitBytes(4 << 10).level0CompactionTrigger(4).build();
    }

    private static Row row(long id, int gen) {
        return Row.of(SCHEMA, id, "v" + id + "-g" + gen, gen);
    }

    /** Commits the rows [from, to) of generation {@code gen} in one transaction; returns its sequence. */
    private static long commitRange(Table<Row> t, long from, long to, int gen) {
        try (Transaction<Row> tx = t.begin()) {
            for (long id = from; id < to; id++) {
                tx.insert(row(id, gen));
            }
            return tx.commit();
        }
    }

    private static TreeMap<Long, Integer> contents(Table<Row> t) {
        TreeMap<Long, Integer> out = new TreeMap<>();
        try (RowIterator<Row> it = t.scan()) {
            it.forEachRemaining(r -> out.put(r.getLong("id"), r.getInt("gen")));
        }
        return out;
    }

    private static int generation(Table<Row> t, long id) {
        return t.get(id).map(r -> r.getInt("gen")).orElse(-1);
    }

    private static long walRecordsBytes(MemoryStorage storage) throws Exception {
        long n = 0;
        for (String name : storage.list(FileNames.WAL_DIR)) {
            try (var f = storage.open(name)) {
                n += f.length();
            }
        }
        return n;
    }

    @Test
    void defaultThresholdIsTheMemtableSizeAndBadValuesAreRefused() {
        assertEquals(64L << 20, Options.defaults().bulkCommitBytes());
        assertEquals(4L << 20, Options.builder().memtableBytes(4 << 20).build().bulkCommitBytes());
        assertEquals(4L << 20, Options.defaults().toBuilder().memtableBytes(4 << 20).build().bulkCommitBytes(),
                "an unset threshold follows the memtable size through toBuilder");
        assertEquals(777, Options.builder().bulkCommitBytes(777).build().toBuilder().memtableBytes(1 << 20).build()
                .bulkCommitBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.builder().bulkCommitBytes(0));
        assertTrue(e.getMessage().contains("bulkCommitBytes") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void aLargeTransactionBecomesOneL0FileAndNoWalRecord() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, options())) {
            long before = t.lastSequence();
            long walBefore = walRecordsBytes(storage);
            long seq = commitRange(t, 0, 1000, 1);
            assertEquals(before + 1000, seq, "a commit advances the sequence by its row count, as the normal path does");
            assertEquals(seq, t.lastSequence());
            TableStats s = t.stats();
            assertEquals(1, s.levels().get(0).files());
            assertEquals(1000, s.levels().get(0).rows());
            assertEquals(0, s.memtableBytes());
            assertEquals(walBefore, walRecordsBytes(storage), "the rows never went through the WAL");
            TableFile f = t.files().get(0);
            assertEquals(seq, f.minSeq());
            assertEquals(seq, f.maxSeq());
            // A small transaction still takes the WAL.
            commitRange(t, 5000, 5003, 2);
            assertEquals(1, t.stats().levels().get(0).files());
            assertTrue(t.stats().memtableBytes() > 0);
        }
    }

    @Test
    void aVeryLargeTransactionIsWrittenAsFilesOfDisjointKeyRangesInParallel() {
        MemoryStorage storage = new MemoryStorage();
        int rows = 140_000; // two parts of at least 64 Ki rows
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, options().toBuilder().compactionEnabled(false).build())) {
            t.insert(row(rows + 5, 0));
            long seq;
            try (Transaction<Row> tx = t.begin()) {
                for (long id = rows - 1; id >= 0; id--) { // any order: the buffer sorts
                    tx.insert(Row.of(SCHEMA, id, null, 1));
                }
                tx.delete(rows + 5L);
                seq = tx.commit();
            }
            List<TableFile> l0 = new ArrayList<>();
            for (TableFile f : t.files()) {
                if (f.level() == 0 && f.minSeq() == seq) {
                    l0.add(f);
                }
            }
            assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), l0.size(), l0.toString());
            assertEquals(rows + 1, l0.stream().mapToLong(TableFile::rows).sum());
            l0.sort((a, b) -> Long.compare((Long) a.minKey().get(0), (Long) b.minKey().get(0)));
            for (int i = 1; i < l0.size(); i++) {
                assertTrue((Long) l0.get(i - 1).maxKey().get(0) < (Long) l0.get(i).minKey().get(0), l0.toString());
            }
            long n = 0;
            try (RowIterator<Row> it = t.scan()) {
                while (it.hasNext()) {
                    assertEquals(n++, it.next().getLong("id"));
                }
            }
            assertEquals(rows, n);
            assertTrue(t.get(rows + 5L).isEmpty());
            assertEquals(1, generation(t, rows / 2));
        }
    }

    @Test
    void newestVersionWinsAcrossBothPathsAlsoAfterFlushCompactionAndReopen() {
        MemoryStorage storage = new MemoryStorage();
        TreeMap<Long, Integer> expected = new TreeMap<>();
        Table<Row> t = Tonbo.open(storage, SCHEMA, options());
        try {
            // gen 1: normal writes in the memtable; gen 2: a bulk commit over them and beyond.
            for (long id = 0; id < 300; id += 2) {
                t.insert(row(id, 1));
                expected.put(id, 1);
            }
            commitRange(t, 100, 700, 2);
            for (long id = 100; id < 700; id++) {
                expected.put(id, 2);
            }
            // gen 3: normal writes after the bulk commit, on some of its keys.
            for (long id = 150; id < 250; id++) {
                t.insert(row(id, 3));
                expected.put(id, 3);
            }
            // gen 4: a bulk commit while gen 3 is still in the memtable (it must be flushed first).
            commitRange(t, 200, 400, 4);
            for (long id = 200; id < 400; id++) {
                expected.put(id, 4);
            }
            t.insert(row(399, 5));
            expected.put(399L, 5);
            check(t, expected, "live");
            t.flush();
            check(t, expected, "after flush");
            t.close();
            t = Tonbo.open(storage, SCHEMA, options());
            check(t, expected, "after reopen");
            t.compact();
            assertEquals(0, t.stats().levels().get(0).files(), "everything left L0");
            check(t, expected, "after compaction");
            t.close();
            t = Tonbo.open(storage, SCHEMA, options());
            check(t, expected, "after compaction and reopen");
            assertTrue(t.verify().ok(), t.verify().toString());
        } finally {
            t.close();
        }
    }

    private static void check(Table<Row> t, TreeMap<Long, Integer> expected, String when) {
        assertEquals(expected, contents(t), when + ": scan");
        for (long id = -1; id < 702; id++) {
            assertEquals(expected.getOrDefault(id, -1), generation(t, id), when + ": get " + id);
        }
        List<Long> reverse = new ArrayList<>();
        try (RowIterator<Row> it = t.scan(Scan.builder().reverse(true).build())) {
            it.forEachRemaining(r -> reverse.add(r.getLong("id")));
        }
        assertEquals(new ArrayList<>(expected.descendingKeySet()), reverse, when + ": reverse scan");
    }

    @Test
    void deletesInsideABulkTransactionAreTombstones() {
        MemoryStorage storage = new MemoryStorage();
        TreeMap<Long, Integer> expected = new TreeMap<>();
        Table<Row> t = Tonbo.open(storage, SCHEMA, options());
        try {
            commitRange(t, 0, 400, 1);
            t.flush();
            for (long id = 400; id < 450; id++) {
                t.insert(row(id, 1)); // in the memtable
            }
            for (long id = 0; id < 450; id++) {
                expected.put(id, 1);
            }
            try (Transaction<Row> tx = t.begin()) {
                for (long id = 0; id < 450; id += 3) {
                    tx.delete(id);
                    expected.remove(id);
                }
                tx.delete(10_000L); // a key that never existed
                for (long id = 1000; id < 1300; id++) {
                    tx.insert(row(id, 2));
                    expected.put(id, 2);
                }
                tx.insert(row(1, 2));
                tx.delete(1L); // the last write of a key wins inside the transaction
                expected.remove(1L);
                tx.commit();
            }
            assertEquals(expected, contents(t));
            assertTrue(t.get(3L).isEmpty() && t.get(1L).isEmpty() && t.get(10_000L).isEmpty());
            assertEquals(1, generation(t, 4));
            t.compact();
            assertEquals(expected, contents(t), "after compaction (tombstones dropped at the last level)");
            assertEquals(expected.size(), t.stats().levels().stream().mapToLong(TableStats.Level::rows).sum(),
                    "no tombstone is left after a full compaction");
            t.close();
            t = Tonbo.open(storage, SCHEMA, options());
            assertEquals(expected, contents(t), "after reopen");
        } finally {
            t.close();
        }
    }

    @Test
    void snapshotsAndTimeTravelBeforeABulkCommitDoNotSeeIt() {
        Options o = options().toBuilder().historyRetention(java.time.Duration.ofHours(1)).build();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, o)) {
            commitRange(t, 0, 10, 1);
            long before = t.lastSequence();
            try (Snapshot<Row> snap = t.snapshot()) {
                long seq = commitRange(t, 0, 500, 2);
                assertEquals(2, generation(t, 5));
                assertEquals(1, snap.get(5L).orElseThrow().getInt("gen"));
                assertTrue(snap.get(300L).isEmpty());
                try (RowIterator<Row> it = snap.scan()) {
                    int n = 0;
                    while (it.hasNext()) {
                        assertEquals(1, it.next().getInt("gen"));
                        n++;
                    }
                    assertEquals(10, n);
                }
                // Every sequence inside the bulk commit's range sees none of it.
                for (long s : new long[] {before, before + 1, seq - 1}) {
                    try (Snapshot<Row> old = t.snapshotAt(s)) {
                        assertEquals(1, old.get(5L).orElseThrow().getInt("gen"), "at " + s);
                        assertTrue(old.get(300L).isEmpty(), "at " + s);
                    }
                }
                try (Snapshot<Row> at = t.snapshotAt(seq)) {
                    assertEquals(2, at.get(5L).orElseThrow().getInt("gen"));
                    assertEquals(2, at.get(300L).orElseThrow().getInt("gen"));
                }
                t.compact();
                assertEquals(1, snap.get(5L).orElseThrow().getInt("gen"), "the snapshot keeps its version through compaction");
            }
        }
    }

    @Test
    void conflictsAreCheckedBothWays() {
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, options())) {
            commitRange(t, 0, 10, 1);
            // A bulk transaction whose key another writer changed after its snapshot writes nothing.
            Transaction<Row> bulk = t.begin();
            for (long id = 0; id < 500; id++) {
                bulk.insert(row(id, 2));
            }
            t.insert(row(250, 9));
            assertThrows(TransactionConflictException.class, bulk::commit);
            assertEquals(9, generation(t, 250));
            assertEquals(1, generation(t, 5));
            assertTrue(t.get(400L).isEmpty());
            // A transaction older than a bulk commit that wrote its key conflicts.
            Transaction<Row> small = t.begin();
            small.insert(row(7, 3));
            commitRange(t, 0, 500, 4);
            assertThrows(TransactionConflictException.class, small::commit);
            assertEquals(4, generation(t, 7));
            // ... also once the bulk file is compacted away from L0.
            Transaction<Row> later = t.begin();
            Optional<Row> r = later.getForUpdate(8L);
            assertEquals(4, r.orElseThrow().getInt("gen"));
            commitRange(t, 0, 500, 5);
            t.compact();
            later.insert(row(9, 6));
            assertThrows(TransactionConflictException.class, later::commit);
            assertEquals(5, generation(t, 9));
        }
    }

    @Test
    void readersNeverSeePartOfABulkCommit() throws Exception {
        int rows = 400;
        int commits = 30;
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), SCHEMA, options())) {
            commitRange(t, 0, rows, 0);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int g = 1; g <= commits; g++) {
                        commitRange(t, 0, rows, g);
                        if (g % 7 == 0) {
                            t.insert(row(rows + g, g)); // a normal write between bulk commits
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            writer.start();
            int lastSeen = 0;
            while (lastSeen < commits && failure.get() == null) {
                int first = -1;
                int n = 0;
                try (RowIterator<Row> it = t.scan(Scan.builder().to((long) rows - 1).build())) {
                    while (it.hasNext()) {
                        int g = it.next().getInt("gen");
                        if (first < 0) {
                            first = g;
                        }
                        assertEquals(first, g, "a scan saw two generations of one bulk commit");
                        n++;
                    }
                }
                assertEquals(rows, n);
                assertTrue(first >= lastSeen, "generations only grow: " + first + " after " + lastSeen);
                int a = generation(t, 0);
                int b = generation(t, rows - 1);
                assertTrue(b >= a, "a later get saw an older commit: " + a + " then " + b);
                lastSeen = first;
            }
            writer.join();
            if (failure.get() != null) {
                throw new AssertionError("writer failed", failure.get());
            }
            assertEquals(commits, generation(t, rows / 2));
        }
    }
}
