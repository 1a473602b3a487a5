package org.tonbo4j;

import java.util.Objects;

/** A named, typed column of a {@link Schema}. Immutable. */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final boolean nullable;

    private Column(String name, ColumnType type, boolean nullable) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.nullable = nullable;
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

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column c = (Column) o;
        return c.name.equals(name) && c.type.equals(type) && c.nullable == nullable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable);
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? "" : " NOT NULL");
    }
}
