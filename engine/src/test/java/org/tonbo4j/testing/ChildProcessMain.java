package org.tonbo4j.testing;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Transaction;
import org.tonbo4j.TransactionConflictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * A second process for multi-process tests. {@code hold DIR}: opens the table, prints
 * "opened" and waits to be killed. {@code write DIR}: writes batches of 10 rows forever with
 * every commit synced, printing "acked N" after batch N returns. {@code bank DIR}: two threads
 * move money between {@link #ACCOUNTS} accounts (id 0.., balance in column "batch") in
 * transactions, each also writing a receipt row (id {@link #RECEIPTS} + n), printing "acked ID"
 * after each commit returns.
 */
public final class ChildProcessMain {
    public static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("batch", ColumnType.INT64, false)
            .column("pad", ColumnType.STRING)
            .primaryKey("id").build();

    public static Options options() {
        return Options.builder().memtableBytes(64 << 10).targetFileBytes(64 << 10).rowGroupBytes(16 << 10)
                .level0CompactionTrigger(2).level1MaxBytes(256 << 10).build();
    }

    public static final int ACCOUNTS = 20;
    public static final long START_BALANCE = 1_000;
    public static final long RECEIPTS = 1_000_000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Table<Row> t = Tonbo.open(dir, SCHEMA, options());
        if (args[0].equals("hold")) {
            System.out.println("opened");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        if (args[0].equals("bank")) {
            bank(t);
            return;
        }
        String pad = "p".repeat(100);
        for (long b = 1; ; b++) {
            List<Row> rows = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                rows.add(Row.of(SCHEMA, b * 10 + i, b, pad));
            }
            t.insertAll(rows);
            System.out.println("acked " + b);
            System.out.flush();
        }
    }

    private static void bank(Table<Row> t) throws InterruptedException {
        if (t.get(0L).isEmpty()) {
            try (Transaction<Row> tx = t.begin()) {
                for (long i = 0; i < ACCOUNTS; i++) {
                    tx.insert(Row.of(SCHEMA, i, START_BALANCE, null));
                }
                tx.commit();
            }
        }
        long firstReceipt;
        try (RowIterator<Row> it = t.scan(Scan.builder().reverse(true).limit(1).build())) {
            firstReceipt = Math.max(RECEIPTS, it.next().getLong("id")) + 1;
        }
        AtomicLong receipts = new AtomicLong(firstReceipt);
        Thread[] workers = new Thread[2];
        for (int w = 0; w < workers.length; w++) {
            Random r = new Random(w);
            workers[w] = new Thread(() -> {
                while (true) {
                    long from = r.nextInt(ACCOUNTS);
                    long to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long receipt = receipts.getAndIncrement();
                    while (true) {
                        try (Transaction<Row> tx = t.begin()) {
                            long a = tx.get(from).orElseThrow().getLong("batch");
                            long b = tx.get(to).orElseThrow().getLong("batch");
                            tx.insert(Row.of(SCHEMA, from, a - 7, null));
                            tx.insert(Row.of(SCHEMA, to, b + 7, null));
                            tx.insert(Row.of(SCHEMA, receipt, 7L, "p".repeat(50)));
                            tx.commit();
                            break;
                        } catch (TransactionConflictException e) {
                            // retry from a new snapshot
                        }
                    }
                    synchronized (System.out) {
                        System.out.println("acked " + receipt);
                        System.out.flush();
                    }
                }
            });
            workers[w].start();
        }
        workers[0].join();
    }
}
