package org.tonbo4j.internal.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;

/**
 * An immutable set of live SST files by level. Level 0 files may overlap and are ordered newest
 * first; every other level holds files with disjoint key ranges ordered by key, and all versions
 * of one key sit in one file. For any key, versions in a lower-numbered level are newer than
 * those in a higher one. Readers pin a version (reference count) so its files outlive compaction.
 */
public final class Version {
    static final Comparator<FileMeta> NEWEST_FIRST = (a, b) -> {
        int c = Long.compare(b.maxSeq(), a.maxSeq());
        return c != 0 ? c : Long.compare(b.number(), a.number());
    };
    static final Comparator<FileMeta> BY_MIN_KEY = (a, b) -> KeyCodec.compare(a.minKey(), b.minKey());

    private final List<List<FileMeta>> levels;
    /** The smallest and largest keys of all files (null: no files): a key outside has no version here. */
    private final byte[] minKey;
    private final byte[] maxKey;
    private int refs;

    Version(List<List<FileMeta>> levels) {
        List<List<FileMeta>> copy = new ArrayList<>(levels.size());
        for (int i = 0; i < levels.size(); i++) {
            List<FileMeta> l = new ArrayList<>(levels.get(i));
            l.sort(i == 0 ? NEWEST_FIRST : BY_MIN_KEY);
            copy.add(Collections.unmodifiableList(l));
        }
        this.levels = Collections.unmodifiableList(copy);
        byte[] min = null;
        byte[] max = null;
        for (List<FileMeta> l : copy) {
            for (FileMeta f : l) {
                if (min == null || KeyCodec.compare(f.minKey(), min) < 0) {
                    min = f.minKey();
                }
                if (max == null || KeyCodec.compare(f.maxKey(), max) > 0) {
                    max = f.maxKey();
                }
            }
        }
        this.minKey = min;
        this.maxKey = max;
    }

    /** Whether no file of this version can hold {@code key}, by the files' key ranges alone. */
    boolean outsideAllFiles(byte[] key) {
        return maxKey == null || KeyCodec.compare(key, maxKey) > 0 || KeyCodec.compare(key, minKey) < 0;
    }

    static Version empty(int maxLevels) {
        List<List<FileMeta>> l = new ArrayList<>();
        for (int i = 0; i < maxLevels; i++) {
            l.add(List.of());
        }
        return new Version(l);
    }

    public int levelCount() {
        return levels.size();
    }

    /** Files of a level: L0 newest first, others by key. */
    public List<FileMeta> files(int level) {
        return levels.get(level);
    }

    public long levelBytes(int level) {
        long n = 0;
        for (FileMeta f : levels.get(level)) {
            n += f.fileBytes();
        }
        return n;
    }

    /** Every file of every level. */
    public List<FileMeta> allFiles() {
        List<FileMeta> all = new ArrayList<>();
        levels.forEach(all::addAll);
        return all;
    }

    /** Files of {@code level} whose key range meets [lo, hi] (inclusive; null = unbounded). */
    public List<FileMeta> overlapping(int level, byte[] lo, byte[] hi) {
        List<FileMeta> out = new ArrayList<>();
        for (FileMeta f : levels.get(level)) {
            if ((hi == null || KeyCodec.compare(f.minKey(), hi) <= 0) && (lo == null || KeyCodec.compare(f.maxKey(), lo) >= 0)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The deepest level holding any file, or -1. */
    public int deepestNonEmptyLevel() {
        for (int i = levels.size() - 1; i >= 0; i--) {
            if (!levels.get(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /** A new version with the edit's deletions and additions applied. */
    Version apply(List<FileMeta> added, List<long[]> deleted) {
        List<List<FileMeta>> next = new ArrayList<>();
        for (List<FileMeta> l : levels) {
            next.add(new ArrayList<>(l));
        }
        for (long[] d : deleted) {
            boolean removed = next.get((int) d[0]).removeIf(f -> f.number() == d[1]);
            if (!removed) {
                throw new IllegalStateException("edit deletes file #" + d[1] + " which is not at level " + d[0]);
            }
        }
        for (FileMeta f : added) {
            while (next.size() <= f.level()) {
                next.add(new ArrayList<>());
            }
            next.get(f.level()).add(f);
        }
        return new Version(next);
    }

    synchronized void ref() {
        refs++;
    }

    /** Drops a reference; true when none is left. */
    synchronized boolean unref() {
        if (--refs < 0) {
            throw new IllegalStateException("version released more often than acquired");
        }
        return refs == 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Version{");
        for (int i = 0; i < levels.size(); i++) {
            if (!levels.get(i).isEmpty()) {
                sb.append(" L").append(i).append('=').append(levels.get(i).size());
            }
        }
        return sb.append(" }").toString();
    }
}
