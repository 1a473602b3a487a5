package org.tonbo4j;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A row of a dynamic table: one value per schema column, in schema order. Immutable once
 * built (byte arrays are not copied: do not change them after handing them over).
 *
 * <p>Values use the Java classes listed in {@link ColumnType}. A row returned by a projected
 * scan holds null in the columns that were not requested.
 */
public final class Row {
    private final Schema schema;
    private final Object[] values;

    private Row(Schema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /** A row from values in schema order; checks count and value classes (not nullability). */
    public static Row of(Schema schema, Object... values) {
        Objects.requireNonNull(schema, "schema");
        if (values.length != schema.columnCount()) {
            throw new IllegalArgumentException("expected " + schema.columnCount() + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            Class<?> want = schema.javaClass(i);
            if (v != null && !want.isInstance(v)) {
                throw new IllegalArgumentException("column " + schema.column(i).name() + " wants " + want.getSimpleName()
                        + ", got " + v.getClass().getSimpleName() + " (" + v + ")");
            }
        }
        return new Row(schema, values.clone());
    }

    /** Wraps values without copying or checking; for the engine's own use. */
    static Row wrap(Schema schema, Object[] values) {
        return new Row(schema, values);
    }

    /** Starts a row whose columns are all null. */
    public static Builder builder(Schema schema) {
        return new Builder(schema);
    }

    public Schema schema() {
        return schema;
    }

    public Object get(int index) {
        return values[index];
    }

    public Object get(String column) {
        return values[schema.requireIndex(column)];
    }

    public boolean isNull(String column) {
        return get(column) == null;
    }

    public Boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    public Byte getByte(String column) {
        return (Byte) get(column);
    }

    public Short getShort(String column) {
        return (Short) get(column);
    }

    public Integer getInt(String column) {
        return (Integer) get(column);
    }

    public Long getLong(String column) {
        return (Long) get(column);
    }

    public Float getFloat(String column) {
        return (Float) get(column);
    }

    public Double getDouble(String column) {
        return (Double) get(column);
    }

    public String getString(String column) {
        return (String) get(column);
    }

    public byte[] getBytes(String column) {
        return (byte[]) get(column);
    }

    public LocalDate getDate(String column) {
        return (LocalDate) get(column);
    }

    public LocalDateTime getTimestamp(String column) {
        return (LocalDateTime) get(column);
    }

    public Instant getInstant(String column) {
        return (Instant) get(column);
    }

    public BigDecimal getDecimal(String column) {
        return (BigDecimal) get(column);
    }

    /** The primary key values, in key order. */
    public Object[] key() {
        Object[] k = new Object[schema.keyColumnCount()];
        for (int i = 0; i < k.length; i++) {
            k[i] = values[schema.keyIndex(i)];
        }
        return k;
    }

    /** A copy of the values, in schema order. */
    public Object[] values() {
        return values.clone();
    }

    /** The values array itself; for the engine's own use. */
    Object[] rawValues() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row && ((Row) o).schema.equals(schema) && Arrays.deepEquals(((Row) o).values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            sb.append(i == 0 ? "" : ", ").append(schema.column(i).name()).append('=')
                    .append(v instanceof byte[] ? Arrays.toString((byte[]) v) : v);
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link Row} column by column; not thread-safe. */
    public static final class Builder {
        private final Schema schema;
        private final Object[] values;

        private Builder(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.values = new Object[schema.columnCount()];
        }

        public Builder set(String column, Object value) {
            values[schema.requireIndex(column)] = value;
            return this;
        }

        public Builder set(int index, Object value) {
            values[index] = value;
            return this;
        }

        public Row build() {
            return Row.of(schema, values);
        }
    }
}
