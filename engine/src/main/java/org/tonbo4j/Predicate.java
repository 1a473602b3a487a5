package org.tonbo4j;

import java.util.Objects;

/**
 * A condition on one column of a row, for {@link Scan.Builder#where}: a comparison with a
 * constant ({@code =}, {@code <}, {@code <=}, {@code >}, {@code >=}), {@code IS NULL} or
 * {@code IS NOT NULL}. Comparisons follow SQL: a null value satisfies none of them. Values
 * compare in the engine's key order (see {@link Schema}): numbers by value, strings by code point,
 * binaries by unsigned bytes, false before true, dates and timestamps chronologically; a float
 * NaN is larger than every other number and equal to itself.
 *
 * <p>The value must be of the column's Java class (see {@link ColumnType}; integral numbers are
 * widened or narrowed to the column's width when they fit). The scan checks this when it starts.
 * Immutable.
 */
public final class Predicate {
    /** The comparison a predicate makes. */
    public enum Op {
        EQ("="), LT("<"), LE("<="), GT(">"), GE(">="), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

        private final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    private final String column;
    private final Op op;
    private final Object value;

    private Predicate(String column, Op op, Object value) {
        this.column = Objects.requireNonNull(column, "column");
        this.op = op;
        if (op != Op.IS_NULL && op != Op.IS_NOT_NULL) {
            Objects.requireNonNull(value, "the value of a comparison (use isNull for IS NULL)");
        }
        this.value = value;
    }

    public static Predicate eq(String column, Object value) {
        return new Predicate(column, Op.EQ, value);
    }

    public static Predicate lt(String column, Object value) {
        return new Predicate(column, Op.LT, value);
    }

    public static Predicate le(String column, Object value) {
        return new Predicate(column, Op.LE, value);
    }

    public static Predicate gt(String column, Object value) {
        return new Predicate(column, Op.GT, value);
    }

    public static Predicate ge(String column, Object value) {
        return new Predicate(column, Op.GE, value);
    }

    public static Predicate isNull(String column) {
        return new Predicate(column, Op.IS_NULL, null);
    }

    public static Predicate isNotNull(String column) {
        return new Predicate(column, Op.IS_NOT_NULL, null);
    }

    public String column() {
        return column;
    }

    public Op op() {
        return op;
    }

    /** The constant compared with, or null for IS [NOT] NULL. */
    public Object value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Predicate && ((Predicate) o).column.equals(column) && ((Predicate) o).op == op
                && Objects.deepEquals(((Predicate) o).value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, op);
    }

    @Override
    public String toString() {
        return column + " " + op.sql + (value == null ? "" : " " + value);
    }
}
