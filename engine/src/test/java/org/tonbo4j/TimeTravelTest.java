package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;

/**
 * Time travel against an oracle: a randomized run pins snapshots (open, named, or only by
 * sequence number under a retention window) at random points, while flushes, compactions and
 * reopens go on; every pinned point must read exactly the oracle's state at that point, and a
 * point that is not retained must be refused, never read wrongly.
 * Knob: {@code -Dtonbo.test.timeTravelOps=N} (default 6000), {@code -Dtonbo.test.seed=S}.
 */
class TimeTravelTest {
    private static final int OPS = Integer.getInteger("tonbo.test.timeTravelOps", 6000);
    private static final int KEYS = 300;

    record Item(@PrimaryKey int id, long version, @Nullable String label) {
    }

    private static Options tiny(Duration retention) {
        return Options.builder().memtableBytes(8 << 10).targetFileBytes(16 << 10).level1MaxBytes(32 << 10)
                .level0CompactionTrigger(2).historyRetention(retention).build();
    }

    /** A point in the past: its sequence, the oracle's state then, and how it is pinned. */
    private record Point(long seq, Map<Integer, Item> state, String name, Snapshot<Item> open) {
    }

    @Test
    void retainedHistoryMatchesTheOracle() {
        run(Duration.ofHours(1), true);
    }

    @Test
    void withoutRetentionOnlyPinnedPointsAreReadableAndUnpinnedOnesAreRefused() {
        run(Duration.ZERO, false);
    }

    private void run(Duration retention, boolean everythingRetained) {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        System.out.println("TimeTravelTest seed " + seed + " (replay: -Dtonbo.test.seed=" + seed + ")");
        Random r = new Random(seed);
        MemoryStorage storage = new MemoryStorage();
        TreeMap<Integer, Item> oracle = new TreeMap<>();
        List<Point> points = new ArrayList<>();
        Table<Item> t = Tonbo.open(storage, Item.class, tiny(retention));
        int refused = 0;
        try {
            for (int op = 0; op < OPS; op++) {
                int kind = r.nextInt(100);
                if (kind < 60) {
                    Item it = new Item(r.nextInt(KEYS), op, r.nextBoolean() ? null : "v" + op);
                    t.insert(it);
                    oracle.put(it.id(), it);
                } else if (kind < 75) {
                    int id = r.nextInt(KEYS);
                    t.delete(id);
                    oracle.remove(id);
                } else if (kind < 85) {
                    try (Transaction<Item> tx = t.begin()) {
                        for (int i = 0; i < 5; i++) {
                            Item it = new Item(r.nextInt(KEYS), op, "tx");
                            tx.insert(it);
                            oracle.put(it.id(), it);
                        }
                        tx.commit();
                    }
                } else if (kind < 92) {
                    long seq = t.lastSequence();
                    String name = r.nextInt(3) == 0 ? "p" + op : null;
                    Snapshot<Item> open = name == null && r.nextInt(3) == 0 ? t.snapshot() : null;
                    if (name != null) {
                        assertEquals(seq, t.pinSnapshot(name));
                    }
                    points.add(new Point(seq, new TreeMap<>(oracle), name, open));
                } else if (kind < 96) {
                    t.flush();
                } else if (kind < 98) {
                    t.compact();
                } else if (kind < 99 && !points.isEmpty()) {
                    refused += check(t, points.get(r.nextInt(points.size())), everythingRetained);
                } else {
                    closeOpen(points);
                    t.close();
                    t = Tonbo.open(storage, Item.class, tiny(retention));
                }
            }
            t.flush();
            t.compact();
            for (Point p : points) {
                refused += check(t, p, everythingRetained);
            }
            closeOpen(points);
            t.close();
            t = Tonbo.open(storage, Item.class, tiny(retention));
            for (Point p : points) {
                if (p.name() != null) {
                    refused += check(t, p, everythingRetained);
                }
            }
            System.out.println("TimeTravelTest: " + points.size() + " points checked, " + refused + " refused as expired");
            if (!everythingRetained) {
                assertTrue(refused > 0, "some unpinned points expired");
            }
        } finally {
            closeOpen(points);
            t.close();
        }
    }

    private static void closeOpen(List<Point> points) {
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (p.open() != null) {
                p.open().close();
                points.set(i, new Point(p.seq(), p.state(), p.name(), null));
            }
        }
    }

    /** Checks one point; returns 1 if it was refused as no longer retained. */
    private static int check(Table<Item> t, Point p, boolean everythingRetained) {
        boolean mustBeReadable = everythingRetained || p.name() != null || p.open() != null;
        if (p.open() != null) {
            assertEquals(p.state(), read(p.open()), "open snapshot at " + p.seq());
        }
        Snapshot<Item> s;
        try {
            s = p.name() != null && new Random(p.seq()).nextBoolean() ? t.snapshot(p.name()) : t.snapshotAt(p.seq());
        } catch (SnapshotUnavailableException e) {
            assertFalse(mustBeReadable, "point " + p.seq() + " must be readable: " + e.getMessage());
            return 1;
        }
        try (s) {
            assertEquals(p.seq(), s.sequence());
            assertEquals(p.state(), read(s), "state at sequence " + p.seq());
            for (int id = 0; id < KEYS; id += 37) {
                assertEquals(p.state().get(id), s.get(id).orElse(null), "get " + id + " at " + p.seq());
            }
        }
        return 0;
    }

    private static Map<Integer, Item> read(Snapshot<Item> s) {
        Map<Integer, Item> m = new TreeMap<>();
        try (RowIterator<Item> it = s.scan()) {
            it.forEachRemaining(i -> m.put(i.id(), i));
        }
        return m;
    }

    @Test
    void namedSnapshotsSurviveReopenAndCanBeDropped() {
        MemoryStorage storage = new MemoryStorage();
        long seq;
        try (Table<Item> t = Tonbo.open(storage, Item.class, tiny(Duration.ZERO))) {
            t.insert(new Item(1, 1, "old"));
            seq = t.pinSnapshot("release-1");
            assertThrows(IllegalArgumentException.class, () -> t.pinSnapshot("release-1"));
            assertThrows(IllegalArgumentException.class, () -> t.pinSnapshot(""));
            t.insert(new Item(1, 2, "new"));
            t.flush();
            t.compact();
        }
        try (Table<Item> t = Tonbo.open(storage, Item.class, tiny(Duration.ZERO))) {
            assertEquals(Map.of("release-1", seq), t.pinnedSnapshots());
            try (Snapshot<Item> s = t.snapshot("release-1")) {
                assertEquals("old", s.get(1).orElseThrow().label());
            }
            assertThrows(SnapshotUnavailableException.class, () -> t.snapshot("nope"));
            assertTrue(t.unpinSnapshot("release-1"));
            assertFalse(t.unpinSnapshot("release-1"));
            t.insert(new Item(2, 1, null));
            t.flush();
            t.compact();
            SnapshotUnavailableException e = assertThrows(SnapshotUnavailableException.class, () -> t.snapshotAt(seq));
            assertTrue(e.getMessage().contains("historyRetention"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.snapshotAt(t.lastSequence() + 1));
            assertThrows(IllegalArgumentException.class, () -> t.snapshotAt(-1));
        }
    }

    @Test
    void historyOlderThanTheRetentionWindowIsDropped() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Item> t = Tonbo.open(storage, Item.class, tiny(Duration.ofSeconds(3)))) {
            t.insert(new Item(1, 1, "a"));
            long old = t.lastSequence();
            t.insert(new Item(1, 2, "b"));
            t.flush();
            t.compact();
            try (Snapshot<Item> s = t.snapshotAt(old)) {
                assertEquals("a", s.get(1).orElseThrow().label(), "inside the window");
            }
            Thread.sleep(3200);
            t.insert(new Item(2, 1, null)); // a commit after the window moved on
            t.flush();
            t.compact();
            assertThrows(SnapshotUnavailableException.class, () -> t.snapshotAt(old));
            assertEquals(2, t.stats().levels().stream().mapToLong(l -> l.rows()).sum(),
                    "the overwritten version is gone from the files");
        }
    }
}
