package org.tonbo4j;

import org.tonbo4j.internal.ValueSlots;

/**
 * One row's values for {@link Transaction#insertValues}, set column by column (schema order) as
 * primitives and byte ranges: no boxed number, {@code String} or {@code LocalDate} per value, for
 * writers that already hold values in that form (a bridge decoding a wire format, a loader
 * parsing a file). Each setter checks the value against its column at once and throws
 * {@link IllegalArgumentException} naming the column (a wrong type for the setter, a value out of
 * the column's range, null in a NOT NULL column, text that is not UTF-8); byte arrays are copied,
 * so the caller may reuse them.
 *
 * <p>A column not set is null. Reuse the object row after row: an insert copies what it needs,
 * and {@link #clear()} (or setting every column again) starts the next row. Not thread-safe.
 *
 * <pre>{@code
 * RowValues v = new RowValues(table.schema());
 * v.setLong(0, 42).setUtf8(1, bytes, off, len).setDouble(2, 1.5);
 * tx.insertValues(v);
 * }</pre>
 */
public final class RowValues {
    private final ValueSlots slots;

    public RowValues(Schema schema) {
        this.slots = new ValueSlots(schema);
    }

    public Schema schema() {
        return slots.schema();
    }

    /** Unsets every column (each is null until set again). */
    public RowValues clear() {
        slots.clear();
        return this;
    }

    /** Null; refused for a NOT NULL column. */
    public RowValues setNull(int column) {
        slots.setNull(column);
        return this;
    }

    /** An INT8, INT16, INT32 or INT64 value (range-checked), or 0/1 for a BOOLEAN column. */
    public RowValues setLong(int column, long value) {
        slots.setLong(column, value);
        return this;
    }

    /** A FLOAT64 value, or a FLOAT32 one (rounded to float; a finite value beyond its range is refused). */
    public RowValues setDouble(int column, double value) {
        slots.setDouble(column, value);
        return this;
    }

    /** A DATE as a count of days since 1970-01-01 ({@code LocalDate.toEpochDay}). */
    public RowValues setEpochDay(int column, long epochDay) {
        slots.setEpochDay(column, epochDay);
        return this;
    }

    /** A STRING as UTF-8 bytes {@code bytes[offset, offset + length)}; malformed UTF-8 is refused. */
    public RowValues setUtf8(int column, byte[] bytes, int offset, int length) {
        slots.setUtf8(column, bytes, offset, length);
        return this;
    }

    /** A BINARY value {@code bytes[offset, offset + length)}. */
    public RowValues setBinary(int column, byte[] bytes, int offset, int length) {
        slots.setBinary(column, bytes, offset, length);
        return this;
    }

    /**
     * A value of any type as its {@link ColumnType#javaClass()} (integral numbers of another
     * width are converted when they fit), normalized as {@link Row#of} does: timestamps to
     * microseconds, decimals to the column's scale. Null is {@link #setNull}.
     */
    public RowValues set(int column, Object value) {
        slots.set(column, value);
        return this;
    }

    /** The value of a column as the Java class of its type; null when null or not set. */
    public Object get(int column) {
        if (column < 0 || column >= slots.schema().columnCount()) {
            throw new IndexOutOfBoundsException("column " + column + " of a schema with " + slots.schema().columnCount() + " columns");
        }
        return slots.value(column);
    }

    ValueSlots slots() {
        return slots;
    }
}
