package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.testing.Churn;
import org.tonbo4j.testing.CrashStorage;

/**
 * Threads move money between accounts in transactions (retrying on conflicts) while flushes and
 * compactions run and checkers sum the balances in snapshots: the total never changes. Each
 * transfer also writes a receipt row, so after a simulated power loss mid-run the test checks
 * that every acknowledged transfer survived and the total still holds.
 *
 * <p>Knobs: {@code -Dtonbo.test.bankTransfers=N} transfers per thread (default 1500),
 * {@code -Dtonbo.test.seed=S}.
 */
class BankTransferTest {
    private static final int ACCOUNTS = 40;
    private static final long START_BALANCE = 1_000;
    private static final long RECEIPTS = 1_000_000;
    private static final int THREADS = 4;

    record Entry(@PrimaryKey long id, long amount) {
    }

    private static final int TRANSFERS = Integer.getInteger("tonbo.test.bankTransfers", 1500);

    private static Options options() {
        return Options.builder().memtableBytes(16 << 10).targetFileBytes(32 << 10).level1MaxBytes(64 << 10)
                .level0CompactionTrigger(2).build();
    }

    private static long total(Snapshot<Entry> s) {
        long sum = 0;
        int n = 0;
        try (RowIterator<Entry> it = s.scan(Scan.builder().toExclusive(RECEIPTS).build())) {
            while (it.hasNext()) {
                sum += it.next().amount();
                n++;
            }
        }
        assertEquals(ACCOUNTS, n, "accounts at sequence " + s.sequence());
        return sum;
    }

    @Test
    void totalHoldsUnderConcurrencyAndAcrossACrash() throws Exception {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        System.out.println("BankTransferTest seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")");
        CrashStorage storage = new CrashStorage(seed);
        long expectedTotal = ACCOUNTS * START_BALANCE;
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong receiptIds = new AtomicLong();
        MemoryStorage image;
        Set<Long> acknowledgedAtCrash;
        try (Table<Entry> t = Tonbo.open(storage, Entry.class, options())) {
            try (Transaction<Entry> tx = t.begin()) {
                for (long i = 0; i < ACCOUNTS; i++) {
                    tx.insert(new Entry(i, START_BALANCE));
                }
                tx.commit();
            }
            AtomicBoolean done = new AtomicBoolean();
            Thread[] workers = new Thread[THREADS];
            for (int w = 0; w < THREADS; w++) {
                Random r = new Random(seed + w);
                workers[w] = new Thread(() -> {
                    try {
                        for (int i = 0; i < TRANSFERS; i++) {
                            long from = r.nextInt(ACCOUNTS);
                            long to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            long amount = 1 + r.nextInt(50);
                            long receipt = RECEIPTS + receiptIds.incrementAndGet();
                            while (true) {
                                try (Transaction<Entry> tx = t.begin()) {
                                    long a = tx.get(from).orElseThrow().amount();
                                    long b = tx.get(to).orElseThrow().amount();
                                    tx.insert(new Entry(from, a - amount));
                                    tx.insert(new Entry(to, b + amount));
                                    tx.insert(new Entry(receipt, amount));
                                    tx.commit();
                                    acknowledged.add(receipt);
                                    break;
                                } catch (TransactionConflictException e) {
                                    conflicts.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "transfer-" + w);
            }
            Thread checker = new Thread(() -> {
                try {
                    while (!done.get()) {
                        try (Snapshot<Entry> s = t.snapshot()) {
                            assertEquals(expectedTotal, total(s), "total at sequence " + s.sequence());
                            assertEquals(expectedTotal, total(s), "a snapshot is stable");
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "checker");
            for (Thread w : workers) {
                w.start();
            }
            Churn churn = new Churn(t, 3, 5, failures);
            checker.start();
            // Power loss somewhere in the middle of the run.
            while (acknowledged.size() < TRANSFERS * THREADS / 2 && failures.isEmpty() && anyAlive(workers)) {
                Thread.sleep(1);
            }
            acknowledgedAtCrash = Set.copyOf(acknowledged);
            image = storage.crashImage();
            for (Thread w : workers) {
                w.join();
            }
            done.set(true);
            churn.stop();
            checker.join();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            try (Snapshot<Entry> s = t.snapshot()) {
                assertEquals(expectedTotal, total(s));
            }
            assertEquals((long) TRANSFERS * THREADS, acknowledged.size());
            System.out.println("BankTransferTest: " + acknowledged.size() + " transfers, " + conflicts.get() + " conflicts retried");
        }
        assertTrue(conflicts.get() > 0, "the workload is contended enough to exercise conflicts");
        checkRecovered(image, acknowledgedAtCrash, expectedTotal);
        checkRecovered(storage, acknowledged, expectedTotal);
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private static void checkRecovered(Storage storage, Set<Long> acknowledged, long expectedTotal) {
        try (Table<Entry> t = Tonbo.open(storage, Entry.class, options()); Snapshot<Entry> s = t.snapshot()) {
            assertEquals(expectedTotal, total(s), "total after recovery");
            for (long receipt : acknowledged) {
                assertTrue(s.get(receipt).isPresent(), "acknowledged transfer " + receipt + " survived");
            }
        }
    }
}
