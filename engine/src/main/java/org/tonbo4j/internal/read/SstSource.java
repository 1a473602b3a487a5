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
 * are not decoded. Their rows cannot simply vanish: a key's newest version there would stop
 * hiding an older version elsewhere, which might match (MVCC resurrection). So unless no other
 * source of the scan ({@link Overlap}) and no neighbouring row group can hold their keys, the
 * excluded rows come out as tombstones built from the key columns alone — they still shadow older
 * versions, and a key whose newest version fails the filter is correctly absent. Rows that are
 * decoded are not checked here: the caller applies the filter to the merged, visible rows.
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
    private int rowGroup;
    private RowGroupData data;
    /** With a partly excluded row group: the decoded rows, and for each row of data its index there or -1. */
    private RowGroupData part;
    private int[] map;
    private int pos;
    private int end;
    private Entry current;

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
        this.keysOnly = filter == null ? null : new boolean[columns != null ? columns.length : widthOf(reader)];
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
            if (data != null && (reverse ? pos >= end : pos < end)) {
                current = entryAt(pos);
                pos += reverse ? -1 : 1;
                return;
            }
            if (!loadNextRowGroup()) {
                current = null;
                data = null;
                return;
            }
        }
    }

    private Entry entryAt(int i) {
        if (map == null) {
            return data.entry(i);
        }
        if (map[i] >= 0) {
            return part.entry(map[i]);
        }
        Entry k = data.entry(i);
        return new Entry(k.key, k.seq, true, k.values);
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
        if (candidates == null || (candidates.rowCount() > 0 && candidates.rowCount() * 4 >= rows)) {
            // Nothing excluded, or too little to be worth a separate, uncached decode: read it all
            // (through the cache); the caller's filter drops what fails.
            data = reader.readRowGroup(rg, columns, fillCache);
            return true;
        }
        boolean shadow = mustShadow(rg);
        if (!shadow) {
            if (candidates.rowCount() == 0) {
                return false;
            }
            data = reader.readRows(rg, columns, candidates);
            return true;
        }
        data = reader.readRowGroup(rg, keysOnly, fillCache);
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
