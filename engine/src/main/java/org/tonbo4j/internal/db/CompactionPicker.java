package org.tonbo4j.internal.db;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Options;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;

/**
 * Chooses the next compaction of a leveled LSM: L0 into L1 when L0 has enough files; otherwise
 * the level most over its size budget, one file at a time in round-robin key order, into the
 * next level. Not thread-safe: used by the single compaction thread.
 */
final class CompactionPicker {
    private final Options options;
    /** Per level, the max key of the last file compacted, to go round-robin. */
    private final byte[][] compactPointer;

    CompactionPicker(Options options) {
        this.options = options;
        this.compactPointer = new byte[options.maxLevels()][];
    }

    long maxBytes(int level) {
        double b = options.level1MaxBytes();
        for (int i = 1; i < level; i++) {
            b *= options.levelSizeMultiplier();
        }
        return (long) Math.min(b, Long.MAX_VALUE);
    }

    /** Whether a background compaction is due. */
    boolean needsCompaction(Version v) {
        return pick(v, false) != null;
    }

    Compaction pick(Version v) {
        return pick(v, true);
    }

    private Compaction pick(Version v, boolean advancePointer) {
        int levels = v.levelCount();
        if (v.files(0).size() >= options.level0CompactionTrigger()) {
            List<FileMeta> in = new ArrayList<>(v.files(0));
            byte[][] range = range(in);
            in.addAll(v.overlapping(1, range[0], range[1]));
            return new Compaction(in, 1, isBottommost(v, 1, range(in)));
        }
        int best = -1;
        double bestScore = 1.0;
        for (int level = 1; level < levels - 1; level++) {
            double score = (double) v.levelBytes(level) / maxBytes(level);
            if (score >= bestScore) {
                bestScore = score;
                best = level;
            }
        }
        if (best < 0) {
            return null;
        }
        List<FileMeta> files = v.files(best);
        FileMeta chosen = files.get(0);
        byte[] ptr = compactPointer[best];
        if (ptr != null) {
            for (FileMeta f : files) {
                if (KeyCodec.compare(f.minKey(), ptr) > 0) {
                    chosen = f;
                    break;
                }
            }
        }
        if (advancePointer) {
            compactPointer[best] = chosen.maxKey();
        }
        List<FileMeta> in = new ArrayList<>();
        in.add(chosen);
        in.addAll(v.overlapping(best + 1, chosen.minKey(), chosen.maxKey()));
        return new Compaction(in, best + 1, isBottommost(v, best + 1, range(in)));
    }

    /** Everything into one level: the deepest non-empty one (at least L1). */
    Compaction full(Version v) {
        List<FileMeta> all = v.allFiles();
        if (all.isEmpty()) {
            return null;
        }
        int out = Math.max(1, v.deepestNonEmptyLevel());
        return new Compaction(all, out, true, true);
    }

    static boolean isBottommost(Version v, int outputLevel, byte[][] range) {
        for (int l = outputLevel + 1; l < v.levelCount(); l++) {
            if (!v.overlapping(l, range[0], range[1]).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    static byte[][] range(List<FileMeta> files) {
        byte[] lo = null;
        byte[] hi = null;
        for (FileMeta f : files) {
            if (lo == null || KeyCodec.compare(f.minKey(), lo) < 0) {
                lo = f.minKey();
            }
            if (hi == null || KeyCodec.compare(f.maxKey(), hi) > 0) {
                hi = f.maxKey();
            }
        }
        return new byte[][] {lo, hi};
    }
}
