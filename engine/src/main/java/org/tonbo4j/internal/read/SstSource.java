package org.tonbo4j.internal.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.sst.RowGroupData;
import org.tonbo4j.internal.sst.SstReader;

/**
 * The entries of one SST with keys in [lo, hi) (null = unbounded), a row group at a time, only
 * decoding the requested columns. Not thread-safe.
 */
public final class SstSource implements EntrySource {
    private final SstReader reader;
    private final byte[] lo;
    private final byte[] hi;
    private final boolean reverse;
    private final boolean[] columns;
    private final boolean fillCache;
    private int rowGroup;
    private RowGroupData data;
    private int pos;
    private int end;
    private Entry current;

    public SstSource(SstReader reader, byte[] lo, byte[] hi, boolean reverse, boolean[] columns) {
        this(reader, lo, hi, reverse, columns, true);
    }

    /** As above; {@code fillCache} false keeps what this source decodes out of the cache (compaction). */
    public SstSource(SstReader reader, byte[] lo, byte[] hi, boolean reverse, boolean[] columns, boolean fillCache) {
        this.fillCache = fillCache;
        this.reader = reader;
        this.lo = lo;
        this.hi = hi;
        this.reverse = reverse;
        this.columns = columns;
        this.rowGroup = reverse ? reader.rowGroupCount() : -1;
        advance();
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
                current = data.entry(pos);
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
                data = reader.readRowGroup(rowGroup, columns, fillCache);
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
}
