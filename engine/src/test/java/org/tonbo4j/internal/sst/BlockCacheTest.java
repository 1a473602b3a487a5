package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockCacheTest {

    @Test
    void evictsLeastRecentlyUsedBeyondCapacity() {
        BlockCache c = new BlockCache(300);
        Object a = new Object();
        Object b = new Object();
        c.put("f", 0, 1, a, 100);
        c.put("f", 0, 2, b, 100);
        c.put("f", 1, 1, new Object(), 100);
        assertSame(a, c.get("f", 0, 1)); // a is now most recent
        c.put("g", 0, BlockCache.KEYS, new Object(), 100);
        assertNull(c.get("f", 0, 2), "b was least recently used");
        assertSame(a, c.get("f", 0, 1));
        assertEquals(300, c.usedBytes());
        assertEquals(3, c.size());
        assertEquals(2, c.hits());
        assertEquals(1, c.misses());
    }

    @Test
    void replacingAnEntryKeepsTheAccountingRight() {
        BlockCache c = new BlockCache(1000);
        c.put("f", 0, 1, "x", 400);
        c.put("f", 0, 1, "y", 300);
        assertEquals(300, c.usedBytes());
        assertEquals("y", c.get("f", 0, 1));
    }

    @Test
    void tooLargeEntriesAndZeroCapacityCacheNothing() {
        BlockCache c = new BlockCache(100);
        c.put("f", 0, 1, "x", 101);
        assertNull(c.get("f", 0, 1));
        BlockCache off = BlockCache.disabled();
        off.put("f", 0, 1, "x", 0);
        assertNull(off.get("f", 0, 1));
        assertEquals(0, off.size());
        assertEquals(2, off.misses() + c.misses());
        assertThrows(IllegalArgumentException.class, () -> new BlockCache(-1));
    }

    @Test
    void evictFileDropsOnlyThatFile() {
        BlockCache c = new BlockCache(1 << 20);
        for (int rg = 0; rg < 5; rg++) {
            c.put("a", rg, BlockCache.KEYS, rg, 10);
            c.put("b", rg, BlockCache.KEYS, rg, 10);
        }
        c.evictFile("a");
        assertEquals(5, c.size());
        assertEquals(50, c.usedBytes());
        assertNull(c.get("a", 1, BlockCache.KEYS));
        assertEquals(1, c.get("b", 1, BlockCache.KEYS));
    }

    @Test
    void concurrentUseStaysWithinBudget() throws InterruptedException {
        BlockCache c = new BlockCache(10_000);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        int rg = (i * 31 + id) % 300;
                        Object v = c.get("f" + (rg % 3), rg, i % 4);
                        if (v == null) {
                            c.put("f" + (rg % 3), rg, i % 4, rg, 50 + rg % 50);
                        } else if (!v.equals(rg)) {
                            throw new AssertionError("wrong value " + v + " for row group " + rg);
                        }
                        if (i % 5000 == 0) {
                            c.evictFile("f" + id % 3);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertTrue(c.usedBytes() <= 10_000);
        assertEquals(80_000, c.hits() + c.misses());
    }
}
