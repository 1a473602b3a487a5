package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;

/** Reads that must not fill the cache (compaction) leave it empty and return the same rows. */
class SstCacheFillTest {
    @Test
    void readWithoutFillingTheCache() throws Exception {
        List<Entry> entries = SstRoundTripTest.randomEntries(3000, 5);
        MemoryStorage storage = new MemoryStorage();
        SstTestData.write(storage, FileNames.sst(1), SstTestData.allTypes(),
                SstTestData.options(Compression.ZSTD, 16 << 10, entries.size()), entries);
        BlockCache cache = new BlockCache(64 << 20);
        try (SstReader r = SstReader.open(storage, FileNames.sst(1), SstTestData.allTypes(), cache)) {
            assertTrue(r.rowGroupCount() > 1, "several row groups");
            int rows = 0;
            for (int rg = 0; rg < r.rowGroupCount(); rg++) {
                RowGroupData cold = r.readRowGroup(rg, null, false);
                assertEquals(0, cache.usedBytes(), "nothing cached by a non-filling read");
                RowGroupData warm = r.readRowGroup(rg, null);
                assertEquals(cold.rows(), warm.rows());
                for (int i = 0; i < cold.rows(); i++) {
                    SstTestData.assertEntryEquals(cold.entry(i), warm.entry(i));
                    rows++;
                }
                assertTrue(cache.usedBytes() > 0, "a normal read fills the cache");
                cache.evictFile(FileNames.sst(1));
            }
            assertEquals(entries.size(), rows);
        }
    }
}
