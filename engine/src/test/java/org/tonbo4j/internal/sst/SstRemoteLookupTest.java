package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tonbo4j.internal.sst.SstTestData.*;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Compression;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.ReadableFile;

/**
 * The read policy of remote files ({@link ReadableFile#isRemote()}): the first point lookups in a
 * row group read pages and load no whole row group (only the pages they read are cached), even in
 * an empty cache; a row group that keeps being looked up is then cached whole. A local file fills
 * an empty cache at the first lookup.
 */
class SstRemoteLookupTest {
    /** Memory storage whose files report themselves remote. */
    private static final class RemoteMemoryStorage extends MemoryStorage {
        @Override
        public ReadableFile open(String name) throws IOException {
            ReadableFile f = super.open(name);
            return new ReadableFile() {
                @Override
                public long length() throws IOException {
                    return f.length();
                }

                @Override
                public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                    f.readFully(position, buf, off, len);
                }

                @Override
                public boolean isRemote() {
                    return true;
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        }
    }

    @Test
    void remoteFilesAreReadByPageUntilARowGroupIsHot() throws IOException {
        Schema schema = allTypes();
        KeyCodec codec = new KeyCodec(schema);
        List<Entry> entries = SstRoundTripTest.randomEntries(3000, 3);
        for (boolean remote : new boolean[] {false, true}) {
            MemoryStorage storage = remote ? new RemoteMemoryStorage() : new MemoryStorage();
            write(storage, FileNames.sst(1), schema, options(Compression.ZSTD, 64 << 20, entries.size()), entries);
            BlockCache cache = new BlockCache(64 << 20);
            try (SstReader r = SstReader.open(storage, FileNames.sst(1), schema, cache)) {
                assertEquals(1, r.rowGroupCount());
                Entry first = newest(entries, 100);
                Object id = keyOf(codec, first);
                assertEntryEquals(first, r.get(first.key, new Object[] {id}, Long.MAX_VALUE, null));
                if (!remote) {
                    assertTrue(cache.usedBytes() > 0, "a local file fills an empty cache at once");
                    continue;
                }
                assertNull(cache.get(FileNames.sst(1), 0, BlockCache.KEYS), "a remote file's first lookup loads no row group");
                for (int i = 1; i < SstReader.PAGE_LOOKUPS_BEFORE_CACHING; i++) {
                    Entry e = newest(entries, 100 + 37 * i);
                    assertEntryEquals(e, r.get(e.key, new Object[] {keyOf(codec, e)}, Long.MAX_VALUE, null));
                }
                assertNull(cache.get(FileNames.sst(1), 0, BlockCache.KEYS),
                        "still no row group after " + SstReader.PAGE_LOOKUPS_BEFORE_CACHING + " lookups");
                Entry hot = newest(entries, 2000);
                assertEntryEquals(hot, r.get(hot.key, new Object[] {keyOf(codec, hot)}, Long.MAX_VALUE, null));
                assertTrue(cache.get(FileNames.sst(1), 0, BlockCache.KEYS) != null, "a hot row group is cached whole");
            }
        }
    }

    private static Object keyOf(KeyCodec codec, Entry e) {
        return e.values[0];
    }

    /** The newest version of a live key at or after index {@code i} (entries sort by key, then sequence descending). */
    private static Entry newest(List<Entry> entries, int i) {
        while (true) {
            Entry e = entries.get(i);
            boolean firstOfKey = i == 0 || KeyCodec.compare(entries.get(i - 1).key, e.key) != 0;
            if (firstOfKey && !e.tombstone) {
                return e;
            }
            i++;
        }
    }
}
