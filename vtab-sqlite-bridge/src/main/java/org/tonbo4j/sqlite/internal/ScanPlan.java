package org.tonbo4j.sqlite.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;

/**
 * Turns the constraints of a SCAN request into the cheapest read: point gets when every key
 * column is fixed by = or IN, else a key range from = on leading key columns and a range on the
 * next one. Every constraint is also kept as a row filter (bounds only narrow what is read), so
 * results are exactly SQLite's. Immutable once built.
 */
final class ScanPlan {
    /** Most point keys an IN product may expand to before falling back to a range scan. */
    private static final int MAX_POINT_KEYS = 100_000;

    final List<Constraint> filters;
    /** Full keys to get, in scan order; null for a range scan. */
    final List<Object[]> pointKeys;
    /** The columns to read (the shipped and the filtered ones; key columns come anyway). */
    final List<String> columns;
    /** The range scan (bounds, columns, order) when {@link #pointKeys} is null. */
    final Scan scan;
    final boolean reverse;

    ScanPlan(Schema schema, List<Constraint> constraints, long colMask, boolean reverse) {
        this.filters = constraints;
        this.reverse = reverse;
        int nk = schema.keyColumnCount();
        this.columns = columns(schema, constraints, colMask);
        List<List<Object>> fixed = new ArrayList<>();
        for (int k = 0; k < nk; k++) {
            List<Object> vals = fixedValues(schema, schema.keyIndex(k), constraints);
            if (vals == null) {
                break;
            }
            fixed.add(vals);
        }
        List<Object[]> points = fixed.size() == nk ? product(fixed) : null;
        if (points != null) {
            Comparator<Object[]> byKey = ScanPlan::compareKeys;
            points.sort(reverse ? byKey.reversed() : byKey);
            this.pointKeys = dedupe(points);
            this.scan = null;
            return;
        }
        this.pointKeys = null;
        List<Object> prefix = new ArrayList<>();
        for (List<Object> f : fixed) {
            if (f.size() != 1) {
                break;
            }
            prefix.add(f.get(0));
        }
        Scan.Builder b = Scan.builder().reverse(reverse).columns(columns)
                .where(predicates(schema, withoutBounds(schema, constraints, prefix.size()))
                        .toArray(new org.tonbo4j.Predicate[0]));
        Object[] lo = null;
        Object[] hi = null;
        boolean loInc = true;
        boolean hiInc = true;
        if (prefix.size() < nk) {
            int col = schema.keyIndex(prefix.size());
            ColumnType type = schema.column(col).type();
            for (Constraint c : constraints) {
                if (c.column() != col) {
                    continue;
                }
                Object v = exactKey(type, c.value());
                if (v == null) {
                    continue;
                }
                boolean lower = c.op() == Protocol.OP_GT || c.op() == Protocol.OP_GE;
                boolean upper = c.op() == Protocol.OP_LT || c.op() == Protocol.OP_LE;
                if (lower && (lo == null || compareValue(v, lo[lo.length - 1]) > 0)) {
                    lo = append(prefix, v);
                    loInc = c.op() == Protocol.OP_GE;
                } else if (upper && (hi == null || compareValue(v, hi[hi.length - 1]) < 0)) {
                    hi = append(prefix, v);
                    hiInc = c.op() == Protocol.OP_LE;
                }
            }
        }
        if (lo == null && !prefix.isEmpty()) {
            lo = prefix.toArray();
        }
        if (hi == null && !prefix.isEmpty()) {
            hi = prefix.toArray();
        }
        if (lo != null) {
            if (loInc) {
                b.from(lo);
            } else {
                b.fromExclusive(lo);
            }
        }
        if (hi != null) {
            if (hiInc) {
                b.to(hi);
            } else {
                b.toExclusive(hi);
            }
        }
        this.scan = b.build();
    }

    /**
     * The constraints left once the key bounds are taken out: an exact = on one of the first
     * {@code fixedKeys} key columns, or an exact comparison on the key column after them, is
     * implied by the scan's bounds or merely weaker than them (dropping one only widens what the
     * engine returns). Handing those to
     * the engine as well would make it judge every page by them again and read the row group's
     * keys apart from its values. {@link Cursor} still tests every constraint on every row.
     */
    static List<Constraint> withoutBounds(Schema schema, List<Constraint> constraints, int fixedKeys) {
        List<Constraint> out = new ArrayList<>();
        int nk = schema.keyColumnCount();
        for (Constraint c : constraints) {
            boolean implied = false;
            for (int k = 0; k <= fixedKeys && k < nk && !implied; k++) {
                if (c.column() != schema.keyIndex(k)
                        || exactKey(schema.column(c.column()).type(), c.value()) == null) {
                    continue;
                }
                int op = c.op();
                implied = k < fixedKeys ? op == Protocol.OP_EQ
                        : op == Protocol.OP_GT || op == Protocol.OP_GE || op == Protocol.OP_LT || op == Protocol.OP_LE;
            }
            if (!implied) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The constraints the engine can test itself, so that it skips Parquet row groups and pages
     * by their statistics and never builds the rows that fail: comparisons whose operand has an
     * exact value of the column's type (integers, doubles, text), and IS [NOT] NULL. The others
     * (an integer column against 2.5, say) are left out, which only makes the scan return more
     * rows; {@link Cursor} tests every constraint on every row either way.
     */
    static List<org.tonbo4j.Predicate> predicates(Schema schema, List<Constraint> constraints) {
        List<org.tonbo4j.Predicate> out = new ArrayList<>();
        for (Constraint c : constraints) {
            String name = schema.column(c.column()).name();
            if (c.op() == Protocol.OP_ISNULL) {
                out.add(org.tonbo4j.Predicate.isNull(name));
                continue;
            }
            if (c.op() == Protocol.OP_ISNOTNULL) {
                out.add(org.tonbo4j.Predicate.isNotNull(name));
                continue;
            }
            Object v = exactValue(schema.column(c.column()).type(), c.value());
            if (v == null) {
                continue;
            }
            switch (c.op()) {
                case Protocol.OP_EQ: out.add(org.tonbo4j.Predicate.eq(name, v)); break;
                case Protocol.OP_LT: out.add(org.tonbo4j.Predicate.lt(name, v)); break;
                case Protocol.OP_LE: out.add(org.tonbo4j.Predicate.le(name, v)); break;
                case Protocol.OP_GT: out.add(org.tonbo4j.Predicate.gt(name, v)); break;
                case Protocol.OP_GE: out.add(org.tonbo4j.Predicate.ge(name, v)); break;
                default: break; // IN, !=, LIKE, ...: left to the row filter
            }
        }
        return out;
    }

    /** As {@link #exactKey}, and doubles for REAL columns; null when there is no exact value. */
    private static Object exactValue(ColumnType type, Object v) {
        if (type.kind() == ColumnType.Kind.FLOAT64) {
            if (v instanceof Double) {
                return v;
            }
            if (v instanceof Long && Math.abs((Long) v) < (1L << 53)) {
                return (double) (Long) v;
            }
            return null;
        }
        return type.kind() == ColumnType.Kind.BINARY ? null : exactKey(type, v);
    }

    /** The columns to read: the shipped ones and the filtered ones (key columns come anyway). */
    private static List<String> columns(Schema schema, List<Constraint> constraints, long colMask) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.columnCount(); i++) {
            boolean wanted = (colMask & (1L << Math.min(i, 63))) != 0;
            for (Constraint c : constraints) {
                wanted |= c.column() == i;
            }
            if (wanted) {
                names.add(schema.column(i).name());
            }
        }
        return names;
    }

    private static Object[] append(List<Object> prefix, Object v) {
        Object[] a = prefix.toArray(new Object[prefix.size() + 1]);
        a[prefix.size()] = v;
        return a;
    }

    /** The exact engine values an = or IN constraint fixes a key column to; null if none does. */
    private static List<Object> fixedValues(Schema schema, int col, List<Constraint> constraints) {
        ColumnType type = schema.column(col).type();
        for (Constraint c : constraints) {
            if (c.column() != col) {
                continue;
            }
            if (c.op() == Protocol.OP_EQ) {
                Object v = exactKey(type, c.value());
                if (v != null || c.value() == null || keyable(type)) {
                    List<Object> one = new ArrayList<>();
                    if (v != null) {
                        one.add(v);
                    }
                    return one;
                }
            } else if (c.op() == Protocol.OP_IN && keyable(type)) {
                List<Object> vals = new ArrayList<>();
                for (Object x : c.values()) {
                    Object v = exactKey(type, x);
                    if (v != null) {
                        vals.add(v);
                    }
                }
                return vals;
            }
        }
        return null;
    }

    private static boolean keyable(ColumnType type) {
        switch (type.kind()) {
            case INT8: case INT16: case INT32: case INT64: case STRING: case BINARY: return true;
            default: return false;
        }
    }

    /**
     * The engine key value equal to a SQLite operand, or null when none is (a fraction for an
     * integer key, text for a number, a type whose SQLite order differs from the engine's).
     */
    static Object exactKey(ColumnType type, Object v) {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case INT8: case INT16: case INT32: case INT64: {
                long l;
                if (v instanceof Long) {
                    l = (Long) v;
                } else if (v instanceof Double && (Double) v == Math.rint((Double) v) && Math.abs((Double) v) < 0x1p62) {
                    l = (long) (double) (Double) v;
                } else {
                    return null;
                }
                switch (type.kind()) {
                    case INT8: return l == (byte) l ? (Object) (byte) l : null;
                    case INT16: return l == (short) l ? (Object) (short) l : null;
                    case INT32: return l == (int) l ? (Object) (int) l : null;
                    default: return l;
                }
            }
            case STRING: return v instanceof String ? v : null;
            case BINARY: return v instanceof byte[] ? v : null;
            default: return null;
        }
    }

    private static List<Object[]> product(List<List<Object>> fixed) {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[0]);
        for (List<Object> vals : fixed) {
            List<Object[]> next = new ArrayList<>();
            for (Object[] p : out) {
                for (Object v : vals) {
                    Object[] k = java.util.Arrays.copyOf(p, p.length + 1);
                    k[p.length] = v;
                    next.add(k);
                }
            }
            if (next.size() > MAX_POINT_KEYS) {
                return null;
            }
            out = next;
        }
        return out;
    }

    private static List<Object[]> dedupe(List<Object[]> sorted) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] k : sorted) {
            if (out.isEmpty() || compareKeys(out.get(out.size() - 1), k) != 0) {
                out.add(k);
            }
        }
        return out;
    }

    private static int compareKeys(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compareValue(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Orders engine key values of the keyable types as the engine does. */
    private static int compareValue(Object a, Object b) {
        if (a instanceof Number) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a instanceof String) {
            return SqlValues.compareUtf8((String) a, (String) b);
        }
        return java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }
}
