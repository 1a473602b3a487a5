package org.tonbo4j.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * Checks values against a schema and brings them to the form the engine stores, so that a row
 * reads back the same before and after a flush: timestamps truncated to microseconds, decimals
 * at the column's scale. Key values may also be given as any integral {@link Number} that fits.
 * Stateless apart from the schema; thread-safe.
 */
public final class ValueNormalizer {
    private final Schema schema;
    /** Per column, the class its values must have, and whether a value of it is kept as it is (no truncation or rescaling). */
    private final Class<?>[] classes;
    private final boolean[] asIs;

    public ValueNormalizer(Schema schema) {
        this.schema = schema;
        int n = schema.columnCount();
        this.classes = new Class<?>[n];
        this.asIs = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnType.Kind k = schema.column(i).type().kind();
            classes[i] = schema.column(i).type().javaClass();
            asIs[i] = k != ColumnType.Kind.TIMESTAMP && k != ColumnType.Kind.TIMESTAMP_TZ && k != ColumnType.Kind.DECIMAL;
        }
    }

    /**
     * A full row checked and normalized; IllegalArgumentException naming the column on bad
     * values. Returns {@code values} itself when nothing needs to change (the engine never
     * modifies value arrays), else a normalized copy.
     */
    public Object[] row(Object[] values) {
        if (values.length != schema.columnCount()) {
            throw new IllegalArgumentException("expected " + schema.columnCount() + " values, got " + values.length);
        }
        Object[] out = values;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null && asIs[i] && classes[i].isInstance(v)) {
                continue; // the common case: nothing to check further or change
            }
            Column c = schema.column(i);
            if (v == null) {
                if (!c.nullable()) {
                    throw new IllegalArgumentException("column '" + c.name() + "' is NOT NULL but the value is null");
                }
                continue;
            }
            Object n = value(c, v, false);
            if (n != v) {
                if (out == values) {
                    out = values.clone();
                }
                out[i] = n;
            }
        }
        return out;
    }

    /** A normalized copy of a key (or key prefix) given in key order. */
    public Object[] key(Object[] key) {
        if (key.length > schema.keyColumnCount()) {
            throw new IllegalArgumentException("the primary key has " + schema.keyColumnCount() + " column(s), got " + key.length + " value(s)");
        }
        Object[] out = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            Column c = schema.column(schema.keyIndex(i));
            if (key[i] == null) {
                throw new IllegalArgumentException("key column '" + c.name() + "' is never null");
            }
            out[i] = value(c, key[i], true);
        }
        return out;
    }

    /** A schema-wide values array holding only the given (normalized) full key. */
    public Object[] keyRow(Object[] normalizedKey) {
        if (normalizedKey.length != schema.keyColumnCount()) {
            throw new IllegalArgumentException("the primary key has " + schema.keyColumnCount() + " column(s), got " + normalizedKey.length + " value(s)");
        }
        Object[] row = new Object[schema.columnCount()];
        for (int i = 0; i < normalizedKey.length; i++) {
            row[schema.keyIndex(i)] = normalizedKey[i];
        }
        return row;
    }

    /** One value checked and normalized for a column (integral numbers coerced to its width). */
    public static Object normalize(Column c, Object v) {
        return value(c, v, true);
    }

    private static Object value(Column c, Object v, boolean coerceIntegral) {
        ColumnType t = c.type();
        Class<?> want = t.javaClass();
        if (!want.isInstance(v)) {
            if (coerceIntegral && isIntegral(v)) {
                return coerce(c, ((Number) v).longValue());
            }
            throw new IllegalArgumentException("column '" + c.name() + "' is " + t + " and wants " + want.getSimpleName()
                    + ", got " + v.getClass().getSimpleName() + " (" + v + ")");
        }
        switch (t.kind()) {
            case TIMESTAMP: {
                LocalDateTime ts = (LocalDateTime) v;
                try {
                    KeyCodec.micros(ts);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("column '" + c.name() + "': " + ts + " is out of the microsecond range");
                }
                return ts.getNano() % 1000 == 0 ? ts : ts.truncatedTo(ChronoUnit.MICROS);
            }
            case TIMESTAMP_TZ: {
                Instant ts = (Instant) v;
                try {
                    KeyCodec.micros(ts);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("column '" + c.name() + "': " + ts + " is out of the microsecond range");
                }
                return ts.getNano() % 1000 == 0 ? ts : ts.truncatedTo(ChronoUnit.MICROS);
            }
            case DECIMAL: {
                BigDecimal d = (BigDecimal) v;
                try {
                    KeyCodec.unscaled(t, d);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("column '" + c.name() + "': " + e.getMessage());
                }
                return d.scale() == t.scale() ? d : d.setScale(t.scale(), RoundingMode.UNNECESSARY);
            }
            default:
                return v;
        }
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private static Object coerce(Column c, long x) {
        switch (c.type().kind()) {
            case INT8:
                if (x == (byte) x) {
                    return (byte) x;
                }
                break;
            case INT16:
                if (x == (short) x) {
                    return (short) x;
                }
                break;
            case INT32:
                if (x == (int) x) {
                    return (int) x;
                }
                break;
            case INT64:
                return x;
            default:
                throw new IllegalArgumentException("column '" + c.name() + "' is " + c.type() + " and wants "
                        + c.type().javaClass().getSimpleName() + ", got the integer " + x);
        }
        throw new IllegalArgumentException("value " + x + " does not fit column '" + c.name() + "' of type " + c.type());
    }
}
