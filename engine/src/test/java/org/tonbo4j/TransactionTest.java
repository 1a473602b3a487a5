package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;

/** The semantics of {@link Transaction}: read-your-writes, savepoints, conflicts, isolation. */
class TransactionTest {

    record Account(@PrimaryKey long id, long balance, @Nullable String note) {
    }

    private static Table<Account> open(MemoryStorage storage) {
        return Tonbo.open(storage, Account.class, Options.builder().memtableBytes(64 << 10).build());
    }

    private static List<Long> ids(RowIterator<Account> it) {
        List<Long> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(a -> out.add(a.id()));
        }
        return out;
    }

    @Test
    void readsItsOwnWritesMergedOverTheSnapshot() {
        try (Table<Account> t = open(new MemoryStorage())) {
            for (long i = 0; i < 10; i++) {
                t.insert(new Account(i, 100, null));
            }
            try (Transaction<Account> tx = t.begin()) {
                tx.insert(new Account(3, 50, "mine"));
                tx.delete(5L);
                tx.insert(new Account(20, 1, null));
                tx.insert(new Account(-1, 1, null));
                assertEquals(50, tx.get(3L).orElseThrow().balance());
                assertTrue(tx.get(5L).isEmpty());
                assertEquals(1, tx.get(20L).orElseThrow().balance());
                assertEquals(List.of(-1L, 0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 20L), ids(tx.scan()));
                assertEquals(List.of(20L, 9L, 8L, 7L, 6L, 4L, 3L, 2L, 1L, 0L, -1L),
                        ids(tx.scan(Scan.builder().reverse(true).build())));
                assertEquals(List.of(3L, 4L, 6L), ids(tx.scan(Scan.builder().fromExclusive(2L).to(6L).build())));
                assertEquals(List.of(9L, 8L), ids(tx.scan(Scan.builder().to(9L).reverse(true).limit(2).build())));
                try (RowIterator<Account> it = tx.scan(Scan.builder().from(3L).to(3L).columns("note").build())) {
                    Account a = it.next();
                    assertEquals("mine", a.note());
                    assertEquals(0, a.balance(), "unprojected column is left at its default");
                }
                // Outside the transaction nothing changed.
                assertEquals(100, t.get(3L).orElseThrow().balance());
                assertTrue(t.get(20L).isEmpty());
                assertEquals(4, tx.pendingWrites());
                tx.commit();
            }
            assertEquals(50, t.get(3L).orElseThrow().balance());
            assertTrue(t.get(5L).isEmpty());
            assertEquals(11, ids(t.scan()).size());
        }
    }

    @Test
    void insertIfAbsentSeesTheSnapshotAndItsOwnWrites() {
        try (Table<Account> t = open(new MemoryStorage())) {
            t.insert(new Account(1, 100, null));
            t.insert(new Account(2, 100, null));
            t.flush();
            t.insert(new Account(3, 100, null)); // in the memtable
            try (Transaction<Account> tx = t.begin()) {
                t.delete(2L); // after the snapshot: the transaction still sees it
                assertFalse(tx.insertIfAbsent(new Account(1, 1, "dup")));
                assertFalse(tx.insertIfAbsent(new Account(2, 1, "dup")));
                assertFalse(tx.insertIfAbsent(new Account(3, 1, "dup")));
                assertTrue(tx.insertIfAbsent(new Account(4, 4, "new")));
                assertFalse(tx.insertIfAbsent(new Account(4, 5, "again")), "its own write counts");
                tx.delete(3L);
                assertTrue(tx.insertIfAbsent(new Account(3, 3, "after its own delete")));
                assertEquals(4, tx.get(4L).orElseThrow().balance());
                int sp = tx.savepoint();
                assertTrue(tx.insertIfAbsent(new Account(5, 5, "undone")));
                tx.rollbackTo(sp);
                assertTrue(tx.get(5L).isEmpty(), "a rolled-back insertIfAbsent is gone");
                assertEquals(2, tx.pendingWrites());
                tx.commit();
            }
            assertEquals(100, t.get(1L).orElseThrow().balance());
            assertEquals("after its own delete", t.get(3L).orElseThrow().note());
            assertEquals(4, t.get(4L).orElseThrow().balance());
        }
    }

    @Test
    void snapshotIsolationIgnoresLaterCommits() {
        try (Table<Account> t = open(new MemoryStorage())) {
            t.insert(new Account(1, 100, null));
            try (Transaction<Account> tx = t.begin()) {
                t.insert(new Account(1, 200, null));
                t.insert(new Account(2, 200, null));
                assertEquals(100, tx.get(1L).orElseThrow().balance());
                assertEquals(List.of(1L), ids(tx.scan()));
                long seq = tx.commit(); // read-only: never conflicts
                assertEquals(tx.snapshotSequence(), seq);
            }
        }
    }

    @Test
    void savepointsUndoLaterWrites() {
        try (Table<Account> t = open(new MemoryStorage())) {
            t.insert(new Account(1, 100, null));
            try (Transaction<Account> tx = t.begin()) {
                tx.insert(new Account(1, 1, null));
                int sp = tx.savepoint();
                tx.insert(new Account(1, 2, null));
                tx.insert(new Account(2, 2, null));
                tx.delete(1L);
                int inner = tx.savepoint();
                tx.insert(new Account(3, 3, null));
                tx.rollbackTo(sp);
                assertEquals(1, tx.get(1L).orElseThrow().balance());
                assertTrue(tx.get(2L).isEmpty());
                assertTrue(tx.get(3L).isEmpty());
                assertThrows(IllegalArgumentException.class, () -> tx.rollbackTo(inner), "released by the rollback");
                tx.insert(new Account(4, 4, null));
                tx.rollbackTo(sp); // still valid
                assertTrue(tx.get(4L).isEmpty());
                assertThrows(IllegalArgumentException.class, () -> tx.rollbackTo(7));
                tx.commit();
            }
            assertEquals(1, t.get(1L).orElseThrow().balance());
            assertEquals(List.of(1L), ids(t.scan()));
        }
    }

    @Test
    void rollbackAndCloseDiscard() {
        try (Table<Account> t = open(new MemoryStorage())) {
            Transaction<Account> tx = t.begin();
            tx.insert(new Account(1, 1, null));
            tx.rollback();
            assertFalse(tx.isOpen());
            assertThrows(IllegalStateException.class, () -> tx.insert(new Account(2, 1, null)));
            assertThrows(IllegalStateException.class, tx::commit);
            tx.rollback(); // idempotent
            try (Transaction<Account> tx2 = t.begin()) {
                tx2.insert(new Account(2, 1, null));
            }
            assertEquals(List.of(), ids(t.scan()));
        }
    }

    @Test
    void writeWriteConflictsAreDetectedInMemtablesAndSsts() {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Account> t = open(storage)) {
            t.insert(new Account(1, 100, null));
            t.insert(new Account(2, 100, null));
            // In the memtable.
            Transaction<Account> a = t.begin();
            a.insert(new Account(1, 1, null));
            t.insert(new Account(1, 7, null));
            TransactionConflictException e = assertThrows(TransactionConflictException.class, a::commit);
            assertTrue(e.getMessage().contains("key 1"), e.getMessage());
            assertFalse(a.isOpen());
            assertEquals(7, t.get(1L).orElseThrow().balance(), "nothing of the failed transaction is written");
            // Flushed and compacted to the bottom level before the commit.
            Transaction<Account> b = t.begin();
            b.insert(new Account(2, 1, null));
            b.insert(new Account(3, 1, null));
            t.delete(2L);
            t.flush();
            t.compact();
            assertThrows(TransactionConflictException.class, b::commit);
            assertTrue(t.get(3L).isEmpty(), "a conflicting transaction writes none of its keys");
            // A version committed before the snapshot, now in an SST, is no conflict.
            try (Transaction<Account> c = t.begin()) {
                c.insert(new Account(1, 8, null));
                t.flush();
                c.commit();
            }
            assertEquals(8, t.get(1L).orElseThrow().balance());
        }
    }

    @Test
    void readForUpdateJoinsTheConflictCheckPlainReadsDoNot() {
        try (Table<Account> t = open(new MemoryStorage())) {
            t.insert(new Account(1, 100, null));
            t.insert(new Account(2, 100, null));
            // Write skew: each reads both, writes one; both commit under snapshot isolation.
            Transaction<Account> a = t.begin();
            Transaction<Account> b = t.begin();
            long sumA = a.get(1L).orElseThrow().balance() + a.get(2L).orElseThrow().balance();
            long sumB = b.get(1L).orElseThrow().balance() + b.get(2L).orElseThrow().balance();
            a.insert(new Account(1, 100 - sumA, null));
            b.insert(new Account(2, 100 - sumB, null));
            a.commit();
            b.commit();
            assertEquals(-200, t.get(1L).orElseThrow().balance() + t.get(2L).orElseThrow().balance());
            // With getForUpdate the second one fails.
            Transaction<Account> c = t.begin();
            Transaction<Account> d = t.begin();
            c.getForUpdate(2L);
            c.insert(new Account(1, 0, null));
            d.getForUpdate(1L);
            d.insert(new Account(2, 0, null));
            c.commit();
            assertThrows(TransactionConflictException.class, d::commit);
        }
    }

    @Test
    void commitReturnsTheSequenceAndTimeTravelSeesIt() {
        try (Table<Account> t = open(new MemoryStorage())) {
            Transaction<Account> tx = t.begin();
            tx.insert(new Account(1, 1, null));
            tx.insert(new Account(2, 2, null));
            long seq = tx.commit();
            assertEquals(seq, t.lastSequence());
            try (Snapshot<Account> s = t.snapshotAt(seq)) {
                assertEquals(Optional.of(new Account(2, 2, null)), s.get(2L));
            }
        }
    }

    @Test
    void transactionsOnAClosedTableFailClearly() {
        Table<Account> t = open(new MemoryStorage());
        Transaction<Account> tx = t.begin();
        tx.insert(new Account(1, 1, null));
        t.close();
        assertThrows(TableClosedException.class, tx::commit);
        assertThrows(TableClosedException.class, t::begin);
    }

    /** A memory storage whose reads can be made to fail. */
    private static final class FlakyReads extends MemoryStorage {
        volatile boolean failReads;

        @Override
        public org.tonbo4j.storage.ReadableFile open(String name) throws java.io.IOException {
            org.tonbo4j.storage.ReadableFile f = super.open(name);
            return new org.tonbo4j.storage.ReadableFile() {
                @Override
                public long length() throws java.io.IOException {
                    return f.length();
                }

                @Override
                public void readFully(long position, byte[] buf, int off, int len) throws java.io.IOException {
                    if (failReads) {
                        throw new java.io.IOException("injected read failure on " + name);
                    }
                    f.readFully(position, buf, off, len);
                }

                @Override
                public void close() throws java.io.IOException {
                    f.close();
                }
            };
        }
    }

    @Test
    void aFailedConflictCheckFailsOnlyThatTransaction() {
        FlakyReads storage = new FlakyReads();
        try (Table<Account> t = Tonbo.open(storage, Account.class, Options.builder().cacheBytes(0).build())) {
            t.insert(new Account(1, 100, null));
            Transaction<Account> tx = t.begin();
            tx.insert(new Account(1, 1, null));
            t.insert(new Account(1, 2, null)); // newer than the snapshot, then flushed: the check must read the SST
            t.flush();
            storage.failReads = true;
            TonboException e = assertThrows(TonboException.class, tx::commit);
            assertFalse(e instanceof TransactionConflictException, e.toString());
            assertTrue(e.getMessage().contains("injected read failure"), e.getMessage());
            storage.failReads = false;
            t.insert(new Account(2, 5, null)); // the table still accepts writes
            try (Transaction<Account> ok = t.begin()) {
                ok.insert(new Account(3, 3, null));
                ok.commit();
            }
            assertEquals(2, t.get(1L).orElseThrow().balance());
            assertEquals(List.of(1L, 2L, 3L), ids(t.scan()));
        }
    }
}
