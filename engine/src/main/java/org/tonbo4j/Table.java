package org.tonbo4j;

import java.util.Optional;

/**
 * A table: rows of one {@link Schema}, unique by primary key, kept in an LSM tree whose files
 * are Parquet. {@code R} is the row type: a Java record class for typed tables, {@link Row} for
 * dynamic ones. Thread-safe: any number of threads may read and write at once.
 *
 * <p>A write is durable when it returns, as the {@link SyncPolicy} says. Reads see every write
 * that returned before they started. Errors are unchecked {@link TonboException}s; misuse is an
 * {@link IllegalArgumentException} naming the bad value.
 */
public interface Table<R> extends AutoCloseable {

    Schema schema();

    /** Inserts a row, replacing any row with the same key (upsert). */
    void insert(R row);

    /** Inserts rows atomically: after a crash either all of them are there or none. */
    void insertAll(Iterable<? extends R> rows);

    /** Deletes the row with this key (values in key order), if any. */
    void delete(Object... key);

    /** Applies a mix of inserts and deletes atomically, in order. */
    void write(WriteBatch<R> batch);

    /** A new empty batch for {@link #write}. */
    default WriteBatch<R> newBatch() {
        return new WriteBatch<>();
    }

    /** The row with this primary key (values in key order), if present. */
    Optional<R> get(Object... key);

    /** Scans the latest state. */
    RowIterator<R> scan(Scan scan);

    default RowIterator<R> scan() {
        return scan(Scan.all());
    }

    /** A consistent view of the current state; close it when done. */
    Snapshot<R> snapshot();

    /** Writes the memtable to an L0 file and waits until it is in the manifest. */
    void flush();

    /** Flushes, then compacts all files into the last non-empty level and waits for it. */
    void compact();

    /** Counters and the current shape of the LSM tree. */
    TableStats stats();

    /** Waits for background work to stop, closes files and releases the lock. Idempotent. */
    @Override
    void close();
}
