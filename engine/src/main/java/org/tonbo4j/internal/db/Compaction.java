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

    Compaction(List<FileMeta> inputs, int outputLevel, boolean bottommost) {
        this.inputs = List.copyOf(inputs);
        this.outputLevel = outputLevel;
        this.bottommost = bottommost;
    }

    /** A single file that can move to the output level without being rewritten. */
    boolean isTrivialMove() {
        return inputs.size() == 1 && inputs.get(0).level() != outputLevel && !bottommost;
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
