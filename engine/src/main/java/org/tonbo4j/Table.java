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

    /**
     * Begins an optimistic transaction reading the table's current committed state; see
     * {@link Transaction} for its isolation level. Blind writes through {@link #insert},
     * {@link #write} and friends bypass transactions and never conflict.
     */
    Transaction<R> begin();

    /** The sequence number of the newest committed write (0 for a table never written). */
    long lastSequence();

    /**
     * A snapshot of the table as of a past sequence number (time travel), pinned until closed.
     * History is available for every sequence number at or above the table's history floor —
     * kept by {@link Options.Builder#historyRetention}, open snapshots and named snapshots.
     *
     * @throws SnapshotUnavailableException if the versions of that sequence may already be gone
     * @throws IllegalArgumentException if the sequence is negative or newer than {@link #lastSequence()}
     */
    Snapshot<R> snapshotAt(long sequence);

    /**
     * Pins the current state under a name that survives close and reopen (stored in the
     * manifest): compaction keeps every version it sees until {@link #unpinSnapshot} drops it.
     * Returns the pinned sequence number.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 255 bytes or already pinned
     */
    long pinSnapshot(String name);

    /** Opens the snapshot pinned under this name. @throws SnapshotUnavailableException if unknown */
    Snapshot<R> snapshot(String name);

    /** Drops a named snapshot; its old versions become garbage for compaction. Returns whether it existed. */
    boolean unpinSnapshot(String name);

    /** Named snapshots and their sequence numbers, by name. */
    java.util.SortedMap<String, Long> pinnedSnapshots();

    /** The table's data files as the current version lists them, level by level. */
    java.util.List<TableFile> files();

    /**
     * Reads every data file end to end and checks checksums, row order and what the manifest
     * says about each file; returns every problem found (see {@link VerifyReport}). Reads, never
     * changes anything; can take as long as a full scan.
     */
    VerifyReport verify();

    /**
     * Like {@link #scan(Scan)}, with rows as dynamic {@link Row}s whatever the table's row type:
     * for generic tools and adapters (e.g. Arrow export) over typed tables.
     */
    RowIterator<Row> scanRows(Scan scan);

    /**
     * Like {@link #scanRows(Scan)}, with rows in column form ({@link RowBatch}): the way to read
     * many rows fast. Runs of keys in the Parquet files that no newer version overrides come as
     * views of the decoded column vectors, with no row object built; the rest (recent writes
     * in memory, keys with several versions) come boxed. Same rows, order and snapshot as
     * {@code scanRows}.
     */
    BatchIterator scanBatches(Scan scan);

    /** A consistent view of the current state; close it when done. */
    Snapshot<R> snapshot();

    /**
     * Adds a column after the existing ones (schema evolution) and returns the new schema.
     * Rows written before read the column as its {@link Column#defaultValue() default} (null
     * without one); so a NOT NULL column needs a default. Data files are not rewritten: older
     * files keep their schema, new files and compaction outputs have the new one.
     *
     * <p>The change is atomic and durable when this returns (one manifest publication); it waits
     * for writes in progress, flushes the WAL into files of the old schema and reopens the
     * table's engine. Iterators, snapshots and transactions opened before the change fail
     * with {@link TableClosedException} afterwards.
     *
     * <p>Typed tables (of a record class) refuse it: their columns are the record's components.
     * Close the table, call {@link Tonbo#addColumn(org.tonbo4j.storage.Storage, Column, Options)} and
     * open it with a record class that has the new component last.
     *
     * @throws IllegalArgumentException if a column of that name exists, or the column is NOT NULL
     *         without a default
     * @throws UnsupportedOperationException on a typed table
     */
    Schema addColumn(Column column);

    /** Writes the memtable to an L0 file and waits until it is in the manifest. */
    void flush();

    /** Flushes, then compacts all files into the last non-empty level and waits for it. */
    void compact();

    /** Counters and the current shape of the LSM tree. */
    TableStats stats();

    /**
     * Writes the memtable to Parquet (unless {@link Options#flushOnClose()} is off), waits for
     * background work to stop, closes files and releases the lock. Idempotent.
     */
    @Override
    void close();
}
