package org.tonbo4j.internal.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.key.KeyBytes;

/** {@link SlotIndex} against a HashMap: random adds and removes (runs of collisions shifted back on removal). */
class SlotIndexTest {
    private static byte[] key(long k) {
        return ByteBuffer.allocate(8).putLong(k).array();
    }

    @Test
    void matchesAHashMapThroughAddsRemovesAndGrowth() {
        long seed = Long.getLong("tonbo.test.seed", System.nanoTime());
        Random r = new Random(seed);
        SlotIndex index = new SlotIndex();
        Map<Long, Slot> oracle = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            long k = r.nextInt(op < 100_000 ? 3_000 : 60_000);
            Slot present = oracle.get(k);
            if (present == null && r.nextInt(3) > 0) {
                Slot s = new Slot(key(k), false, new byte[0], 0);
                index.add(s);
                oracle.put(k, s);
            } else if (present != null && r.nextBoolean()) {
                index.remove(present);
                oracle.remove(k);
            }
            byte[] probe = key(r.nextInt(60_000));
            Slot want = oracle.get(ByteBuffer.wrap(probe).getLong());
            Slot got = index.get(probe, KeyBytes.hash(probe));
            if (want == null) {
                assertNull(got, "seed " + seed);
            } else {
                assertSame(want, got, "seed " + seed);
            }
            assertEquals(oracle.size(), index.size(), "seed " + seed);
        }
        for (Map.Entry<Long, Slot> e : oracle.entrySet()) {
            byte[] k = key(e.getKey());
            assertSame(e.getValue(), index.get(k, KeyBytes.hash(k)), "seed " + seed);
        }
        Slot stranger = new Slot(key(-1), false, new byte[0], 0);
        assertThrows(IllegalStateException.class, () -> index.remove(stranger));
        index.clear();
        assertEquals(0, index.size());
    }
}
