package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Obsolete files are deleted once nothing references them: compaction inputs stay while a
 * snapshot or an iterator needs them and go when it closes; flushed WAL segments go; a reopen
 * sweeps orphans.
 */
class FileLifecycleTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    private static final Options OPTIONS = Options.builder().compactionEnabled(false).build();

    private static void fill(Table<Row> t, long from, long to) {
        List<Row> rows = new ArrayList<>();
        for (long i = from; i < to; i++) {
            rows.add(Row.of(SCHEMA, i, "v" + i));
        }
        t.insertAll(rows);
    }

    private static Set<String> ssts(MemoryStorage s) throws IOException {
        return new HashSet<>(s.list(FileNames.SST_DIR));
    }

    @Test
    void snapshotsAndIteratorsKeepTheirFilesUntilClosed() throws IOException {
        MemoryStorage s = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, OPTIONS)) {
            fill(t, 0, 100);
            t.flush();
            fill(t, 50, 150);
            t.flush();
            Set<String> before = ssts(s);
            assertEquals(2, before.size());
            Snapshot<Row> snap = t.snapshot();
            RowIterator<Row> it = t.scan();
            t.compact();
            Set<String> during = ssts(s);
            assertTrue(during.containsAll(before), "inputs kept while pinned: " + during);
            assertEquals(3, during.size());
            assertEquals(150, count(snap.scan()));
            snap.close();
            assertTrue(ssts(s).containsAll(before), "the iterator still pins the inputs");
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            assertEquals(150, n);
            it.close();
            Set<String> after = ssts(s);
            assertEquals(1, after.size(), "only the compaction output remains: " + after);
            assertFalse(after.stream().anyMatch(before::contains));
            assertEquals(150, count(t.scan()));
        }
    }

    @Test
    void iteratorsOfSnapshotsAndTransactionsOutliveThem() throws IOException {
        MemoryStorage s = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, OPTIONS)) {
            fill(t, 0, 100);
            t.flush();
            fill(t, 50, 150);
            t.flush();
            Set<String> before = ssts(s);
            Transaction<Row> tx = t.begin();
            tx.insert(Row.of(SCHEMA, 1000L, "buffered"));
            tx.delete(3L);
            RowIterator<Row> txRows = tx.scan();
            assertEquals(0L, txRows.next().get("id"));
            tx.commit();
            Snapshot<Row> snap = t.snapshot();
            RowIterator<Row> snapRows = snap.scan(Scan.builder().reverse(true).build());
            assertEquals(1000L, snapRows.next().get("id"));
            snap.close();
            // newer writes, then a compaction whose inputs only the two iterators still pin
            fill(t, 0, 150);
            t.flush();
            t.compact();
            assertTrue(ssts(s).containsAll(before), "the iterators pin the inputs: " + ssts(s));
            List<Long> ids = new ArrayList<>();
            txRows.forEachRemaining(r -> ids.add((Long) r.get("id")));
            assertEquals(149, ids.size(), "the transaction's snapshot and its buffered writes, read after its commit");
            assertFalse(ids.contains(3L));
            assertEquals(1000L, ids.get(ids.size() - 1));
            assertEquals("v149", snapRows.next().get("v"), "the snapshot's state, read after its close");
            // an iterator that reached its end lets go of its files without a close
            snapRows.forEachRemaining(r -> { });
            Set<String> after = ssts(s);
            assertFalse(after.stream().anyMatch(before::contains), "inputs deleted once both iterators ended: " + after);
            assertFalse(txRows.hasNext());
            txRows.close();
            snapRows.close();
            // a scan of a table, left unclosed at its end, pins nothing either
            RowIterator<Row> unclosed = t.scan();
            unclosed.forEachRemaining(r -> { });
            Set<String> live = ssts(s);
            fill(t, 0, 10);
            t.flush();
            t.compact();
            assertFalse(ssts(s).stream().anyMatch(live::contains), "nothing pinned by an ended iterator: " + ssts(s));
        }
    }

    @Test
    void flushedWalSegmentsAreDeletedAndOrphansSweptOnOpen() throws IOException {
        MemoryStorage s = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(s, SCHEMA, OPTIONS)) {
            fill(t, 0, 10);
            t.flush();
            fill(t, 10, 20);
            t.flush();
            assertEquals(1, s.list(FileNames.WAL_DIR).size(), "only the live segment: " + s.list(FileNames.WAL_DIR));
        }
        s.publish(FileNames.sst(999_999), new byte[] {1, 2, 3});
        s.publish(FileNames.wal(1), new byte[0]);
        try (Table<Row> t = Tonbo.open(s, SCHEMA, OPTIONS)) {
            assertFalse(s.exists(FileNames.sst(999_999)), "orphan SST swept");
            assertFalse(s.exists(FileNames.wal(1)), "WAL below the floor swept");
            assertEquals(20, count(t.scan()));
            assertEquals(1, s.list(FileNames.MANIFEST_PREFIX).size(), "one manifest");
        }
    }

    private static long count(RowIterator<Row> it) {
        long n = 0;
        try (it) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
