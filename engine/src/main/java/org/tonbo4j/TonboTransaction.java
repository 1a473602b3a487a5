package org.tonbo4j;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.tonbo4j.internal.CheckKey;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.ValueSlots;
import org.tonbo4j.internal.db.Db;
import org.tonbo4j.internal.db.ReadHandle;
import org.tonbo4j.internal.read.EntryCursor;
import org.tonbo4j.internal.txn.MergedCursor;
import org.tonbo4j.internal.txn.WriteBuffer;

/**
 * A {@link Transaction} of a {@link TonboTable}: a pinned snapshot (the read handle) plus a
 * {@link WriteBuffer}; commit hands the buffer to {@link Db#commit} which validates and writes it
 * as one batch. Not thread-safe.
 */
final class TonboTransaction<R> implements Transaction<R> {
    private final TonboTable<R> table;
    private final Db db;
    private final ReadHandle snapshot;
    private final WriteBuffer buffer;
    private boolean open = true;
    private Schema checkedSchema;

    TonboTransaction(TonboTable<R> table, Db db, ReadHandle snapshot) {
        this.table = table;
        this.db = db;
        this.snapshot = snapshot;
        this.buffer = new WriteBuffer(db.schema().keyIndexes(), db.rowCodec());
    }

    @Override
    public long snapshotSequence() {
        return snapshot.sequence();
    }

    @Override
    public Optional<R> get(Object... key) {
        checkOpen();
        Object[] k = table.normalizedKey(key);
        Entry w = buffer.get(table.encodeKey(k));
        if (w != null) {
            return w.tombstone ? Optional.empty() : Optional.of(table.fromValues(w.values));
        }
        return table.get(snapshot, k);
    }

    @Override
    public boolean containsKey(Object... key) {
        checkOpen();
        Object[] k = table.normalizedKey(key);
        Entry w = buffer.get(table.encodeKey(k));
        if (w != null) {
            return !w.tombstone;
        }
        return table.contains(snapshot, k);
    }

    @Override
    public Optional<R> getForUpdate(Object... key) {
        checkOpen();
        Object[] k = table.normalizedKey(key);
        buffer.markForUpdate(table.encodeKey(k), k);
        return get(k);
    }

    @Override
    public RowIterator<R> scan(Scan scan) {
        checkOpen();
        TonboTable.Bounds b = table.bounds(scan);
        if (b.empty()) {
            return table.rows(null, snapshot, false, b.columns(), scan.limit(), null);
        }
        // the iterator pins the snapshot's files on its own: it can be read to its end after
        // the transaction has committed or rolled back (it sees the writes buffered when it began)
        ReadHandle own = snapshot.share();
        try {
            EntryCursor base = table.cursor(own, b, scan.reverse());
            EntryCursor merged = new MergedCursor(base, buffer.range(b.lo(), b.hi(), scan.reverse()), scan.reverse());
            return table.rows(merged, own, true, b.columns(), scan.limit(), b.filter());
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    @Override
    public void insert(R row) {
        checkOpen();
        buffer.put(table.bufferedPut(row));
    }

    @Override
    public boolean insertIfAbsent(R row) {
        checkOpen();
        return buffer.putIfAbsent(table.bufferedPut(row),
                e -> table.containsEncoded(snapshot, e.key, table.keyValues(e.values)));
    }

    @Override
    public void insertValues(RowValues row) {
        checkOpen();
        ValueSlots s = slots(row);
        buffer.put(table.encodeKey(s.keyValues()), s);
    }

    @Override
    public boolean insertValuesIfAbsent(RowValues row) {
        checkOpen();
        ValueSlots s = slots(row);
        Object[] key = s.keyValues();
        byte[] encoded = table.encodeKey(key);
        return buffer.putIfAbsent(encoded, s, () -> table.containsEncoded(snapshot, encoded, key));
    }

    /** The values of {@code row}, checked to be for this table's schema (the last schema that passed is remembered). */
    private ValueSlots slots(RowValues row) {
        Schema s = row.schema();
        if (s != checkedSchema) {
            if (!s.equals(table.schema())) {
                throw new IllegalArgumentException("the row's schema " + s + " is not the table's " + table.schema());
            }
            checkedSchema = s;
        }
        return row.slots();
    }

    @Override
    public void delete(Object... key) {
        checkOpen();
        buffer.put(table.bufferedDelete(key));
    }

    @Override
    public int pendingWrites() {
        return buffer.size();
    }

    @Override
    public int savepoint() {
        checkOpen();
        return buffer.savepoint();
    }

    @Override
    public void rollbackTo(int savepoint) {
        checkOpen();
        buffer.rollbackTo(savepoint);
    }

    @Override
    public long commit() {
        checkOpen();
        open = false;
        try {
            if (buffer.size() == 0) {
                return snapshot.sequence();
            }
            byte[][] conflict = new byte[1][];
            long seq = buffer.estimatedBytes() >= db.options().bulkCommitBytes()
                    ? db.commitBulk(buffer.entries(), snapshot.sequence(), buffer::checkKeys, conflict)
                    : db.commit(buffer.mutations(), snapshot.sequence(), buffer::checkKeys, conflict);
            if (seq < 0) {
                throw new TransactionConflictException("transaction conflict on key " + describe(buffer.checkKeys(), conflict[0])
                        + ": committed by another writer after this transaction's snapshot (sequence "
                        + snapshot.sequence() + "); nothing was written, retry the transaction");
            }
            return seq;
        } finally {
            buffer.clear();
            snapshot.close();
        }
    }

    private static String describe(List<CheckKey> keys, byte[] key) {
        for (CheckKey k : keys) {
            if (Arrays.equals(k.encoded(), key)) {
                Object[] v = k.values();
                return v.length == 1 ? String.valueOf(v[0]) : Arrays.toString(v);
            }
        }
        return "(unknown)";
    }

    @Override
    public void rollback() {
        if (open) {
            open = false;
            buffer.clear();
            snapshot.close();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        rollback();
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the transaction is already committed or rolled back");
        }
    }
}
