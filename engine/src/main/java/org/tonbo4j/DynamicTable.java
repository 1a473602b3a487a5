package org.tonbo4j;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.tonbo4j.internal.db.Db;
import org.tonbo4j.storage.Storage;

/**
 * A dynamic table whose schema can grow ({@link #addColumn}): delegates to a
 * {@link TonboTable} and replaces it, engine and all, when a column is added. Every call runs
 * under the read side of a lock and a schema change under the write side, so a change waits
 * for calls in progress and calls wait for a change. Thread-safe.
 */
final class DynamicTable implements Table<Row> {
    private final Storage storage;
    private final Options options;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile TonboTable<Row> table;

    DynamicTable(Storage storage, Schema schema, Options options) {
        this.storage = storage;
        this.options = options;
        this.table = new TonboTable<>(Db.open(storage, schema, options), RowMapper.dynamic(schema));
    }

    private <T> T read(Supplier<T> call) {
        lock.readLock().lock();
        try {
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void run(Runnable call) {
        lock.readLock().lock();
        try {
            call.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Schema addColumn(Column column) {
        lock.writeLock().lock();
        try {
            Schema old = table.schema();
            Schema next = Tonbo.withColumn(old, column);
            table.close();
            try {
                table = new TonboTable<>(Db.openEvolving(storage, old, next, options), RowMapper.dynamic(next));
            } catch (RuntimeException e) {
                // The change did not happen or did: open whatever the manifest now says.
                Schema stored = Tonbo.storedSchema(storage).orElse(old);
                table = new TonboTable<>(Db.open(storage, stored, options), RowMapper.dynamic(stored));
                throw e;
            }
            return next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Schema schema() {
        return table.schema();
    }

    @Override
    public void insert(Row row) {
        run(() -> table.insert(row));
    }

    @Override
    public void insertAll(Iterable<? extends Row> rows) {
        run(() -> table.insertAll(rows));
    }

    @Override
    public void delete(Object... key) {
        run(() -> table.delete(key));
    }

    @Override
    public void write(WriteBatch<Row> batch) {
        run(() -> table.write(batch));
    }

    @Override
    public Optional<Row> get(Object... key) {
        return read(() -> table.get(key));
    }

    @Override
    public RowIterator<Row> scan(Scan scan) {
        return read(() -> table.scan(scan));
    }

    @Override
    public BatchIterator scanBatches(Scan scan) {
        return read(() -> table.scanBatches(scan));
    }

    @Override
    public Transaction<Row> begin() {
        return read(table::begin);
    }

    @Override
    public long lastSequence() {
        return read(table::lastSequence);
    }

    @Override
    public Snapshot<Row> snapshotAt(long sequence) {
        return read(() -> table.snapshotAt(sequence));
    }

    @Override
    public long pinSnapshot(String name) {
        return read(() -> table.pinSnapshot(name));
    }

    @Override
    public Snapshot<Row> snapshot(String name) {
        return read(() -> table.snapshot(name));
    }

    @Override
    public boolean unpinSnapshot(String name) {
        return read(() -> table.unpinSnapshot(name));
    }

    @Override
    public SortedMap<String, Long> pinnedSnapshots() {
        return read(table::pinnedSnapshots);
    }

    @Override
    public List<TableFile> files() {
        return read(table::files);
    }

    @Override
    public VerifyReport verify() {
        return read(table::verify);
    }

    @Override
    public RowIterator<Row> scanRows(Scan scan) {
        return read(() -> table.scanRows(scan));
    }

    @Override
    public Snapshot<Row> snapshot() {
        return read(table::snapshot);
    }

    @Override
    public void flush() {
        run(table::flush);
    }

    @Override
    public void compact() {
        run(table::compact);
    }

    @Override
    public TableStats stats() {
        return read(table::stats);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            table.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
