package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.TransactionConflictException;

/**
 * Transaction commit throughput: tonbo4j's optimistic transactions against RocksDB's
 * {@code OptimisticTransactionDB} (rocksdbjni), side by side in one JVM.
 *
 * <p>Workload: a table of accounts (INT64 key, INT64 balance), preloaded. Each transaction is a
 * transfer: read two random accounts at the transaction's snapshot, write both, commit; on a
 * conflict it is retried from a new snapshot. {@code --threads} threads (default 4) run
 * transfers for {@code --seconds} seconds (default 5) per engine and configuration:
 * <ul>
 *   <li>{@code low}: 100,000 accounts, conflicts are rare;</li>
 *   <li>{@code high}: 16 accounts, most first attempts conflict.</li>
 * </ul>
 * Both engines read at a snapshot taken at begin and detect write-write conflicts relative to it
 * (RocksDB: {@code setSnapshot()} at begin, reads with that snapshot), WAL on without fsync
 * (tonbo {@code SyncPolicy.never()}, RocksDB {@code setSync(false)}). Reported: committed
 * transfers per second, the ratio tonbo/RocksDB, and conflicts per commit. Best of
 * {@code --reps} (default 3).
 *
 * <p>Run from the repository root: {@code scripts/bench-txn.sh [--threads=N] [--seconds=S] [--reps=R]}.
 */
public final class TxnBench {
    record Account(@PrimaryKey long id, long balance) {
    }

    private interface Engine extends AutoCloseable {
        /** One transfer attempt; false on a conflict (nothing written). */
        boolean transfer(long from, long to, long amount) throws Exception;

        @Override
        void close() throws Exception;
    }

    private static final class TonboSide implements Engine {
        final Table<Account> table;

        TonboSide(Path dir, int accounts) {
            table = Tonbo.open(dir, Account.class, org.tonbo4j.Options.builder().syncPolicy(SyncPolicy.never()).build());
            List<Account> batch = new ArrayList<>();
            for (long i = 0; i < accounts; i++) {
                batch.add(new Account(i, 1_000));
                if (batch.size() == 1000) {
                    table.insertAll(batch);
                    batch.clear();
                }
            }
            table.insertAll(batch);
        }

        @Override
        public boolean transfer(long from, long to, long amount) {
            try (org.tonbo4j.Transaction<Account> tx = table.begin()) {
                long a = tx.get(from).orElseThrow().balance();
                long b = tx.get(to).orElseThrow().balance();
                tx.insert(new Account(from, a - amount));
                tx.insert(new Account(to, b + amount));
                tx.commit();
                return true;
            } catch (TransactionConflictException e) {
                return false;
            }
        }

        @Override
        public void close() {
            table.close();
        }
    }

    private static final class RocksSide implements Engine {
        static {
            RocksDB.loadLibrary();
        }

        final Options options = new Options().setCreateIfMissing(true);
        final WriteOptions writeOptions = new WriteOptions().setSync(false);
        final OptimisticTransactionDB db;

        RocksSide(Path dir, int accounts) throws RocksDBException {
            db = OptimisticTransactionDB.open(options, dir.toString());
            try (WriteBatch batch = new WriteBatch()) {
                for (long i = 0; i < accounts; i++) {
                    batch.put(key(i), value(1_000));
                }
                db.write(writeOptions, batch);
            }
        }

        static byte[] key(long id) {
            return ByteBuffer.allocate(8).putLong(id ^ Long.MIN_VALUE).array();
        }

        static byte[] value(long v) {
            return ByteBuffer.allocate(8).putLong(v).array();
        }

        @Override
        public boolean transfer(long from, long to, long amount) throws RocksDBException {
            try (Transaction tx = db.beginTransaction(writeOptions); ReadOptions ro = new ReadOptions()) {
                tx.setSnapshot();
                ro.setSnapshot(tx.getSnapshot());
                long a = ByteBuffer.wrap(tx.get(ro, key(from))).getLong();
                long b = ByteBuffer.wrap(tx.get(ro, key(to))).getLong();
                tx.put(key(from), value(a - amount));
                tx.put(key(to), value(b + amount));
                try {
                    tx.commit();
                    return true;
                } catch (RocksDBException e) {
                    Status.Code c = e.getStatus() == null ? null : e.getStatus().getCode();
                    if (c == Status.Code.Busy || c == Status.Code.TryAgain) {
                        return false;
                    }
                    throw e;
                }
            }
        }

        @Override
        public void close() {
            db.close();
            writeOptions.close();
            options.close();
        }
    }

    private record Result(double commitsPerSecond, double conflictsPerCommit) {
    }

    private static Result run(Engine engine, int accounts, int threads, double seconds) throws InterruptedException {
        AtomicLong commits = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            SplittableRandom r = new SplittableRandom(t * 7919L + 1);
            workers[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        long from = r.nextInt(accounts);
                        long to = (from + 1 + r.nextInt(accounts - 1)) % accounts;
                        while (!engine.transfer(from, to, 1 + r.nextInt(10))) {
                            conflicts.incrementAndGet();
                        }
                        commits.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!errors.isEmpty()) {
            throw new IllegalStateException("benchmark failed", errors.get(0));
        }
        return new Result(commits.get() / elapsed, conflicts.get() / (double) Math.max(1, commits.get()));
    }

    public static void main(String[] argv) throws Exception {
        int threads = 4;
        double seconds = 5;
        int reps = 3;
        List<String> contentions = List.of("low", "high");
        List<String> engines = List.of("tonbo", "rocksdb");
        for (String a : argv) {
            if (a.startsWith("--threads=")) {
                threads = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--seconds=")) {
                seconds = Double.parseDouble(a.substring(10));
            } else if (a.startsWith("--reps=")) {
                reps = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--contention=")) {
                contentions = List.of(a.substring(13).split(","));
            } else if (a.startsWith("--engines=")) {
                engines = List.of(a.substring(10).split(","));
            } else {
                System.err.println("usage: TxnBench [--threads=4] [--seconds=5] [--reps=3] [--contention=low,high] [--engines=tonbo,rocksdb]");
                System.exit(a.equals("--help") ? 0 : 2);
            }
        }
        Path root = Files.createTempDirectory("tonbo-txn-bench-");
        System.out.println("# transactions: transfers with " + threads + " threads, " + seconds + " s per run, best of " + reps);
        System.out.println(MachineInfo.describe(root));
        System.out.println("| contention | accounts | tonbo commits/s | rocksdb commits/s | ratio | tonbo conflicts/commit | rocksdb conflicts/commit |");
        System.out.println("|---|---|---|---|---|---|---|");
        int run = 0;
        for (String contention : contentions) {
            int accounts = contention.equals("low") ? 100_000 : 16;
            Result bestT = null;
            Result bestR = null;
            for (int rep = 0; rep < reps; rep++) {
                for (int side = 0; side < 2; side++) {
                    boolean tonbo = (side + rep) % 2 == 0;
                    if (!engines.contains(tonbo ? "tonbo" : "rocksdb")) {
                        continue;
                    }
                    Path dir = root.resolve("run" + run++);
                    try (Engine e = tonbo ? new TonboSide(dir, accounts) : new RocksSide(dir, accounts)) {
                        run(e, accounts, threads, Math.min(1, seconds)); // warm-up
                        Result r = run(e, accounts, threads, seconds);
                        if (tonbo && (bestT == null || r.commitsPerSecond > bestT.commitsPerSecond)) {
                            bestT = r;
                        } else if (!tonbo && (bestR == null || r.commitsPerSecond > bestR.commitsPerSecond)) {
                            bestR = r;
                        }
                    }
                    deleteTree(dir);
                }
            }
            if (bestT == null || bestR == null) {
                Result only = bestT != null ? bestT : bestR;
                System.out.printf(Locale.ROOT, "| %s | %,d | %s commits/s %,.0f | conflicts/commit %.3f |%n", contention,
                        accounts, bestT != null ? "tonbo" : "rocksdb", only.commitsPerSecond, only.conflictsPerCommit);
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.2f× | %.3f | %.3f |%n", contention, accounts,
                    bestT.commitsPerSecond, bestR.commitsPerSecond, bestT.commitsPerSecond / bestR.commitsPerSecond,
                    bestT.conflictsPerCommit, bestR.conflictsPerCommit);
        }
        deleteTree(root);
        System.exit(0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
