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
import org.tonbo4j.internal.read.EntryCursor;

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
    private final RowMapper<Row> dynamicMapper;
    /** The key columns only: what a uniqueness probe decodes. */
    private final boolean[] keyOnly;

    TonboTable(Db db, RowMapper<R> mapper) {
        this.db = db;
        this.mapper = mapper;
        this.schema = mapper.schema();
        this.keys = db.keyCodec();
        this.normalizer = new ValueNormalizer(schema);
        this.dynamicMapper = RowMapper.dynamic(schema);
        this.keyOnly = new boolean[schema.columnCount()];
        for (int k = 0; k < schema.keyColumnCount(); k++) {
            keyOnly[schema.keyIndex(k)] = true;
        }
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
        Object[] k = normalizedKey(key);
        return new Mutation(keys.encodeKey(k), true, db.rowCodec().keyBytes(normalizer.keyRow(k)));
    }

    /** The key values normalized and checked for arity. */
    Object[] normalizedKey(Object[] key) {
        Object[] k = normalizer.key(key);
        if (k.length != schema.keyColumnCount()) {
            throw new IllegalArgumentException("the primary key has " + schema.keyColumnCount() + " column(s), got " + k.length + " value(s)");
        }
        return k;
    }

    byte[] encodeKey(Object[] normalizedKey) {
        return keys.encodeKey(normalizedKey);
    }

    /** A transaction's buffered put of a row. */
    Entry bufferedPut(R row) {
        Objects.requireNonNull(row, "row");
        Object[] values = normalizer.row(mapper.toValues(row));
        return new Entry(keys.encodeRow(values), Long.MAX_VALUE, false, values);
    }

    /** A transaction's buffered delete of a key: a tombstone whose values are the key row. */
    Entry bufferedDelete(Object[] key) {
        Object[] k = normalizedKey(key);
        return new Entry(keys.encodeKey(k), Long.MAX_VALUE, true, normalizer.keyRow(k));
    }

    R fromValues(Object[] values) {
        return mapper.fromValues(values);
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

    /** Whether a visible row has this key; decodes only the key columns wherever it finds one. */
    boolean contains(ReadHandle h, Object[] normalizedKey) {
        return containsEncoded(h, keys.encodeKey(normalizedKey), normalizedKey);
    }

    /** As {@link #contains}, for a key already encoded ({@code key}) and normalized. */
    boolean containsEncoded(ReadHandle h, byte[] key, Object[] normalizedKey) {
        return h.get(key, normalizedKey, keyOnly) != null;
    }

    /** The key values of a normalized row, in key order. */
    Object[] keyValues(Object[] row) {
        Object[] k = new Object[schema.keyColumnCount()];
        for (int i = 0; i < k.length; i++) {
            k[i] = row[schema.keyIndex(i)];
        }
        return k;
    }

    Optional<R> get(ReadHandle h, Object[] key) {
        Object[] k = normalizedKey(key);
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
        Bounds b = bounds(scan);
        EntryCursor cursor = b.empty ? null : cursor(h, b, scan.reverse());
        return new Rows<>(mapper, cursor, h, ownsHandle, b.columns, scan.limit(), b.filter);
    }

    @Override
    public RowIterator<Row> scanRows(Scan scan) {
        ReadHandle h = db.acquire();
        try {
            Bounds b = bounds(scan);
            EntryCursor cursor = b.empty ? null : cursor(h, b, scan.reverse());
            return new Rows<>(dynamicMapper, cursor, h, true, b.columns, scan.limit(), b.filter);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    @Override
    public BatchIterator scanBatches(Scan scan) {
        ReadHandle h = db.acquire();
        try {
            Bounds b = bounds(scan);
            ReadHandle.Cursor cursor = b.empty ? null : cursor(h, b, scan.reverse());
            return new ScanBatches(schema, cursor, h, true, b.columns, scan.limit(), b.filter);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * A scan's encoded key range [lo, hi) (null = unbounded), the columns it returns and the ones
     * it decodes (those plus the filter's; null = all), and its compiled filter (null = none).
     * {@code pointKey}: the normalized key when the scan names exactly one whole key (both bounds
     * inclusive and equal), else null.
     */
    record Bounds(byte[] lo, byte[] hi, boolean empty, boolean[] columns, boolean[] decode,
                  org.tonbo4j.internal.read.RowFilter filter, Object[] pointKey) {
    }

    /**
     * The visible entries of a scan's bounds in a pinned view. A scan of one whole key is a point
     * lookup (bloom filters, the pages that hold the key, only the decoded columns), not a range
     * scan, which would decode the row groups around the key.
     */
    ReadHandle.Cursor cursor(ReadHandle h, Bounds b, boolean reverse) {
        if (b.pointKey != null) {
            return h.point(b.lo, b.pointKey, b.decode);
        }
        return h.scan(b.lo, b.hi, reverse, b.decode, b.filter);
    }

    Bounds bounds(Scan scan) {
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
        Object[] from = scan.from() == null ? null : normalizer.key(scan.from());
        Object[] to = scan.to() == null ? null : normalizer.key(scan.to());
        Object[] pointKey = null;
        if (from != null && to != null && scan.fromInclusive() && scan.toInclusive()
                && from.length == schema.keyColumnCount() && java.util.Arrays.deepEquals(from, to)) {
            pointKey = from;
        }
        if (from != null) {
            byte[] p = keys.encodePrefix(from);
            lo = scan.fromInclusive() ? p : KeyCodec.prefixSuccessor(p);
            empty = lo == null;
        }
        if (to != null) {
            byte[] p = keys.encodePrefix(to);
            hi = scan.toInclusive() ? KeyCodec.prefixSuccessor(p) : p;
        }
        if (lo != null && hi != null && KeyCodec.compare(lo, hi) >= 0) {
            empty = true;
        }
        org.tonbo4j.internal.read.RowFilter filter = org.tonbo4j.internal.read.RowFilter.compile(schema, scan.where());
        boolean[] decode = columns;
        if (filter != null && columns != null) {
            decode = columns.clone();
            filter.addColumns(decode);
        }
        return new Bounds(lo, hi, empty || scan.limit() == 0, columns, decode, filter, pointKey);
    }

    /** Rows over a cursor, with filter, projection and limit; closes the handle too if it owns it. */
    RowIterator<R> rows(EntryCursor cursor, ReadHandle handle, boolean ownsHandle, boolean[] columns, long limit,
                        org.tonbo4j.internal.read.RowFilter filter) {
        return new Rows<>(mapper, cursor, handle, ownsHandle, columns, limit, filter);
    }

    private final class Rows<T> implements RowIterator<T> {
        private final RowMapper<T> rowMapper;
        private final EntryCursor cursor;
        private final ReadHandle handle;
        private final boolean ownsHandle;
        private final boolean[] columns;
        private final org.tonbo4j.internal.read.RowFilter filter;
        private long remaining;
        private boolean closed;
        /** Whether the cursor and handle are let go of: at close, or once the rows ran out. */
        private boolean released;
        /** The next row that passed the filter, not yet returned. */
        private Entry pending;

        Rows(RowMapper<T> rowMapper, EntryCursor cursor, ReadHandle handle, boolean ownsHandle, boolean[] columns, long limit,
             org.tonbo4j.internal.read.RowFilter filter) {
            this.filter = filter;
            this.rowMapper = rowMapper;
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
            if (pending != null) {
                return true;
            }
            if (released) {
                return false;
            }
            if (cursor != null && remaining > 0) {
                while (cursor.hasNext()) {
                    Entry e = cursor.next();
                    if (filter == null || filter.test(e.values)) {
                        pending = e;
                        return true;
                    }
                }
            }
            release(); // at its end an iterator lets go of its files even if never closed
            return false;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            remaining--;
            Entry e = pending;
            pending = null;
            Object[] v = e.values;
            if (columns != null) {
                v = v.clone();
                for (int i = 0; i < v.length; i++) {
                    if (!columns[i]) {
                        v[i] = null;
                    }
                }
            }
            return rowMapper.fromValues(v);
        }

        @Override
        public void close() {
            closed = true;
            release();
        }

        private void release() {
            if (!released) {
                released = true;
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
        return new TonboTransaction<>(this, db, db.acquire());
    }

    @Override
    public long lastSequence() {
        return db.lastSequence();
    }

    @Override
    public Snapshot<R> snapshotAt(long sequence) {
        return snapshotOf(db.timeTravel().acquireAt(sequence));
    }

    @Override
    public long pinSnapshot(String name) {
        checkSnapshotName(name);
        return db.timeTravel().pinSnapshot(name);
    }

    private static void checkSnapshotName(String name) {
        if (name == null || name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("a snapshot name must have 1 to 255 UTF-8 bytes, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
    }

    @Override
    public Snapshot<R> snapshot(String name) {
        Long seq = db.timeTravel().namedSnapshots().get(name);
        if (seq == null) {
            throw new SnapshotUnavailableException("no snapshot named '" + name + "' is pinned; pinned: "
                    + db.timeTravel().namedSnapshots().keySet());
        }
        return snapshotAt(seq);
    }

    @Override
    public boolean unpinSnapshot(String name) {
        return db.timeTravel().unpinSnapshot(name);
    }

    @Override
    public java.util.SortedMap<String, Long> pinnedSnapshots() {
        return java.util.Collections.unmodifiableSortedMap(db.timeTravel().namedSnapshots());
    }

    @Override
    public Snapshot<R> snapshot() {
        return snapshotOf(db.acquire());
    }

    private Snapshot<R> snapshotOf(ReadHandle h) {
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
                ReadHandle own = h.share(); // the iterator outlives the snapshot if need be
                try {
                    return TonboTable.this.scan(own, scan, true);
                } catch (RuntimeException e) {
                    own.close();
                    throw e;
                }
            }

            @Override
            public long exportParquet(java.nio.file.Path file) {
                return export(h, file);
            }

            @Override
            public void close() {
                h.close();
            }
        };
    }

    private long export(ReadHandle h, java.nio.file.Path file) {
        java.nio.file.Path abs = file.toAbsolutePath();
        if (java.nio.file.Files.exists(abs)) {
            throw new IllegalArgumentException("export target exists: " + file);
        }
        try {
            org.tonbo4j.storage.LocalStorage dir = new org.tonbo4j.storage.LocalStorage(abs.getParent());
            try (org.tonbo4j.internal.sst.ParquetExporter x = new org.tonbo4j.internal.sst.ParquetExporter(dir,
                    abs.getFileName().toString(), schema, Compression.ZSTD, 3, 64L << 20)) {
                ReadHandle.Cursor c = h.scan(null, null, false, null);
                try {
                    while (c.hasNext()) {
                        x.add(c.next().values);
                    }
                } finally {
                    c.close();
                }
                return x.finish();
            }
        } catch (java.io.IOException e) {
            throw new TonboException("cannot export to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.List<TableFile> files() {
        org.tonbo4j.internal.key.KeyDecoder decoder = new org.tonbo4j.internal.key.KeyDecoder(schema);
        java.util.List<TableFile> out = new ArrayList<>();
        for (org.tonbo4j.internal.manifest.FileMeta f : db.liveFiles()) {
            out.add(new TableFile(f.level(), org.tonbo4j.internal.FileNames.sst(f.number()), f.fileBytes(), f.rowCount(),
                    java.util.Arrays.asList(decoder.decode(f.minKey())), java.util.Arrays.asList(decoder.decode(f.maxKey())),
                    f.minSeq(), f.maxSeq()));
        }
        return out;
    }

    @Override
    public VerifyReport verify() {
        return db.verify();
    }

    @Override
    public Schema addColumn(Column column) {
        throw new UnsupportedOperationException("a typed table's columns are its record's components: close it, call "
                + "Tonbo.addColumn(storage, column, options), and open it with a record class that has the new component last");
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
