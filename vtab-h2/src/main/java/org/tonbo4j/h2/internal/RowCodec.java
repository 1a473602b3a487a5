package org.tonbo4j.h2.internal;

import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.result.SearchRow;
import org.h2.value.Value;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;

/**
 * Converts rows and keys between H2 and the engine for one table: H2 column i is engine column
 * {@code engineIndex[i]} (the same name; the orders differ once a column was added to a table with
 * a hidden row id, which stays where it was); the key is the primary-key columns, or the hidden
 * row id (H2's row key) when {@code keyColumns} is null. Immutable and thread-safe.
 */
final class RowCodec {
    private final org.h2.table.Table table;
    private final ColumnType[] types;
    private final int[] h2Types;
    /** H2 column ids of the key, or null for the hidden row id. */
    private final int[] keyColumns;
    private final Schema schema;
    private final int[] engineIndex;
    /** Engine index of the hidden row id, or -1. */
    private final int rowIdIndex;
    /** Engine index of a one-column primary key of an integer type, H2's row key (_ROWID_), or -1. */
    private final int integerKeyIndex;

    RowCodec(org.h2.table.Table table, ColumnType[] types, int[] h2Types, int[] keyColumns, Schema schema) {
        this.table = table;
        this.types = types;
        this.h2Types = h2Types;
        this.keyColumns = keyColumns;
        this.schema = schema;
        org.h2.table.Column[] cols = table.getColumns();
        this.engineIndex = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            engineIndex[i] = schema.requireIndex(cols[i].getName());
        }
        this.rowIdIndex = keyColumns == null ? schema.requireIndex(H2Table.ROW_ID) : -1;
        this.integerKeyIndex = keyColumns != null && keyColumns.length == 1 && TypeMapping.isIntegerType(h2Types[keyColumns[0]])
                ? engineIndex[keyColumns[0]] : -1;
    }

    Schema schema() {
        return schema;
    }

    boolean hiddenKey() {
        return keyColumns == null;
    }

    /** Number of engine key columns. */
    int keyLength() {
        return keyColumns == null ? 1 : keyColumns.length;
    }

    /** A per-cursor cache for {@link #toH2Row(Row, ValueCache)}. */
    ValueCache newValueCache() {
        return new ValueCache(h2Types);
    }

    org.h2.result.Row toH2Row(Row r, ValueCache cache) {
        int n = types.length;
        Value[] vals = new Value[n];
        for (int i = 0; i < n; i++) {
            Object o = r.get(engineIndex[i]);
            vals[i] = o == null ? org.h2.value.ValueNull.INSTANCE : cache.get(i, o);
        }
        return finish(r, vals);
    }

    org.h2.result.Row toH2Row(Row r) {
        int n = types.length;
        Value[] vals = new Value[n];
        for (int i = 0; i < n; i++) {
            vals[i] = TypeMapping.toH2(r.get(engineIndex[i]), h2Types[i]);
        }
        return finish(r, vals);
    }

    private org.h2.result.Row finish(Row r, Value[] vals) {
        org.h2.result.Row row = table.createRow(vals, SearchRow.MEMORY_CALCULATE);
        if (keyColumns == null) {
            row.setKey((Long) r.get(rowIdIndex));
        } else if (integerKeyIndex >= 0) {
            Object k = r.get(integerKeyIndex);
            if (k != null) { // null when a projection left the key out
                row.setKey(((Number) k).longValue());
            }
        }
        return row;
    }

    Row toEngineRow(SessionLocal session, org.h2.result.Row row, long rowId) {
        int n = types.length;
        Object[] v = new Object[schema.columnCount()];
        if (schema.columnCount() > n + (keyColumns == null ? 1 : 0)) {
            // columns of the files that H2 does not declare (an ADD COLUMN that H2's catalog lost
            // in a crash): their default, as for rows stored before they were added
            for (int c = 0; c < v.length; c++) {
                v[c] = schema.column(c).defaultValue();
            }
        }
        for (int i = 0; i < n; i++) {
            v[engineIndex[i]] = TypeMapping.toEngine(row.getValue(i), types[i], session);
        }
        if (keyColumns == null) {
            v[rowIdIndex] = rowId;
        }
        return Row.of(schema, v);
    }

    /** Number of H2 columns. */
    int columnCount() {
        return types.length;
    }

    /** The engine value of H2 column {@code column}'s value. */
    Object toEngineValue(SessionLocal session, int column, Value v) {
        return TypeMapping.toEngine(v, types[column], session);
    }

    /** The engine default of H2 column {@code column} (null without one). */
    Object engineDefault(int column) {
        return schema.column(engineIndex[column]).defaultValue();
    }

    /**
     * An engine row from engine values by H2 column of a table with a primary key; columns past
     * the end of {@code byColumn} (added to the table since the values were taken) get their
     * default.
     */
    Row toEngineRow(Object[] byColumn) {
        Object[] v = new Object[schema.columnCount()];
        for (int i = 0; i < types.length; i++) {
            v[engineIndex[i]] = i < byColumn.length ? byColumn[i] : engineDefault(i);
        }
        return Row.of(schema, v);
    }

    /** The key of engine values by H2 column (see {@link #toEngineRow(Object[])}). */
    Object[] keyOf(Object[] byColumn) {
        Object[] key = new Object[keyColumns.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = byColumn[keyColumns[i]];
        }
        return key;
    }

    Object[] keyOf(SessionLocal session, org.h2.result.Row row) {
        if (keyColumns == null) {
            return new Object[] {row.getKey()};
        }
        Object[] key = new Object[keyColumns.length];
        for (int i = 0; i < key.length; i++) {
            int c = keyColumns[i];
            key[i] = TypeMapping.toEngine(row.getValue(c), types[c], session);
        }
        return key;
    }

    /**
     * The leading key values bounded in {@code row}, or null if the first is unbounded. With
     * {@code exactStrings} false, strings with characters from U+D800 up end the prefix (they
     * order differently in H2 and the engine); true is for an equality on the whole key, which
     * does not depend on the order.
     */
    Object[] keyPrefix(SessionLocal session, SearchRow row, boolean exactStrings) {
        if (row == null || keyColumns == null) {
            return null;
        }
        List<Object> prefix = new ArrayList<>(keyColumns.length);
        for (int c : keyColumns) {
            if (types[c].kind() == ColumnType.Kind.STRING && !stringsInCodePointOrder()) {
                break; // a collation orders strings otherwise: scan wider, H2 checks the condition
            }
            Value v = row.getValue(c);
            if (v == null || v == org.h2.value.ValueNull.INSTANCE) {
                break;
            }
            ColumnRange.Placed placed = ColumnRange.place(v, table.getColumn(c), types[c], session);
            if (!placed.inside()) {
                break; // e.g. an INT key compared with 1e20: scan wider, H2 re-checks the condition
            }
            Object o = placed.value();
            if (!exactStrings && o instanceof String && !belowSurrogates((String) o)) {
                // H2 orders strings by UTF-16 units, the engine by code points: a range bound
                // with characters from U+D800 up could cut differently; scan wider instead
                break;
            }
            if (h2Types[c] == Value.CHAR && o instanceof String) {
                o = padded((String) o, table.getColumn(c).getType().getPrecision());
            }
            prefix.add(o);
        }
        return prefix.isEmpty() ? null : prefix.toArray();
    }

    /**
     * A bound on a CHAR(n) key as the key is stored: H2 keeps CHAR values padded with spaces to
     * n characters (a converted literal is not padded), and compares them so that 'a' equals
     * 'a  '. Longer bounds are cut to n characters, which never narrows a range over values of
     * length n; H2 re-checks the condition on every row returned.
     */
    static String padded(String s, long length) {
        if (length <= 0 || length > 1_000_000) {
            return s;
        }
        int n = (int) length;
        if (s.length() >= n) {
            return s.substring(0, n);
        }
        StringBuilder b = new StringBuilder(n).append(s);
        while (b.length() < n) {
            b.append(' ');
        }
        return b.toString();
    }

    /**
     * Conditions on columns for the engine to prune Parquet row groups and pages by: the bounds H2
     * gives the scan index ({@code first} for {@code >=}, {@code last} for {@code <=}), for the
     * columns whose H2 order the engine's order matches. A bound that does not convert exactly, or
     * lies outside the column's range ({@link ColumnRange}), is left out, so the result is never
     * narrower than the WHERE clause (H2 re-checks every row: {@code Select.isConditionMet},
     * {@code FilteredDataChangeStatement.nextRow} evaluate the whole condition).
     */
    List<org.tonbo4j.Predicate> predicates(SessionLocal session, SearchRow first, SearchRow last) {
        List<org.tonbo4j.Predicate> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            if (!prunable(i)) {
                continue;
            }
            Object lo = bound(session, first, i);
            Object hi = bound(session, last, i);
            String name = schema.column(engineIndex[i]).name();
            if (lo != null && lo.equals(hi)) {
                out.add(org.tonbo4j.Predicate.eq(name, lo));
                continue;
            }
            if (lo != null) {
                out.add(org.tonbo4j.Predicate.ge(name, lo));
            }
            if (hi != null) {
                out.add(org.tonbo4j.Predicate.le(name, hi));
            }
        }
        return out;
    }

    private boolean prunable(int i) {
        switch (types[i].kind()) {
            case BINARY:
                return false;
            case STRING:
                return h2Types[i] == Value.VARCHAR && stringsInCodePointOrder(); // CHAR compares padded
            default:
                return true;
        }
    }

    /**
     * Whether H2 compares strings as the engine does (by code point): only without a database
     * collation ({@code SET COLLATION}), under which 'abc' may equal 'ABC' or sort before 'B'.
     */
    private boolean stringsInCodePointOrder() {
        return org.h2.value.CompareMode.OFF.equals(table.getDatabase().getCompareMode().getName());
    }

    private Object bound(SessionLocal session, SearchRow row, int i) {
        if (row == null) {
            return null;
        }
        Value v = row.getValue(i);
        if (v == null || v == org.h2.value.ValueNull.INSTANCE) {
            return null;
        }
        ColumnRange.Placed placed = ColumnRange.place(v, table.getColumn(i), types[i], session);
        if (!placed.inside()) {
            return null; // outside the column's range: the bound cuts nothing (see excludesEveryRow)
        }
        Object o = placed.value();
        if (o instanceof String && !belowSurrogates((String) o)) {
            return null; // H2 orders strings by UTF-16 units, the engine by code points: they differ past U+D800
        }
        return o;
    }

    /**
     * Whether the bounds H2 hands an index rule out every row: a lower bound ({@code first},
     * for {@code >=}) above every value its column can hold, or an upper bound ({@code last},
     * for {@code <=}) below them, such as {@code price > 1000} on a DECIMAL(5,2). H2's bounds
     * are per column and all must hold, so one such bound decides. A bound on the other side
     * ({@code price < 1000}) cuts nothing and is left out of the engine's scan by
     * {@link #keyPrefix} and {@link #predicates}.
     */
    boolean excludesEveryRow(SessionLocal session, SearchRow first, SearchRow last) {
        for (int i = 0; i < types.length; i++) {
            if (beyond(session, first, i, ColumnRange.Position.ABOVE)
                    || beyond(session, last, i, ColumnRange.Position.BELOW)) {
                return true;
            }
        }
        return false;
    }

    private boolean beyond(SessionLocal session, SearchRow row, int i, ColumnRange.Position side) {
        Value v = row == null ? null : row.getValue(i);
        if (v == null || v == org.h2.value.ValueNull.INSTANCE) {
            return false;
        }
        return ColumnRange.place(v, table.getColumn(i), types[i], session).position() == side;
    }

    private static boolean belowSurrogates(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) >= '\uD800') {
                return false;
            }
        }
        return true;
    }

    boolean isNullBound(SearchRow row) {
        if (row == null || keyColumns == null) {
            return false;
        }
        Value v = row.getValue(keyColumns[0]);
        return v == org.h2.value.ValueNull.INSTANCE;
    }
}
