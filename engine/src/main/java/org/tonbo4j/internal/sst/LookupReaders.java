package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Idle Parquet readers of one SST file kept for point lookups, per requested column set. A
 * lookup that misses the decoded-row-group cache reads a page or two per column; opening a
 * reader for it would also decode, every time, the offset indexes of the whole row group (for
 * small pages, more work than the lookup itself). A reader keeps the page indexes it has read
 * (per row group, for the columns first requested), so a reader is only ever reused for the same
 * column set.
 *
 * <p>Thread-safe: a reader is used by one thread between {@link #borrow} and {@link #giveBack}.
 * At most {@link #IDLE_PER_SET} idle readers per column set are kept; after {@link #close} every
 * returned reader is closed.
 */
final class LookupReaders implements AutoCloseable {
    /** Idle readers kept per column set (about the number of threads doing lookups at once). */
    static final int IDLE_PER_SET = 4;

    /** Opens a new reader of the file. */
    interface Opener {
        ParquetFileReader open() throws IOException;
    }

    private final Opener opener;
    private final ConcurrentHashMap<List<ColumnDescriptor>, Idle> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LookupReaders(Opener opener) {
        this.opener = opener;
    }

    private static final class Idle {
        final ConcurrentLinkedQueue<ParquetFileReader> readers = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
    }

    /** An idle reader of exactly these columns, or a new one. */
    ParquetFileReader borrow(List<ColumnDescriptor> columns) throws IOException {
        Idle set = idle.get(columns);
        if (set != null) {
            ParquetFileReader r = set.readers.poll();
            if (r != null) {
                set.count.decrementAndGet();
                return r;
            }
        }
        ParquetFileReader r = opener.open();
        r.setRequestedSchema(columns);
        return r;
    }

    /** Returns a reader after a lookup that completed; a reader whose lookup failed is closed instead. */
    void giveBack(List<ColumnDescriptor> columns, ParquetFileReader reader) throws IOException {
        Idle set = idle.computeIfAbsent(List.copyOf(columns), k -> new Idle());
        if (closed || set.count.incrementAndGet() > IDLE_PER_SET) {
            set.count.decrementAndGet();
            reader.close();
            return;
        }
        set.readers.offer(reader);
        if (closed && set.readers.remove(reader)) {
            reader.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        IOException first = null;
        for (Idle set : idle.values()) {
            for (ParquetFileReader r; (r = set.readers.poll()) != null; ) {
                try {
                    r.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
