package org.tonbo4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Writes packed into chunks read back whole, found by key, and unchanged in a view while the arena grows. */
class RowArenaTest {
    private static byte[] key(long k) {
        return ByteBuffer.allocate(8).putLong(k ^ Long.MIN_VALUE).array(); // unsigned order = signed order of k
    }

    @Test
    void writesAcrossChunksAndOversizedWritesReadBackAndAreFound() {
        Random r = new Random(5);
        RowArena a = new RowArena();
        List<byte[]> data = new ArrayList<>();
        int n = 6_000;
        for (int i = 0; i < n; i++) {
            // mostly small, a few larger than a whole chunk
            int len = i % 1_000 == 999 ? RowArena.CHUNK_BYTES + 17 : r.nextInt(600);
            byte[] d = new byte[len];
            r.nextBytes(d);
            data.add(d);
            assertEquals(i, a.add(key(2L * i - 3_000), i % 3 == 0, d, 0, len));
        }
        RowArena.View v = a.view();
        for (int i = 0; i < n; i++) {
            assertArrayEquals(key(2L * i - 3_000), v.key(i));
            assertArrayEquals(data.get(i), v.data(i));
            assertEquals(i % 3 == 0, v.delete(i));
            assertEquals(i, v.find(key(2L * i - 3_000)));
            assertEquals(-1, v.find(key(2L * i - 2_999)));
            assertEquals(i + 1, v.lowerBound(key(2L * i - 2_999)));
            if (i > 0) {
                assertTrue(v.compareKeys(i - 1, i) < 0);
            }
        }
        assertEquals(0, v.lowerBound(key(Long.MIN_VALUE)));
    }

    @Test
    void aViewIgnoresLaterWrites() {
        RowArena a = new RowArena();
        byte[] d = {1, 2, 3};
        for (int i = 0; i < 100; i++) {
            a.add(key(i), false, d, 0, 3);
        }
        RowArena.View v = a.view();
        for (int i = 100; i < 50_000; i++) {
            a.add(key(i), true, d, 1, 2); // grows every array and adds chunks
        }
        assertEquals(100, v.size());
        assertEquals(-1, v.find(key(100)));
        assertArrayEquals(d, v.data(99));
        assertEquals(50_000, a.size());
        assertArrayEquals(new byte[] {2, 3}, a.data(49_999));
    }
}
