package org.tonbo4j.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.tonbo4j.Nullable;
import org.tonbo4j.Options;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.Transaction;
import org.tonbo4j.TransactionConflictException;

/**
 * Transactions and time travel on a typed table: concurrent transfers between accounts with
 * retries on conflicts, a savepoint, a named snapshot, and reading the table as it was.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh TransactionsSample [DIR]} (default: a temporary
 * directory). Its smoke test runs in the test suite.
 */
public final class TransactionsSample {
    record Account(@PrimaryKey long id, long balance, @Nullable String owner) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-transactions-");
        Options options = Options.builder().historyRetention(Duration.ofMinutes(10)).build();
        try (Table<Account> accounts = Tonbo.open(dir.resolve("accounts"), Account.class, options)) {
            try (Transaction<Account> tx = accounts.begin()) {
                for (long id = 0; id < 10; id++) {
                    tx.insert(new Account(id, 1_000, "owner-" + id));
                }
                tx.commit();
            }
            long opened = accounts.pinSnapshot("opening-balances");

            // Four threads move money around; a conflict means someone else changed an account
            // after our snapshot: nothing of ours was written, so we simply try again.
            Thread[] workers = new Thread[4];
            long[] retries = new long[workers.length];
            for (int w = 0; w < workers.length; w++) {
                int me = w;
                workers[w] = new Thread(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < 500; i++) {
                        long from = r.nextLong(10);
                        long to = (from + 1 + r.nextLong(9)) % 10;
                        while (true) {
                            try (Transaction<Account> tx = accounts.begin()) {
                                Account a = tx.get(from).orElseThrow();
                                Account b = tx.get(to).orElseThrow();
                                tx.insert(new Account(from, a.balance() - 5, a.owner()));
                                tx.insert(new Account(to, b.balance() + 5, b.owner()));
                                tx.commit();
                                break;
                            } catch (TransactionConflictException e) {
                                retries[me]++;
                            }
                        }
                    }
                });
                workers[w].start();
            }
            for (Thread t : workers) {
                t.join();
            }
            long totalRetries = 0;
            for (long n : retries) {
                totalRetries += n;
            }
            try (Snapshot<Account> now = accounts.snapshot()) {
                System.out.printf("2,000 transfers committed, %d retried after a conflict; total now %d%n", totalRetries,
                        total(now));
            }

            // A savepoint undoes part of a transaction.
            try (Transaction<Account> tx = accounts.begin()) {
                tx.insert(new Account(0, 0, "renamed"));
                int sp = tx.savepoint();
                tx.delete(1L);
                tx.rollbackTo(sp);
                tx.commit();
            }
            System.out.println("account 0 owner: " + accounts.get(0L).orElseThrow().owner()
                    + ", account 1 still there: " + accounts.get(1L).isPresent());

            // Time travel: the pinned opening balances, and the state as of any sequence number.
            try (Snapshot<Account> then = accounts.snapshot("opening-balances")) {
                System.out.printf("opening balances (sequence %d): total %d, account 0 had %d%n", opened, total(then),
                        then.get(0L).orElseThrow().balance());
            }
            accounts.unpinSnapshot("opening-balances");
            System.out.println("table files in " + dir.resolve("accounts"));
        }
    }

    private static long total(Snapshot<Account> s) {
        long sum = 0;
        try (RowIterator<Account> it = s.scan()) {
            while (it.hasNext()) {
                sum += it.next().balance();
            }
        }
        return sum;
    }
}
