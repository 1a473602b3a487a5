package org.tonbo4j;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * The type of a column. Immutable; compare with {@link #equals}.
 *
 * <p>Each type has one Java value class that rows carry:
 * <table>
 *   <caption>Java value classes</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>BOOLEAN</td><td>{@link Boolean}</td></tr>
 *   <tr><td>INT8</td><td>{@link Byte}</td></tr>
 *   <tr><td>INT16</td><td>{@link Short}</td></tr>
 *   <tr><td>INT32</td><td>{@link Integer}</td></tr>
 *   <tr><td>INT64</td><td>{@link Long}</td></tr>
 *   <tr><td>FLOAT32</td><td>{@link Float}</td></tr>
 *   <tr><td>FLOAT64</td><td>{@link Double}</td></tr>
 *   <tr><td>STRING</td><td>{@link String}</td></tr>
 *   <tr><td>BINARY</td><td>{@code byte[]}</td></tr>
 *   <tr><td>DATE</td><td>{@link LocalDate}</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link LocalDateTime}, microsecond precision, no time zone</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>{@link Instant}, microsecond precision, UTC-normalized</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>{@link BigDecimal} with scale s and at most p digits</td></tr>
 * </table>
 */
public final class ColumnType {

    /** The kinds of column types. */
    public enum Kind {
        BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, STRING, BINARY, DATE, TIMESTAMP, TIMESTAMP_TZ, DECIMAL
    }

    /** The largest decimal precision supported. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
    public static final ColumnType INT8 = new ColumnType(Kind.INT8, 0, 0);
    public static final ColumnType INT16 = new ColumnType(Kind.INT16, 0, 0);
    public static final ColumnType INT32 = new ColumnType(Kind.INT32, 0, 0);
    public static final ColumnType INT64 = new ColumnType(Kind.INT64, 0, 0);
    public static final ColumnType FLOAT32 = new ColumnType(Kind.FLOAT32, 0, 0);
    public static final ColumnType FLOAT64 = new ColumnType(Kind.FLOAT64, 0, 0);
    public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
    public static final ColumnType BINARY = new ColumnType(Kind.BINARY, 0, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
    /** Timestamp without time zone, microseconds. */
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);
    /** Timestamp with time zone (an instant, stored as UTC), microseconds. */
    public static final ColumnType TIMESTAMP_TZ = new ColumnType(Kind.TIMESTAMP_TZ, 0, 0);

    private final Kind kind;
    private final int precision;
    private final int scale;

    private ColumnType(Kind kind, int precision, int scale) {
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
    }

    /**
     * A DECIMAL type.
     *
     * @param precision total number of digits, 1 to 38
     * @param scale digits after the decimal point, 0 to precision
     */
    public static ColumnType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
            throw new IllegalArgumentException("decimal precision must be 1.." + MAX_DECIMAL_PRECISION + ", got " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException("decimal scale must be 0.." + precision + ", got " + scale);
        }
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    /** The simple type of a kind; use {@link #decimal} for DECIMAL. */
    public static ColumnType of(Kind kind) {
        switch (kind) {
            case BOOLEAN: return BOOLEAN;
            case INT8: return INT8;
            case INT16: return INT16;
            case INT32: return INT32;
            case INT64: return INT64;
            case FLOAT32: return FLOAT32;
            case FLOAT64: return FLOAT64;
            case STRING: return STRING;
            case BINARY: return BINARY;
            case DATE: return DATE;
            case TIMESTAMP: return TIMESTAMP;
            case TIMESTAMP_TZ: return TIMESTAMP_TZ;
            default: throw new IllegalArgumentException("DECIMAL needs precision and scale: use ColumnType.decimal(p, s)");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** Decimal precision; 0 for other kinds. */
    public int precision() {
        return precision;
    }

    /** Decimal scale; 0 for other kinds. */
    public int scale() {
        return scale;
    }

    /** The class of the Java values of this type. */
    public Class<?> javaClass() {
        switch (kind) {
            case BOOLEAN: return Boolean.class;
            case INT8: return Byte.class;
            case INT16: return Short.class;
            case INT32: return Integer.class;
            case INT64: return Long.class;
            case FLOAT32: return Float.class;
            case FLOAT64: return Double.class;
            case STRING: return String.class;
            case BINARY: return byte[].class;
            case DATE: return LocalDate.class;
            case TIMESTAMP: return LocalDateTime.class;
            case TIMESTAMP_TZ: return Instant.class;
            case DECIMAL: return BigDecimal.class;
            default: throw new AssertionError(kind);
        }
    }

    /** Parses the form printed by {@link #toString()}, e.g. {@code INT64} or {@code DECIMAL(10,2)}. */
    public static ColumnType parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("DECIMAL(") && t.endsWith(")")) {
            String[] ps = t.substring(8, t.length() - 1).split(",");
            if (ps.length != 2) {
                throw new IllegalArgumentException("bad decimal type: " + text);
            }
            return decimal(Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
        }
        try {
            return of(Kind.valueOf(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown column type: " + text);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnType && ((ColumnType) o).kind == kind
                && ((ColumnType) o).precision == precision && ((ColumnType) o).scale == scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale);
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }
}
