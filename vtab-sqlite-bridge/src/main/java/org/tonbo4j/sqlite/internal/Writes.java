package org.tonbo4j.sqlite.internal;

import java.util.Arrays;
import java.util.Optional;
import org.tonbo4j.Row;
import org.tonbo4j.RowValues;
import org.tonbo4j.Schema;
import org.tonbo4j.Transaction;

/**
 * Applies the operations of a WRITE frame (INSERT with its conflict mode, DELETE, UPDATE
 * including a key change) to a transaction, in order, enforcing the primary key's uniqueness and
 * NOT NULL the way SQLite reports them. The first failing operation stops the frame with a
 * {@link SqlError}; the operations before it stay in the transaction (SQLite then rolls the
 * statement or transaction back). Values are decoded by one {@link ColumnReader} per column,
 * picked when the table is opened; an INSERT's row goes into a reused {@link RowValues}. An unchanged value (NOCHANGE) is allowed only in the new row
 * of an UPDATE; anywhere else it is a {@link ProtocolException}. Owned by one session; not
 * thread-safe.
 */
final class Writes {
    private final String table;
    private final Schema schema;
    private final int[] keyIndexes;
    private final ColumnReader[] readers;
    private final RowValues values;
    /** Numbers rows inserted without their key (an INTEGER key: SQLite's rowid alias), or null. */
    private final KeyAllocator autoKeys;
    /** The column of that key, or -1. */
    private final int autoKey;
    /** The largest key given in this frame not yet told to {@link #autoKeys} (one update per frame, not per row). */
    private long givenMax = Long.MIN_VALUE;

    Writes(String table, Schema schema, KeyAllocator autoKeys) {
        this.table = table;
        this.schema = schema;
        this.keyIndexes = schema.keyIndexes();
        this.readers = ColumnReader.forSchema(table, schema);
        this.values = new RowValues(schema);
        this.autoKeys = autoKeys;
        this.autoKey = autoKeys == null ? -1 : keyIndexes[0];
    }

    void apply(FrameIn in, Transaction<Row> tx) {
        try {
            applyAll(in, tx);
        } finally {
            reportGivenKeys();
        }
    }

    private void reportGivenKeys() {
        if (givenMax != Long.MIN_VALUE) {
            autoKeys.saw(givenMax);
            givenMax = Long.MIN_VALUE;
        }
    }

    private void applyAll(FrameIn in, Transaction<Row> tx) {
        int n = in.i32();
        for (int i = 0; i < n; i++) {
            int kind = in.u8();
            switch (kind) {
                case Protocol.W_INSERT: case Protocol.W_REPLACE: case Protocol.W_IGNORE:
                    insert(tx, in, kind);
                    break;
                case Protocol.W_DELETE:
                    tx.delete(readKey(in));
                    break;
                case Protocol.W_UPDATE: case Protocol.W_UPDATE_REPLACE: case Protocol.W_UPDATE_IGNORE:
                    update(in, tx, kind);
                    break;
                default:
                    throw new ProtocolException("unknown write kind " + kind);
            }
        }
    }

    /** An INSERT's row, read straight into the reused {@link RowValues}: no object per value. */
    private void insert(Transaction<Row> tx, FrameIn in, int kind) {
        values.clear();
        for (int c = 0; c < readers.length; c++) {
            if (c == autoKey && in.peekU8() == Protocol.T_NULL) {
                in.u8();
                reportGivenKeys(); // the keys given earlier in the frame count
                values.setLong(c, autoKeys.next(tx)); // SQLite numbers a rowid alias left out
            } else {
                readers[c].readInto(in, values, c);
                if (c == autoKey) {
                    givenMax = Math.max(givenMax, ((Number) values.get(c)).longValue());
                }
            }
        }
        if (kind == Protocol.W_REPLACE) {
            tx.insertValues(values);
        } else if (!tx.insertValuesIfAbsent(values) && kind != Protocol.W_IGNORE) {
            throw duplicate();
        }
    }

    private void update(FrameIn in, Transaction<Row> tx, int kind) {
        Object[] oldKey = readKey(in);
        Object[][] old = new Object[1][];
        Object[] values = readRow(in, col -> {
            if (old[0] == null) {
                Optional<Row> r = tx.get(oldKey);
                old[0] = r.map(Row::values).orElseThrow(() -> new SqlError("tonbo: row to update vanished from " + table));
            }
            return old[0][col];
        });
        Row row = Row.of(schema, values);
        Object[] newKey = row.key();
        if (autoKeys != null && newKey[0] != null) {
            givenMax = Math.max(givenMax, ((Number) newKey[0]).longValue());
        }
        if (!Arrays.deepEquals(oldKey, newKey)) {
            if (kind != Protocol.W_UPDATE_REPLACE && tx.containsKey(newKey)) {
                if (kind == Protocol.W_UPDATE_IGNORE) {
                    return;
                }
                throw duplicate();
            }
            tx.delete(oldKey);
        }
        tx.insert(row);
    }

    private SqlError duplicate() {
        StringBuilder sb = new StringBuilder("UNIQUE constraint failed: ");
        for (int k = 0; k < keyIndexes.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(table).append('.').append(schema.column(keyIndexes[k]).name());
        }
        return new SqlError(Protocol.SQLITE_CONSTRAINT_PRIMARYKEY, sb.toString());
    }

    private Object[] readKey(FrameIn in) {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < key.length; k++) {
            Object v = readers[keyIndexes[k]].read(in);
            if (v == FrameIn.NOCHANGE) {
                throw new ProtocolException("unchanged value in a key");
            }
            key[k] = v;
        }
        return key;
    }

    /** Reads the new row of an UPDATE; an unchanged column is taken from {@code unchanged}. */
    private Object[] readRow(FrameIn in, java.util.function.IntFunction<Object> unchanged) {
        Object[] values = new Object[schema.columnCount()];
        for (int c = 0; c < values.length; c++) {
            Object v = readers[c].read(in);
            if (v == FrameIn.NOCHANGE) {
                v = unchanged.apply(c);
            }
            values[c] = v;
        }
        return values;
    }
}
