package org.tonbo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.ValueNormalizer;
import org.tonbo4j.internal.db.Db;
import org.tonbo4j.internal.db.ReadHandle;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * The {@link Table} implementation: checks and normalizes rows, encodes keys and hands
 * batches to the engine; turns engine entries back into rows. Thread-safe.
 */
final class TonboTable<R> implements Table<R> {
    private final Db db;
    private final RowMapper<R> mapper;
    private final Schema schema;
    private final KeyCodec keys;
    private final ValueNormalizer normalizer;

    TonboTable(Db db, RowMapper<R> mapper) {
        this.db = db;
        this.mapper = mapper;
        this.schema = mapper.schema();
        this.keys = db.keyCodec();
        this.normalizer = new ValueNormalizer(schema);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    private Mutation put(R row) {
        Objects.requireNonNull(row, "row");
        Object[] values = normalizer.row(mapper.toValues(row));
        return new Mutation(keys.encodeRow(values), false, db.rowCodec().rowBytes(values));
    }

    private Mutation del(Object[] key) {
        Object[] k = normalizer.key(key);
        if (k.length != schema.keyColumnCount()) {
            throw new IllegalArgumentException("the primary key has " + schema.keyColumnCount() + " column(s), got " + k.length + " value(s)");
        }
        return new Mutation(keys.encodeKey(k), true, db.rowCodec().keyBytes(normalizer.keyRow(k)));
    }

    @Override
    public void insert(R row) {
        db.write(List.of(put(row)));
    }

    @Override
    public void insertAll(Iterable<? extends R> rows) {
        List<Mutation> batch = new ArrayList<>();
        for (R r : rows) {
            batch.add(put(r));
        }
        db.write(batch);
    }

    @Override
    public void delete(Object... key) {
        db.write(List.of(del(key)));
    }

    @Override
    public void write(WriteBatch<R> batch) {
        List<Mutation> ms = new ArrayList<>(batch.size());
        for (WriteBatch.Op<R> op : batch.ops()) {
            ms.add(op.isDelete() ? del(op.key()) : put(op.row()));
        }
        db.write(ms);
    }

    @Override
    public Optional<R> get(Object... key) {
        try (ReadHandle h = db.acquire()) {
            return get(h, key);
        }
    }

    Optional<R> get(ReadHandle h, Object[] key) {
        Object[] k = normalizer.key(key);
        if (k.length != schema.keyColumnCount()) {
            throw new IllegalArgumentException("the primary key has " + schema.keyColumnCount() + " column(s), got " + k.length + " value(s)");
        }
        Entry e = h.get(keys.encodeKey(k), k, null);
        return e == null ? Optional.empty() : Optional.of(mapper.fromValues(e.values));
    }

    @Override
    public RowIterator<R> scan(Scan scan) {
        ReadHandle h = db.acquire();
        try {
            return scan(h, scan, true);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Scans a pinned view; {@code ownsHandle}: closing the iterator releases the view. */
    RowIterator<R> scan(ReadHandle h, Scan scan, boolean ownsHandle) {
        boolean[] columns = null;
        if (scan.columns() != null) {
            columns = new boolean[schema.columnCount()];
            for (String c : scan.columns()) {
                columns[schema.requireIndex(c)] = true;
            }
            for (int k : schema.keyIndexes()) {
                columns[k] = true;
            }
        }
        byte[] lo = null;
        byte[] hi = null;
        boolean empty = false;
        if (scan.from() != null) {
            byte[] p = keys.encodePrefix(normalizer.key(scan.from()));
            lo = scan.fromInclusive() ? p : KeyCodec.prefixSuccessor(p);
            empty = lo == null;
        }
        if (scan.to() != null) {
            byte[] p = keys.encodePrefix(normalizer.key(scan.to()));
            hi = scan.toInclusive() ? KeyCodec.prefixSuccessor(p) : p;
        }
        if (lo != null && hi != null && KeyCodec.compare(lo, hi) >= 0) {
            empty = true;
        }
        ReadHandle.Cursor cursor = empty || scan.limit() == 0 ? null : h.scan(lo, hi, scan.reverse(), columns);
        return new Rows(cursor, h, ownsHandle, columns, scan.limit());
    }

    /** Rows of a scan with projection and limit applied. */
    private final class Rows implements RowIterator<R> {
        private final ReadHandle.Cursor cursor;
        private final ReadHandle handle;
        private final boolean ownsHandle;
        private final boolean[] columns;
        private long remaining;
        private boolean closed;

        Rows(ReadHandle.Cursor cursor, ReadHandle handle, boolean ownsHandle, boolean[] columns, long limit) {
            this.cursor = cursor;
            this.handle = handle;
            this.ownsHandle = ownsHandle;
            this.columns = columns;
            this.remaining = limit;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                throw new TableClosedException("iterator is closed");
            }
            if (cursor == null || remaining <= 0 || !cursor.hasNext()) {
                return false;
            }
            return true;
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            remaining--;
            Entry e = cursor.next();
            Object[] v = e.values;
            if (columns != null) {
                v = v.clone();
                for (int i = 0; i < v.length; i++) {
                    if (!columns[i]) {
                        v[i] = null;
                    }
                }
            }
            return mapper.fromValues(v);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (cursor != null) {
                    cursor.close();
                }
                if (ownsHandle) {
                    handle.close();
                }
            }
        }
    }

    @Override
    public Transaction<R> begin() {
        throw new UnsupportedOperationException("transactions: in progress");
    }

    @Override
    public long lastSequence() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Snapshot<R> snapshotAt(long sequence) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public long pinSnapshot(String name) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Snapshot<R> snapshot(String name) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public boolean unpinSnapshot(String name) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public java.util.SortedMap<String, Long> pinnedSnapshots() {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public Snapshot<R> snapshot() {
        ReadHandle h = db.acquire();
        return new Snapshot<>() {
            @Override
            public long sequence() {
                return h.sequence();
            }

            @Override
            public Optional<R> get(Object... key) {
                return TonboTable.this.get(h, key);
            }

            @Override
            public RowIterator<R> scan(Scan scan) {
                return TonboTable.this.scan(h, scan, false);
            }

            @Override
            public void close() {
                h.close();
            }
        };
    }

    @Override
    public void flush() {
        db.flush();
    }

    @Override
    public void compact() {
        db.compactAll();
    }

    @Override
    public TableStats stats() {
        return db.stats();
    }

    @Override
    public void close() {
        db.close();
    }
}
