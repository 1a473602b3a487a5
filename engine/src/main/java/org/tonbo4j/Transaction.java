package org.tonbo4j;

import java.util.Optional;

/**
 * An optimistic transaction on one table, under snapshot isolation.
 *
 * <p>It reads the table as of the sequence number it began at ({@link #snapshotSequence()}),
 * with its own uncommitted writes merged over that snapshot (read-your-writes) in {@link #get}
 * and {@link #scan}. Writes are buffered in memory until {@link #commit()}, which writes them
 * all atomically — one WAL record, or for a large transaction new data files installed by one
 * manifest edit ({@link Options.Builder#bulkCommitBytes}); whole or not at all after a crash — or
 * none of them.
 *
 * <p>Conflicts: a commit fails with {@link TransactionConflictException}, writing nothing, when a
 * key this transaction wrote (or read with {@link #getForUpdate}) was committed by anyone else
 * after the transaction's snapshot — wherever that newer version now lives (memtable or any SST
 * level). Lost updates are therefore impossible. Plain reads are not validated: two transactions
 * that each read what the other writes can both commit (write skew); read with
 * {@link #getForUpdate} to make such a read part of the conflict check. A transaction that wrote
 * nothing never conflicts. See docs/transactions.md.
 *
 * <p>Savepoints: {@link #savepoint()} marks the current state of the write buffer and
 * {@link #rollbackTo(int)} undoes the writes made after it.
 *
 * <p>A transaction is used by one thread at a time. Its snapshot is pinned (its versions are kept
 * by compaction) until it commits, rolls back or is closed; {@link #close()} rolls back an open
 * transaction.
 */
public interface Transaction<R> extends AutoCloseable {

    /** The sequence number whose committed state this transaction reads. */
    long snapshotSequence();

    /** The row with this key as this transaction sees it (its own writes first), if any. */
    Optional<R> get(Object... key);

    /**
     * Whether a row with this key exists as this transaction sees it; {@code get(key).isPresent()}
     * without building the row (only key columns are decoded), e.g. to enforce a unique key.
     */
    default boolean containsKey(Object... key) {
        return get(key).isPresent();
    }

    /**
     * Like {@link #get}, and adds the key to the conflict check of {@link #commit()}: the commit
     * fails if someone else committed this key after the snapshot, even if this transaction never
     * writes it.
     */
    Optional<R> getForUpdate(Object... key);

    /** Rows of the snapshot merged with this transaction's writes, with all options of {@link Scan}. */
    RowIterator<R> scan(Scan scan);

    default RowIterator<R> scan() {
        return scan(Scan.all());
    }

    /** Buffers an insert (an upsert: it replaces a row with the same key). */
    void insert(R row);

    /**
     * Buffers an insert unless a row with the same key exists as this transaction sees it (as
     * {@link #containsKey}); returns whether it did. The same as {@code containsKey} then
     * {@code insert}, with the key normalized and encoded once, e.g. for a unique-key INSERT.
     */
    boolean insertIfAbsent(R row);

    /**
     * Buffers an insert (an upsert) of the values in {@code row}, as {@link #insert} of the same
     * values would, but encoded straight from {@code row}'s primitives and bytes with no object
     * per value: the faster path for bulk writers. {@code row} may be reused at once.
     *
     * @throws IllegalArgumentException if {@code row} is for another schema, a key column is
     *     null or a NOT NULL column is null; nothing is buffered then
     */
    void insertValues(RowValues row);

    /** {@link #insertIfAbsent} of the values in {@code row}, encoded as {@link #insertValues} does. */
    boolean insertValuesIfAbsent(RowValues row);

    /** Buffers a delete by primary key; deleting an absent key is not an error. */
    void delete(Object... key);

    /** The number of distinct keys written so far (a key written twice counts once). */
    int pendingWrites();

    /** Marks the current state of the write buffer; returns a handle for {@link #rollbackTo(int)}. */
    int savepoint();

    /**
     * Undoes every write made after the given savepoint; the savepoint stays valid, savepoints
     * taken after it are released.
     *
     * @throws IllegalArgumentException if the savepoint is unknown or already released
     */
    void rollbackTo(int savepoint);

    /**
     * Validates and writes every buffered write atomically; returns the commit's sequence number
     * (the snapshot sequence if nothing was written). Ends the transaction either way.
     *
     * @throws TransactionConflictException if a written or for-update key changed after the snapshot
     */
    long commit();

    /** Discards every buffered write and ends the transaction. Idempotent. */
    void rollback();

    /** Whether the transaction can still be used (neither committed nor rolled back). */
    boolean isOpen();

    /** Rolls back if still open. */
    @Override
    void close();
}
