package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.memtable.MemTable;
import org.tonbo4j.internal.read.EntrySource;
import org.tonbo4j.internal.read.IteratorSource;
import org.tonbo4j.internal.read.LevelSource;
import org.tonbo4j.internal.read.MergingSource;
import org.tonbo4j.internal.read.RowFilter;
import org.tonbo4j.internal.read.SstSource;
import org.tonbo4j.internal.sst.SstReader;

/**
 * Reads of a pinned {@link ReadView}: point lookups that stop at the newest version (memtables
 * newest first, then L0 newest first, then one file per deeper level), and merged sources for
 * scans. Stateless.
 */
final class ViewReader {
    private ViewReader() {
    }

    /** The newest version of a key visible in the view, tombstones included, or null. */
    static Entry get(ReadView view, Function<FileMeta, SstReader> readers, byte[] key, Object[] keyValues,
                     boolean[] columns) throws IOException {
        for (MemTable m : view.memtables) {
            Entry e = m.get(key, view.seq, columns);
            if (e != null) {
                return e;
            }
        }
        Version v = view.version;
        if (v.outsideAllFiles(key)) {
            return null; // a new key of an append-style load: no level to walk
        }
        for (FileMeta f : v.files(0)) {
            if (f.minSeq() > view.seq || !inRange(f, key)) {
                continue;
            }
            Entry e = readers.apply(f).get(key, keyValues, view.seq, columns);
            if (e != null) {
                return e;
            }
        }
        for (int level = 1; level < v.levelCount(); level++) {
            FileMeta f = findFile(v.files(level), key);
            if (f != null) {
                Entry e = readers.apply(f).get(key, keyValues, view.seq, columns);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Whether anything of the view but file {@code self} may hold a version of a key in [min, max]. */
    static SstSource.Overlap othersThan(ReadView view, FileMeta self) {
        return (min, max) -> {
            byte[] after = java.util.Arrays.copyOf(max, max.length + 1); // the smallest key above max
            for (MemTable m : view.memtables) {
                if (m.iterator(min, after, false).hasNext()) {
                    return true;
                }
            }
            Version v = view.version;
            for (int level = 0; level < v.levelCount(); level++) {
                for (FileMeta g : v.files(level)) {
                    if (g.number() != self.number() && KeyCodec.compare(g.minKey(), max) <= 0
                            && KeyCodec.compare(g.maxKey(), min) >= 0) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    private static boolean inRange(FileMeta f, byte[] key) {
        return KeyCodec.compare(f.minKey(), key) <= 0 && KeyCodec.compare(f.maxKey(), key) >= 0;
    }

    static FileMeta findFile(List<FileMeta> files, byte[] key) {
        int a = 0;
        int b = files.size();
        while (a < b) {
            int m = (a + b) >>> 1;
            if (KeyCodec.compare(files.get(m).maxKey(), key) < 0) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a < files.size() && KeyCodec.compare(files.get(a).minKey(), key) <= 0 ? files.get(a) : null;
    }

    /** A merged source of every version in [lo, hi) the view holds. */
    static EntrySource source(ReadView view, Function<FileMeta, SstReader> readers, byte[] lo, byte[] hi,
                              boolean reverse, boolean[] columns) {
        return source(view, readers, lo, hi, reverse, columns, null);
    }

    /**
     * As above; with a filter the SST sources skip what it excludes (see {@link SstSource}), so
     * the entries include every version that passes it, and tombstones for others.
     */
    static EntrySource source(ReadView view, Function<FileMeta, SstReader> readers, byte[] lo, byte[] hi,
                              boolean reverse, boolean[] columns, RowFilter filter) {
        List<EntrySource> sources = new ArrayList<>();
        for (MemTable m : view.memtables) {
            IteratorSource s = new IteratorSource(m.iterator(lo, hi, reverse, columns));
            if (s.peek() != null) {
                sources.add(s);
            }
        }
        Version v = view.version;
        for (FileMeta f : v.files(0)) {
            if ((lo == null || KeyCodec.compare(f.maxKey(), lo) >= 0) && (hi == null || KeyCodec.compare(f.minKey(), hi) < 0)
                    && f.minSeq() <= view.seq) {
                sources.add(new SstSource(readers.apply(f), lo, hi, reverse, columns, true, filter,
                        filter == null ? SstSource.Overlap.ALL : othersThan(view, f)));
            }
        }
        for (int level = 1; level < v.levelCount(); level++) {
            if (!v.files(level).isEmpty()) {
                sources.add(new LevelSource(v.files(level), readers, lo, hi, reverse, columns, filter,
                        f -> othersThan(view, f)));
            }
        }
        return sources.size() == 1 ? sources.get(0) : new MergingSource(sources, reverse);
    }
}
