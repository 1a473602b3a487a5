package org.tonbo4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness is correct: both engines, driven through the code paths the benchmark
 * times, return the same rows for gets and scans as the generated data. Timing is not tested.
 */
class EngineHarnessTest {
    private static final int ROWS = 2_000;

    @TempDir
    Path dir;

    @Test
    void rowBytesRoundTrips() {
        for (long key = 0; key < 200; key += 2) {
            Object[] v = BenchData.row(key - 100);
            assertArrayEquals(v, RowBytes.decode(RowBytes.key((Long) v[0]), RowBytes.value(v)));
        }
        assertTrue(Arrays.compareUnsigned(RowBytes.key(-1), RowBytes.key(0)) < 0, "keys sort numerically as bytes");
        assertTrue(Arrays.compareUnsigned(RowBytes.key(255), RowBytes.key(256)) < 0, "keys sort numerically as bytes");
    }

    @Test
    void enginesAgreeWithTheDataAndEachOther() {
        Dataset d = new Dataset(ROWS, 500, 100);
        List<List<Object[]>> fullScans = new ArrayList<>();
        for (boolean sync : new boolean[] {false, true}) {
            fullScans.add(check(d, p -> new TonboEngine(p, sync), "tonbo-" + sync));
            fullScans.add(check(d, p -> new RocksEngine(p, sync, null), "rocksdb-" + sync));
        }
        for (int i = 1; i < fullScans.size(); i++) {
            assertEquals(fullScans.get(0).size(), fullScans.get(i).size());
            for (int r = 0; r < fullScans.get(0).size(); r++) {
                assertArrayEquals(fullScans.get(0).get(r), fullScans.get(i).get(r), "row " + r + " of run " + i);
            }
        }
    }

    /** Loads the data set into a fresh engine as the benchmark does, checks gets and scans; returns the full scan. */
    private List<Object[]> check(Dataset d, Function<Path, BenchEngine> open, String name) {
        try (BenchEngine e = open.apply(dir.resolve(name))) {
            Object[][] batch = new Object[300][];
            for (int i = 0; i < d.rows.length; i += batch.length) {
                int n = Math.min(batch.length, d.rows.length - i);
                System.arraycopy(d.rows, i, batch, 0, n);
                e.insertBatch(batch, n);
            }
            e.flushAndCompact();
            assertTrue(e.dataBytes() > 0, name + " reports data bytes");
            for (long k : d.hitKeys) {
                assertArrayEquals(BenchData.row(k), e.get(k), name + " get(" + k + ")");
            }
            for (long k : d.missKeys) {
                assertNull(e.get(k), name + " get(" + k + ") of a missing key");
            }
            List<Object[]> full = new ArrayList<>();
            assertEquals(ROWS, e.scan(false, full::add), name + " full scan count");
            for (int i = 0; i < full.size(); i++) {
                assertArrayEquals(BenchData.row(2L * i), full.get(i), name + " full scan row " + i);
            }
            List<Object[]> projected = new ArrayList<>();
            assertEquals(ROWS, e.scan(true, projected::add), name + " projection scan count");
            for (int i = 0; i < projected.size(); i++) {
                Object[] want = BenchData.projectedRow(2L * i);
                Object[] got = projected.get(i);
                assertEquals(want[0], got[0], name + " projection key " + i);
                assertEquals(want[BenchData.PROJECTED_INDEX], got[BenchData.PROJECTED_INDEX], name + " projection value " + i);
            }
            long[] sum = new long[1];
            e.scan(false, v -> sum[0] += Dataset.fullChecksum(v));
            assertEquals(d.fullChecksum, sum[0], name + " full scan checksum");
            sum[0] = 0;
            e.scan(true, v -> sum[0] += Dataset.projectionChecksum(v));
            assertEquals(d.projectionChecksum, sum[0], name + " projection checksum");
            return full;
        }
    }
}
