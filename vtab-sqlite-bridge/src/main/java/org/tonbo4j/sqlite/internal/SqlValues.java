package org.tonbo4j.sqlite.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;

/**
 * Converts between SQLite values (null, {@link Long}, {@link Double}, {@link String},
 * {@code byte[]}) and engine values of a {@link ColumnType}, and compares SQLite values the way
 * SQLite does (BINARY collation). Stateless and thread-safe.
 *
 * <p>Representation in SQLite: integers and booleans as INTEGER (booleans 0/1), floats as REAL,
 * decimals as SQLite's NUMERIC affinity stores them (INTEGER when integral and within 64
 * bits, else REAL: the engine keeps the exact value, SQLite computes with doubles), strings as TEXT, binaries as BLOB, dates as TEXT {@code YYYY-MM-DD},
 * timestamps as TEXT {@code YYYY-MM-DD HH:MM:SS[.ffffff]} (with {@code +00:00} for TIMESTAMPTZ).
 */
final class SqlValues {
    private SqlValues() {
    }

    private static final DateTimeFormatter TS_OUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss").appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).toFormatter();
    private static final DateTimeFormatter TS_IN = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss]").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    /** The SQLite value of an engine value of this type. */
    static Object toSqlite(ColumnType type, Object v) {
        if (v == null) {
            return null;
        }
        switch (type.kind()) {
            case INT64: return v;
            case INT8: case INT16: case INT32: return ((Number) v).longValue();
            case BOOLEAN: return ((Boolean) v) ? 1L : 0L;
            case FLOAT64: return v;
            case FLOAT32: return ((Float) v).doubleValue();
            case DECIMAL: return numeric((BigDecimal) v);
            case STRING: case BINARY: return v;
            case DATE: return v.toString();
            case TIMESTAMP: return TS_OUT.format((LocalDateTime) v);
            case TIMESTAMP_TZ: return TS_OUT.format(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC)) + "+00:00";
            default: throw new AssertionError(type);
        }
    }

    /**
     * The engine value for a SQLite value written to a column; a {@link SqlError} (SQLITE_MISMATCH
     * or, for a null in a NOT NULL column, SQLITE_CONSTRAINT_NOTNULL) names table, column and value.
     */
    static Object toEngine(String table, Column col, Object v) {
        if (v == null) {
            if (!col.nullable()) {
                throw new SqlError(Protocol.SQLITE_CONSTRAINT_NOTNULL, "NOT NULL constraint failed: " + table + "." + col.name());
            }
            return null;
        }
        ColumnType type = col.type();
        try {
            switch (type.kind()) {
                case INT64: return v instanceof Long ? v : integer(v); // no second box of the frame's value
                case INT32: return Math.toIntExact(integer(v));
                case INT16: return (short) checkRange(integer(v), Short.MIN_VALUE, Short.MAX_VALUE);
                case INT8: return (byte) checkRange(integer(v), Byte.MIN_VALUE, Byte.MAX_VALUE);
                case BOOLEAN: return bool(v);
                case FLOAT64: return v instanceof Double ? v : real(v);
                case FLOAT32: return float32(real(v));
                case DECIMAL: return decimal(type, v);
                // A BLOB in a text column or TEXT in a blob column would change its type (and a
                // BLOB that is not UTF-8 its bytes): refused, as a native table would keep it as it is.
                case STRING: return text(v);
                case BINARY: return blobOnly(v);
                case DATE: return LocalDate.parse(textOnly(v).trim());
                case TIMESTAMP: return timestamp(textOnly(v));
                case TIMESTAMP_TZ: return instant(textOnly(v));
                default: throw new AssertionError(type);
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException | ClassCastException e) {
            throw new SqlError(Protocol.SQLITE_MISMATCH, "tonbo: column " + table + "." + col.name() + " of type "
                    + type + " cannot hold " + describe(v));
        }
    }

    private static long integer(Object v) {
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                return (long) d;
            }
            throw new ArithmeticException();
        }
        String s = textOnly(v).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return integer(Double.parseDouble(s));
        }
    }

    private static long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new ArithmeticException();
        }
        return v;
    }

    private static Boolean bool(Object v) {
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        long l = integer(v);
        if (l != 0 && l != 1) {
            throw new ArithmeticException();
        }
        return l == 1;
    }

    /** A double as a FLOAT32: rounded, but a finite value beyond the float range is a mismatch, not infinity. */
    static float float32(double d) {
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new ArithmeticException();
        }
        return f;
    }

    private static double real(Object v) {
        if (v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Double) {
            return (Double) v;
        }
        return Double.parseDouble(textOnly(v).trim());
    }

    /** A decimal the way a NUMERIC column of SQLite holds it: INTEGER if integral and in range, else REAL. */
    private static Object numeric(BigDecimal d) {
        if (d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        return d.doubleValue();
    }

    private static BigDecimal decimal(ColumnType type, Object v) {
        BigDecimal d;
        if (v instanceof Long) {
            d = BigDecimal.valueOf((Long) v);
        } else if (v instanceof Double) {
            d = BigDecimal.valueOf((Double) v);
        } else {
            d = new BigDecimal(textOnly(v).trim());
        }
        d = d.setScale(type.scale(), RoundingMode.HALF_UP);
        if (d.precision() > type.precision()) {
            throw new ArithmeticException();
        }
        return d;
    }

    private static String text(Object v) {
        if (v instanceof byte[]) {
            throw new ClassCastException();
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d + ".0" : Double.toString(d);
        }
        return v.toString();
    }

    private static String textOnly(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        throw new ClassCastException();
    }

    private static byte[] blobOnly(Object v) {
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        throw new ClassCastException();
    }

    private static LocalDateTime timestamp(String s) {
        String t = s.trim();
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay();
        }
        return LocalDateTime.parse(t, TS_IN).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Instant instant(String s) {
        String t = s.trim();
        if (t.endsWith("Z")) {
            return timestamp(t.substring(0, t.length() - 1)).toInstant(ZoneOffset.UTC);
        }
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (sign > 10) {
            return timestamp(t.substring(0, sign)).toInstant(ZoneOffset.of(t.substring(sign)));
        }
        return timestamp(t).toInstant(ZoneOffset.UTC);
    }

    static String describe(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[]) {
            return "a BLOB of " + ((byte[]) v).length + " bytes";
        }
        if (v instanceof String) {
            return "TEXT '" + v + "'";
        }
        return (v instanceof Long ? "INTEGER " : "REAL ") + v;
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Applies a column affinity to a comparison operand, as SQLite does before comparing. */
    static Object withAffinity(SqlType.Affinity affinity, Object v) {
        if (v == null) {
            return null;
        }
        switch (affinity) {
            case INTEGER: case REAL: case NUMERIC:
                if (v instanceof String) {
                    String s = ((String) v).trim();
                    if (!NUMBER.matcher(s).matches()) {
                        return v;
                    }
                    try {
                        return Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        return Double.parseDouble(s);
                    }
                }
                return v;
            case TEXT:
                return v instanceof Long || v instanceof Double ? text(v) : v;
            default:
                return v;
        }
    }

    private static int rank(Object v) {
        if (v instanceof Long || v instanceof Double) {
            return 1;
        }
        return v instanceof String ? 2 : 3;
    }

    /** Compares two non-null SQLite values: numbers before text before blobs, text by UTF-8 bytes. */
    static int compare(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 1:
                if (a instanceof Long && b instanceof Long) {
                    return Long.compare((Long) a, (Long) b);
                }
                return compareNumbers(a, b);
            case 2:
                return compareUtf8((String) a, (String) b);
            default:
                return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
    }

    private static int compareNumbers(Object a, Object b) {
        if (a instanceof Long && b instanceof Double) {
            return -compareNumbers(b, a);
        }
        double x = (Double) a;
        if (b instanceof Double) {
            double y = (Double) b;
            return x == y ? 0 : Double.compare(x, y); // == first: SQLite holds -0.0 = 0.0
        }
        long y = (Long) b;
        if (x < -0x1p63) {
            return -1;
        }
        if (x >= 0x1p63) {
            return 1;
        }
        long xl = (long) x;
        int c = Long.compare(xl, y);
        return c != 0 ? c : x == xl ? 0 : Double.compare(x, xl);
    }

    /** Code point order equals UTF-8 byte order; String.compareTo (UTF-16 units) does not. */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
