package org.tonbo4j;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a scan reads: key bounds, column conditions, columns, order and limit. Immutable; build
 * with {@link #builder()} or take {@link #all()}.
 *
 * <p>A bound is a key or a key prefix (the first n key columns): {@code from(5)} on a key
 * {@code (a, b)} starts at the first row with {@code a >= 5}; {@code toExclusive(5)} stops
 * before the first row with {@code a = 5}; {@code to(5)} includes every row with {@code a = 5}.
 */
public final class Scan {
    private static final Scan ALL = new Builder().build();

    private final Object[] from;
    private final boolean fromInclusive;
    private final Object[] to;
    private final boolean toInclusive;
    private final List<String> columns;
    private final long limit;
    private final boolean reverse;
    private final List<Predicate> where;

    private Scan(Builder b) {
        this.where = List.copyOf(b.where);
        this.from = b.from;
        this.fromInclusive = b.fromInclusive;
        this.to = b.to;
        this.toInclusive = b.toInclusive;
        this.columns = b.columns;
        this.limit = b.limit;
        this.reverse = b.reverse;
    }

    /** The conditions every returned row satisfies (all of them), possibly empty. */
    public List<Predicate> where() {
        return where;
    }

    /** Every row, every column, in key order. */
    public static Scan all() {
        return ALL;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The lower bound (a key or key prefix), or null for none. */
    public Object[] from() {
        return from == null ? null : from.clone();
    }

    public boolean fromInclusive() {
        return fromInclusive;
    }

    /** The upper bound (a key or key prefix), or null for none. */
    public Object[] to() {
        return to == null ? null : to.clone();
    }

    public boolean toInclusive() {
        return toInclusive;
    }

    /** The requested columns, or null for all. Key columns are always read. */
    public List<String> columns() {
        return columns;
    }

    /** The maximum number of rows, or {@link Long#MAX_VALUE}. */
    public long limit() {
        return limit;
    }

    /** Whether rows come in descending key order. */
    public boolean reverse() {
        return reverse;
    }

    @Override
    public String toString() {
        return "Scan{from=" + Arrays.toString(from) + (fromInclusive ? "[incl]" : "[excl]") + ", to=" + Arrays.toString(to)
                + (toInclusive ? "[incl]" : "[excl]") + ", columns=" + columns + ", where=" + where + ", limit=" + limit + ", reverse=" + reverse + "}";
    }

    /** Builds a {@link Scan}. Not thread-safe. */
    public static final class Builder {
        private Object[] from;
        private boolean fromInclusive = true;
        private Object[] to;
        private boolean toInclusive = true;
        private List<String> columns;
        private long limit = Long.MAX_VALUE;
        private boolean reverse;
        private final java.util.List<Predicate> where = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * Only rows that satisfy these conditions (and every condition given before): a filter,
         * not a hint, so every row returned satisfies them, and {@link #limit} counts those rows.
         * The engine uses them to skip Parquet row groups and pages whose statistics (min, max,
         * null count) show that no row there can match, without reading their columns. A
         * condition may name a column that the scan does not return ({@link #columns}).
         */
        public Builder where(Predicate... predicates) {
            for (Predicate p : predicates) {
                where.add(Objects.requireNonNull(p, "predicate"));
            }
            return this;
        }

        private static Object[] bound(Object[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length == 0) {
                throw new IllegalArgumentException("a bound needs at least one key value");
            }
            for (Object o : key) {
                Objects.requireNonNull(o, "key values must not be null");
            }
            return key.clone();
        }

        /** Rows whose key (prefix) is at or after {@code key}. */
        public Builder from(Object... key) {
            this.from = bound(key);
            this.fromInclusive = true;
            return this;
        }

        /** Rows whose key (prefix) is after {@code key}. */
        public Builder fromExclusive(Object... key) {
            this.from = bound(key);
            this.fromInclusive = false;
            return this;
        }

        /** Rows whose key (prefix) is at or before {@code key}. */
        public Builder to(Object... key) {
            this.to = bound(key);
            this.toInclusive = true;
            return this;
        }

        /** Rows whose key (prefix) is before {@code key}. */
        public Builder toExclusive(Object... key) {
            this.to = bound(key);
            this.toInclusive = false;
            return this;
        }

        /** Reads only these columns (plus the key columns); the others come back null. */
        public Builder columns(String... names) {
            this.columns = List.of(names);
            return this;
        }

        public Builder columns(List<String> names) {
            this.columns = List.copyOf(names);
            return this;
        }

        /** At most {@code n} rows (n &gt;= 0). */
        public Builder limit(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("limit must be >= 0, got " + n);
            }
            this.limit = n;
            return this;
        }

        /** Descending key order. */
        public Builder reverse(boolean reverse) {
            this.reverse = reverse;
            return this;
        }

        public Scan build() {
            return new Scan(this);
        }
    }
}
