package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sessions insert, update, delete and read one tonbo table at once while another flushes
 * and compacts it. Each writer owns a key range (checked against its own model at the end) and
 * all of them increment one shared counter row, retrying when a commit conflicts: the counter
 * must equal the number of successful increments. Size: -Dtonbo.h2.concurrency.ops (default 300).
 */
class ConcurrencyTest {
    private static final int OPS = Integer.getInteger("tonbo.h2.concurrency.ops", 300);
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @Test
    void writersReadersFlushesAndCompactions() throws Exception {
        AtomicLong increments = new AtomicLong();
        try (Connection setup = Sql.open(dir, "db")) {
            Sql.exec(setup, "CREATE TABLE t(id INT PRIMARY KEY, v INT) ENGINE \"tonbo\" WITH \"memtable_mb=1\"");
            Sql.exec(setup, "INSERT INTO t VALUES (-1, 0)");
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
            AtomicBoolean done = new AtomicBoolean();
            List<Future<TreeMap<Integer, Integer>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(() -> write(id, increments)));
            }
            Future<?> reader = pool.submit(() -> {
                try (Connection c = Sql.open(dir, "db")) {
                    while (!done.get()) {
                        long count = Long.parseLong(Sql.one(c, "SELECT COUNT(*) FROM t"));
                        long scanned = Long.parseLong(Sql.one(c, "SELECT COUNT(v) + COUNT(CASE WHEN v IS NULL THEN 1 END) FROM t"));
                        if (count < 1 || scanned < 1) {
                            throw new AssertionError("the counter row vanished");
                        }
                    }
                }
                return null;
            });
            Future<?> maintenance = pool.submit(() -> {
                try (Connection c = Sql.open(dir, "db")) {
                    int i = 0;
                    while (!done.get()) {
                        if (i++ % 2 == 0) {
                            TonboFunctions.flush(c, "T");
                        } else {
                            TonboFunctions.compact(c, "T");
                        }
                        Thread.sleep(20);
                    }
                }
                return null;
            });
            TreeMap<Integer, Integer> expected = new TreeMap<>();
            for (Future<TreeMap<Integer, Integer>> f : writers) {
                expected.putAll(f.get());
            }
            done.set(true);
            reader.get();
            maintenance.get();
            pool.shutdown();
            expected.put(-1, (int) increments.get());
            List<String> want = new ArrayList<>();
            expected.forEach((k, v) -> want.add(k + "|" + v));
            assertEquals(want, Sql.query(setup, "SELECT * FROM t ORDER BY id"));
            assertEquals(String.valueOf(expected.size()), Sql.one(setup, "SELECT COUNT(*) FROM t"));
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals(String.valueOf(increments.get()), Sql.one(c, "SELECT v FROM t WHERE id = -1"));
        }
    }

    private TreeMap<Integer, Integer> write(int writer, AtomicLong increments) throws SQLException {
        TreeMap<Integer, Integer> model = new TreeMap<>();
        Random rnd = new Random(writer);
        try (Connection c = Sql.open(dir, "db")) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE t SET v = v + 1 WHERE id = ?");
                 PreparedStatement del = c.prepareStatement("DELETE FROM t WHERE id = ?")) {
                for (int op = 0; op < OPS; op++) {
                    int key = writer * 1_000_000 + rnd.nextInt(200);
                    int kind = rnd.nextInt(4);
                    if (kind == 0) {
                        if (!model.containsKey(key)) {
                            ins.setInt(1, key);
                            ins.setInt(2, op);
                            ins.executeUpdate();
                            model.put(key, op);
                        }
                    } else if (kind == 1) {
                        upd.setInt(1, key);
                        upd.executeUpdate();
                        model.computeIfPresent(key, (k, v) -> v + 1);
                    } else if (kind == 2) {
                        del.setInt(1, key);
                        del.executeUpdate();
                        model.remove(key);
                    } else {
                        upd.setInt(1, -1);
                        upd.executeUpdate();
                        try {
                            c.commit();
                            increments.incrementAndGet();
                        } catch (SQLException conflict) {
                            // another session incremented first: this transaction is gone, redo nothing
                            model.clear();
                            model.putAll(committed(c, writer));
                        }
                        continue;
                    }
                    c.commit();
                }
            }
        }
        return model;
    }

    private static TreeMap<Integer, Integer> committed(Connection c, int writer) throws SQLException {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        for (String r : Sql.query(c, "SELECT id, v FROM t WHERE id BETWEEN " + writer * 1_000_000 + " AND "
                + (writer * 1_000_000 + 999))) {
            String[] p = r.split("\\|");
            m.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        return m;
    }
}
