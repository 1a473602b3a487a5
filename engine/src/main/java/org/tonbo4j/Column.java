package org.tonbo4j;

import java.util.Objects;

/** A named, typed column of a {@link Schema}. Immutable. */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final boolean nullable;
    private final Object defaultValue;

    private Column(String name, ColumnType type, boolean nullable) {
        this(name, type, nullable, null);
    }

    private Column(String name, ColumnType type, boolean nullable, Object defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name must not be empty");
        }
        if (name.startsWith("_tonbo_")) {
            throw new IllegalArgumentException("column names starting with _tonbo_ are reserved: " + name);
        }
    }

    /** A column that may hold nulls. */
    public static Column nullable(String name, ColumnType type) {
        return new Column(name, type, true);
    }

    /** A column that never holds nulls. */
    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    public static Column of(String name, ColumnType type, boolean nullable) {
        return new Column(name, type, nullable);
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    /**
     * This column with a constant default: the value that rows written before the column was
     * added to the table (see {@link Table#addColumn}) read as. Rows written after it carry
     * their own value; the engine never fills in defaults for new writes. A null default means
     * "none" (such rows read as null, so the column must be nullable).
     *
     * @throws IllegalArgumentException if the value does not fit the column's type
     */
    public Column withDefault(Object value) {
        Object v = value == null ? null : org.tonbo4j.internal.ValueNormalizer.normalize(this, value);
        return new Column(name, type, nullable, v);
    }

    /** The constant default (see {@link #withDefault}), or null if there is none. */
    public Object defaultValue() {
        return defaultValue instanceof byte[] ? ((byte[]) defaultValue).clone() : defaultValue;
    }

    /** This column without a default. */
    public Column withoutDefault() {
        return defaultValue == null ? this : new Column(name, type, nullable, null);
    }

    /** A NOT NULL copy (for key columns), keeping the default. */
    Column asRequired() {
        return nullable ? new Column(name, type, false, defaultValue) : this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column c = (Column) o;
        return c.name.equals(name) && c.type.equals(type) && c.nullable == nullable
                && java.util.Objects.deepEquals(c.defaultValue, defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable);
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " NOT NULL")
                + (defaultValue == null ? "" : " DEFAULT " + org.tonbo4j.internal.SchemaCodec.literal(type, defaultValue));
    }
}
