package org.tonbo4j.internal.read;

import java.util.List;
import java.util.function.Function;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.sst.SstReader;

/**
 * The entries of one sorted level (files with disjoint key ranges, in key order) in [lo, hi),
 * opening one file at a time. Not thread-safe.
 */
public final class LevelSource implements EntrySource {
    private final List<FileMeta> files;
    private final Function<FileMeta, SstReader> readers;
    private final byte[] lo;
    private final byte[] hi;
    private final boolean reverse;
    private final boolean[] columns;
    private final RowFilter filter;
    private final Function<FileMeta, SstSource.Overlap> overlap;
    private int index;
    private SstSource current;

    public LevelSource(List<FileMeta> files, Function<FileMeta, SstReader> readers, byte[] lo, byte[] hi,
                       boolean reverse, boolean[] columns) {
        this(files, readers, lo, hi, reverse, columns, null, f -> SstSource.Overlap.ALL);
    }

    /** With a filter, as {@link SstSource}; {@code overlap} says, per file, what else may hold its keys. */
    public LevelSource(List<FileMeta> files, Function<FileMeta, SstReader> readers, byte[] lo, byte[] hi,
                       boolean reverse, boolean[] columns, RowFilter filter,
                       Function<FileMeta, SstSource.Overlap> overlap) {
        this.filter = filter;
        this.overlap = overlap;
        this.files = files;
        this.readers = readers;
        this.lo = lo;
        this.hi = hi;
        this.reverse = reverse;
        this.columns = columns;
        this.index = reverse ? files.size() : -1;
        openNext();
    }

    private void openNext() {
        while (true) {
            index += reverse ? -1 : 1;
            if (index < 0 || index >= files.size()) {
                current = null;
                return;
            }
            FileMeta f = files.get(index);
            if (lo != null && KeyCodec.compare(f.maxKey(), lo) < 0) {
                continue;
            }
            if (hi != null && KeyCodec.compare(f.minKey(), hi) >= 0) {
                continue;
            }
            current = new SstSource(readers.apply(f), lo, hi, reverse, columns, true, filter,
                    filter == null ? SstSource.Overlap.ALL : overlap.apply(f));
            if (current.peek() != null) {
                return;
            }
        }
    }

    @Override
    public Entry peek() {
        return current == null ? null : current.peek();
    }

    @Override
    public void next() {
        current.next();
        if (current.peek() == null) {
            openNext();
        }
    }

    @Override
    public boolean canRun() {
        return current != null && current.canRun();
    }

    /** A run of the current file, ending before the next file's first key (a key's versions may span two files). */
    @Override
    public int run(byte[] limit, long snapshotSeq, Run out) {
        if (current == null) {
            return 0;
        }
        int neighbour = index + (reverse ? -1 : 1);
        if (neighbour >= 0 && neighbour < files.size()) {
            byte[] edge = reverse ? files.get(neighbour).maxKey() : files.get(neighbour).minKey();
            int c = limit == null ? 0 : KeyCodec.compare(edge, limit);
            if (limit == null || (reverse ? c > 0 : c < 0)) {
                limit = edge;
            }
        }
        int moved = current.run(limit, snapshotSeq, out);
        if (moved > 0 && current.peek() == null) {
            openNext();
        }
        return moved;
    }
}
