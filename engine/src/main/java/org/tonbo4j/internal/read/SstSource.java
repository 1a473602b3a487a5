package org.tonbo4j.internal.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.sst.RowGroupData;
import org.tonbo4j.internal.sst.SstReader;

/**
 * The entries of one SST with keys in [lo, hi) (null = unbounded), a row group at a time, only
 * decoding the requested columns. Not thread-safe.
 *
 * <p>With a {@link RowFilter}, row groups and pages whose statistics show that no row can match
 * are not decoded, and the rows that are decoded are tested on their column vectors
 * ({@link org.tonbo4j.internal.sst.VectorFilter}) before any is materialized. A row that fails
 * cannot simply vanish: it may be a key's newest version, hiding an older version elsewhere that
 * matches (MVCC resurrection). So unless no other source of the scan ({@link Overlap}), no
 * neighbouring row group and no other version in its own row group can hold its key, a failing row
 * comes out as a tombstone built from its key alone — it still shadows older versions, and a key
 * whose newest version fails the filter is correctly absent. The caller still applies the filter
 * to the merged, visible rows.
 */
public final class SstSource implements EntrySource {
    /** Whether other sources of a scan may hold versions of keys in [min, max] (both inclusive). */
    public interface Overlap {
        Overlap NONE = (min, max) -> false;
        Overlap ALL = (min, max) -> true;

        boolean mayHold(byte[] min, byte[] max);
    }

    private final SstReader reader;
    private final byte[] lo;
    private final byte[] hi;
    private final boolean reverse;
    private final boolean[] columns;
    private final boolean fillCache;
    private final RowFilter filter;
    private final Overlap others;
    private final boolean[] keysOnly;
    /** The filter on decoded vectors, or null without a filter. */
    private final org.tonbo4j.internal.sst.VectorFilter vectorFilter;
    /** Whether rows of the current row group that fail the filter must still shadow older versions. */
    private boolean shadowRejected;
    private int rowGroup;
    private RowGroupData data;
    /** With a partly excluded row group: the decoded rows, and for each row of data its index there or -1. */
    private RowGroupData part;
    private int[] map;
    private int pos;
    private int end;
    private Entry current;
    /** The row of data that current was made from. */
    private int currentRow;

    public SstSource(SstReader reader, byte[] lo, byte[] hi, boolean reverse, boolean[] columns) {
        this(reader, lo, hi, reverse, columns, true, null, Overlap.ALL);
    }

    /** As above; {@code fillCache} false keeps what this source decodes out of the cache (compaction). */
    public SstSource(SstReader reader, byte[] lo, byte[] hi, boolean reverse, boolean[] columns, boolean fillCache) {
        this(reader, lo, hi, reverse, columns, fillCache, null, Overlap.ALL);
    }

    /** A source that skips what {@code filter} excludes; {@code others} as in the class comment. */
    public SstSource(SstReader reader, byte[] lo, byte[] hi, boolean reverse, boolean[] columns, boolean fillCache,
                     RowFilter filter, Overlap others) {
        this.fillCache = fillCache;
        this.reader = reader;
        this.lo = lo;
        this.hi = hi;
        this.reverse = reverse;
        this.columns = columns;
        this.filter = filter;
        this.others = others;
        this.keysOnly = new boolean[columns != null ? columns.length : widthOf(reader)];
        this.vectorFilter = filter == null ? null
                : org.tonbo4j.internal.sst.VectorFilter.of(filter.terms(), reader.columnTypes());
        this.rowGroup = reverse ? reader.rowGroupCount() : -1;
        advance();
    }

    private static int widthOf(SstReader r) {
        return r.tableWidth();
    }

    @Override
    public Entry peek() {
        return current;
    }

    @Override
    public void next() {
        advance();
    }

    private void advance() {
        while (true) {
            while (data != null && (reverse ? pos >= end : pos < end)) {
                int i = pos;
                pos += reverse ? -1 : 1;
                if (vectorFilter == null || passes(i)) {
                    current = entryAt(i);
                    currentRow = i;
                    return;
                }
                if (shadowRejected || data.hasOtherVersion(i)) {
                    current = data.tombstoneEntry(i); // fails the filter, yet hides older versions
                    currentRow = i;
                    return;
                }
            }
            if (!loadNextRowGroup()) {
                current = null;
                data = null;
                return;
            }
        }
    }

    @Override
    public boolean canRun() {
        return current != null;
    }

    /**
     * See {@link EntrySource#run}: the rows from the current one that are their keys' only
     * version in this source — within this row group, and not the last row of a row group whose
     * neighbour starts with the same key (the first row when descending; our writer never splits a
     * key's versions, so that check only guards against files it did not write) — and lie before
     * {@code limit}. Such a row that fails the filter hides nothing, so it is simply left out.
     */
    @Override
    public int run(byte[] limit, long snapshotSeq, Run out) {
        if (current == null) {
            return 0;
        }
        RowGroupData values = map == null ? data : part; // part is null when no row can pass
        if (values != null) {
            if (vectorFilter != null && !vectorFilter.decodedIn(values)) {
                return 0;
            }
            out.of(values);
        }
        int start = currentRow;
        int i = start;
        boolean distinct = data.distinctKeys();
        if (!reverse) {
            int stop = end;
            if (limit != null) {
                stop = Math.min(stop, data.lowerBound(limit));
            }
            int n = data.rows();
            if (stop == n && rowGroup + 1 < reader.rowGroupCount() && data.keyEquals(n - 1, reader.rowGroupMinKey(rowGroup + 1))) {
                stop = n - 1;
            }
            for (; i < stop && !out.full(); i++) {
                if (!distinct && data.hasOtherVersion(i)) {
                    break;
                }
                take(i, snapshotSeq, out);
            }
        } else {
            int stop = end; // the lowest row to look at
            if (limit != null) {
                stop = Math.max(stop, data.upperBound(limit));
            }
            if (stop == 0 && rowGroup > 0 && data.keyEquals(0, reader.rowGroupMaxKey(rowGroup - 1))) {
                stop = 1;
            }
            for (; i >= stop && !out.full(); i--) {
                if (!distinct && data.hasOtherVersion(i)) {
                    break;
                }
                take(i, snapshotSeq, out);
            }
        }
        int moved = reverse ? start - i : i - start;
        if (moved > 0) {
            pos = i;
            advance();
        }
        return moved;
    }

    /** Adds row i to the run if a snapshot at snapshotSeq sees it and it passes the filter. */
    private void take(int i, long snapshotSeq, Run out) {
        if (data.tombstone(i) || data.seq(i) > snapshotSeq) {
            return;
        }
        if (map == null) {
            if (vectorFilter == null || vectorFilter.test(data, i)) {
                out.add(i);
            }
        } else {
            int m = map[i];
            if (m >= 0 && (vectorFilter == null || vectorFilter.test(part, m))) {
                out.add(m);
            }
        }
    }

    /** Whether row i of the row group may pass the filter (a row its page statistics excluded does not). */
    private boolean passes(int i) {
        if (map == null) {
            return vectorFilter.test(data, i);
        }
        return map[i] >= 0 && vectorFilter.test(part, map[i]);
    }

    /** Row i of a row group, which passed the filter (if any). */
    private Entry entryAt(int i) {
        return map == null ? data.entry(i) : part.entry(map[i]);
    }

    private boolean loadNextRowGroup() {
        int n = reader.rowGroupCount();
        while (true) {
            rowGroup += reverse ? -1 : 1;
            if (rowGroup < 0 || rowGroup >= n) {
                return false;
            }
            if (lo != null && KeyCodec.compare(reader.rowGroupMaxKey(rowGroup), lo) < 0) {
                if (reverse) {
                    return false;
                }
                continue;
            }
            if (hi != null && KeyCodec.compare(reader.rowGroupMinKey(rowGroup), hi) >= 0) {
                if (!reverse) {
                    return false;
                }
                continue;
            }
            try {
                if (!load(rowGroup)) {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + reader.fileName() + " row group " + rowGroup, e);
            }
            int first = lo == null ? 0 : data.lowerBound(lo);
            int last = hi == null ? data.rows() : data.lowerBound(hi);
            if (first >= last) {
                continue;
            }
            if (reverse) {
                pos = last - 1;
                end = first;
            } else {
                pos = first;
                end = last;
            }
            return true;
        }
    }

    /** Loads a row group into data (and part/map); false if nothing of it needs reading. */
    private boolean load(int rg) throws IOException {
        map = null;
        part = null;
        RowRanges candidates = filter == null ? null : reader.candidateRows(rg, filter);
        long rows = reader.rowGroupRowCount(rg);
        boolean few = candidates != null && candidates.rowCount() * 4 < rows;
        RowGroupData keys = null;
        if (!few && (lo != null || hi != null) && !reader.scanReadsWhole(rg, columns)) {
            // A key range that may cover a small part of the row group: its key block tells.
            keys = reader.readRowGroup(rg, keysOnly, fillCache);
            int first = lo == null ? 0 : keys.lowerBound(lo);
            int last = hi == null ? keys.rows() : keys.lowerBound(hi);
            if ((long) (last - first) * 4 < rows) {
                few = true;
                RowRanges range = first < last ? RowRanges.builder().addSelectedRange(first, last - 1L).build() : RowRanges.EMPTY;
                candidates = candidates == null ? range : RowRanges.intersection(candidates, range);
            }
        }
        if (!few) {
            // Nothing excluded, or too little to be worth a separate, uncached decode: read it all
            // (through the cache); the vector filter drops what fails.
            shadowRejected = filter != null && mustShadow(rg);
            data = reader.readRowGroup(rg, columns, fillCache);
            return true;
        }
        shadowRejected = filter != null && mustShadow(rg);
        if (!shadowRejected && candidates.rowCount() == 0) {
            return false; // no row here is in range, or every version of every key fails and no other source holds them
        }
        // The keys of every row (an excluded row may still have to shadow: see advance), the
        // values of the candidate rows only.
        data = keys != null ? keys : reader.readRowGroup(rg, keysOnly, fillCache);
        int[] m = new int[data.rows()];
        java.util.Arrays.fill(m, -1);
        if (candidates.rowCount() > 0) {
            part = reader.readRows(rg, columns, candidates);
            int j = 0;
            for (RowRanges.Range r : candidates.getRanges()) {
                for (long i = r.from; i <= r.to; i++) {
                    m[(int) i] = j++;
                }
            }
        }
        map = m;
        return true;
    }

    /** Whether versions of this row group's keys may also live elsewhere (another source, a neighbour). */
    private boolean mustShadow(int rg) {
        byte[] min = reader.rowGroupMinKey(rg);
        byte[] max = reader.rowGroupMaxKey(rg);
        if (rg > 0 && KeyCodec.compare(reader.rowGroupMaxKey(rg - 1), min) == 0) {
            return true;
        }
        if (rg + 1 < reader.rowGroupCount() && KeyCodec.compare(reader.rowGroupMinKey(rg + 1), max) == 0) {
            return true;
        }
        return others.mayHold(min, max);
    }
}
