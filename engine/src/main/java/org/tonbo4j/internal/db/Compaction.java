package org.tonbo4j.internal.db;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.internal.manifest.FileMeta;

/**
 * One unit of compaction work: input files (each with its level) merged into
 * {@link #outputLevel}. Immutable once picked.
 */
final class Compaction {
    final List<FileMeta> inputs;
    final int outputLevel;
    /** No level below the output holds data in the inputs' key range. */
    final boolean bottommost;
    /** Whether the inputs must be rewritten even if they could move ({@link CompactionPicker#full}). */
    final boolean rewrite;

    Compaction(List<FileMeta> inputs, int outputLevel, boolean bottommost) {
        this(inputs, outputLevel, bottommost, false);
    }

    Compaction(List<FileMeta> inputs, int outputLevel, boolean bottommost, boolean rewrite) {
        this.inputs = List.copyOf(inputs);
        this.outputLevel = outputLevel;
        this.bottommost = bottommost;
        this.rewrite = rewrite;
    }

    /**
     * Whether the inputs can move to the output level without being rewritten: all from one
     * level above it, with pairwise disjoint key ranges (so nothing merges), and, when nothing
     * lies below the output, free of tombstones ({@code tombstoneFree}: a bottommost rewrite would
     * drop them). Older versions a moved file still holds stay readable as before; the next
     * compaction of that range drops those no snapshot needs.
     */
    boolean isTrivialMove(java.util.function.Predicate<FileMeta> tombstoneFree) {
        int level = inputs.get(0).level();
        if (rewrite || level == outputLevel) {
            return false;
        }
        List<FileMeta> sorted = new ArrayList<>(inputs);
        sorted.sort((a, b) -> org.tonbo4j.internal.key.KeyCodec.compare(a.minKey(), b.minKey()));
        for (int i = 0; i < sorted.size(); i++) {
            FileMeta f = sorted.get(i);
            if (f.level() != level) {
                return false;
            }
            if (i > 0 && org.tonbo4j.internal.key.KeyCodec.compare(sorted.get(i - 1).maxKey(), f.minKey()) >= 0) {
                return false;
            }
        }
        if (bottommost) {
            for (FileMeta f : inputs) {
                if (!tombstoneFree.test(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    List<long[]> deletions() {
        List<long[]> d = new ArrayList<>();
        for (FileMeta f : inputs) {
            d.add(new long[] {f.level(), f.number()});
        }
        return d;
    }

    @Override
    public String toString() {
        return "Compaction{" + inputs.size() + " files -> L" + outputLevel + (bottommost ? ", bottommost" : "") + "}";
    }
}
