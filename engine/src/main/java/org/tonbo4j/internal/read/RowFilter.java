package org.tonbo4j.internal.read;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Predicate;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.ValueNormalizer;

/**
 * A scan's column conditions compiled against a schema: column indexes and normalized values,
 * with the comparison of the engine's value order ({@link Predicate}). {@link #test} decides
 * whether a row is returned; the SST reader uses {@link #terms} to skip row groups and pages.
 * Immutable and thread-safe.
 */
public final class RowFilter {
    /** One condition: column index, comparison, normalized value (null for the null tests). */
    public record Term(int column, Predicate.Op op, Object value) {
    }

    private final Term[] terms;
    private final ColumnType[] types;

    private RowFilter(Term[] terms, ColumnType[] types) {
        this.terms = terms;
        this.types = types;
    }

    /**
     * Compiles the predicates; null when there are none.
     *
     * @throws IllegalArgumentException naming the predicate if its column is unknown or its value
     *         does not fit the column
     */
    public static RowFilter compile(Schema schema, List<Predicate> predicates) {
        if (predicates.isEmpty()) {
            return null;
        }
        List<Term> terms = new ArrayList<>();
        ColumnType[] types = new ColumnType[schema.columnCount()];
        for (Predicate p : predicates) {
            int c = schema.requireIndex(p.column());
            Column col = schema.column(c);
            types[c] = col.type();
            Object v = null;
            if (p.value() != null) {
                try {
                    v = ValueNormalizer.normalize(col, p.value());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad predicate " + p + ": " + e.getMessage(), e);
                }
            }
            terms.add(new Term(c, p.op(), v));
        }
        return new RowFilter(terms.toArray(new Term[0]), types);
    }

    public List<Term> terms() {
        return List.of(terms);
    }

    /** Marks the columns the conditions read. */
    public void addColumns(boolean[] columns) {
        for (Term t : terms) {
            columns[t.column()] = true;
        }
    }

    /** Whether a row (values in schema order) satisfies every condition. */
    public boolean test(Object[] values) {
        for (Term t : terms) {
            if (!test(t, values[t.column()], types[t.column()])) {
                return false;
            }
        }
        return true;
    }

    /** Whether one value satisfies one condition. */
    public static boolean test(Term t, Object v, ColumnType type) {
        switch (t.op()) {
            case IS_NULL:
                return v == null;
            case IS_NOT_NULL:
                return v != null;
            default:
                if (v == null) {
                    return false;
                }
                int c = compare(type, v, t.value());
                switch (t.op()) {
                    case EQ: return c == 0;
                    case LT: return c < 0;
                    case LE: return c <= 0;
                    case GT: return c > 0;
                    case GE: return c >= 0;
                    default: throw new AssertionError(t.op());
                }
        }
    }

    /** The engine's order of two non-null values of one type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(ColumnType type, Object a, Object b) {
        switch (type.kind()) {
            case STRING:
                return compareCodePoints((String) a, (String) b);
            case BINARY:
                return java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case FLOAT32:
                return Float.compare((Float) a, (Float) b) == 0 || ((Float) a == 0f && (Float) b == 0f) ? 0
                        : Float.compare((Float) a, (Float) b);
            case FLOAT64:
                return Double.compare((Double) a, (Double) b) == 0 || ((Double) a == 0d && (Double) b == 0d) ? 0
                        : Double.compare((Double) a, (Double) b);
            default:
                return ((Comparable) a).compareTo(b);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    @Override
    public String toString() {
        return java.util.Arrays.toString(terms);
    }
}
