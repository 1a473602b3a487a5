package org.tonbo4j.h2.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.h2.api.ErrorCode;
import org.h2.engine.CastDataProvider;
import org.h2.message.DbException;
import org.h2.table.Column;
import org.h2.util.JSR310Utils;
import org.h2.value.TypeInfo;
import org.h2.value.Value;
import org.h2.value.ValueBigint;
import org.h2.value.ValueBinary;
import org.h2.value.ValueBlob;
import org.h2.value.ValueBoolean;
import org.h2.value.ValueChar;
import org.h2.value.ValueClob;
import org.h2.value.ValueDouble;
import org.h2.value.ValueInteger;
import org.h2.value.ValueNull;
import org.h2.value.ValueNumeric;
import org.h2.value.ValueReal;
import org.h2.value.ValueSmallint;
import org.h2.value.ValueTinyint;
import org.h2.value.ValueUuid;
import org.h2.value.ValueVarbinary;
import org.h2.value.ValueVarchar;
import org.tonbo4j.ColumnType;

/**
 * Maps H2 column types to engine column types and converts values both ways. The mapping is
 * listed in docs/h2.md; a type without an exact engine counterpart is refused at CREATE TABLE.
 * Stateless and thread-safe.
 */
public final class TypeMapping {
    /** Fractional-second digits the engine keeps for timestamps (microseconds). */
    private static final int MAX_TIMESTAMP_PRECISION = 6;

    private TypeMapping() {
    }

    /** The engine type for an H2 column, or a clear SQL error naming the column if there is none. */
    public static ColumnType engineType(Column column) {
        TypeInfo t = column.getType();
        switch (t.getValueType()) {
            case Value.BOOLEAN: return ColumnType.BOOLEAN;
            case Value.TINYINT: return ColumnType.INT8;
            case Value.SMALLINT: return ColumnType.INT16;
            case Value.INTEGER: return ColumnType.INT32;
            case Value.BIGINT: return ColumnType.INT64;
            case Value.REAL: return ColumnType.FLOAT32;
            case Value.DOUBLE: return ColumnType.FLOAT64;
            case Value.VARCHAR:
            case Value.CHAR:
            case Value.CLOB: // CHARACTER LARGE OBJECT, also H2's TEXT: the whole value, read back in memory
                return ColumnType.STRING;
            case Value.VARBINARY:
            case Value.BINARY:
            case Value.UUID: // its 16 bytes, big-endian: byte order is H2's UUID order
            case Value.BLOB: // BINARY LARGE OBJECT: the whole value, read back in memory
                return ColumnType.BINARY;
            case Value.DATE: return ColumnType.DATE;
            case Value.TIMESTAMP:
            case Value.TIMESTAMP_TZ:
                if (t.getScale() > MAX_TIMESTAMP_PRECISION) {
                    throw unsupported(column, "fractional seconds precision " + t.getScale()
                            + " exceeds the engine's " + MAX_TIMESTAMP_PRECISION + " (microseconds)");
                }
                return t.getValueType() == Value.TIMESTAMP ? ColumnType.TIMESTAMP : ColumnType.TIMESTAMP_TZ;
            case Value.NUMERIC: {
                long p = t.getPrecision();
                int s = t.getScale();
                if (p > ColumnType.MAX_DECIMAL_PRECISION || s < 0 || s > p) {
                    throw unsupported(column, "declare NUMERIC(p, s) with 1 <= p <= " + ColumnType.MAX_DECIMAL_PRECISION
                            + " and 0 <= s <= p");
                }
                return ColumnType.decimal((int) p, s);
            }
            default:
                throw unsupported(column, "no engine type matches it");
        }
    }

    private static DbException unsupported(Column column, String why) {
        return DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables: column " + column.getName()
                + " of type " + column.getType().getTraceSQL() + " is not supported (" + why
                + "; see docs/h2.md for the type mapping)");
    }

    /** Whether an H2 value type is one of the integer types (TINYINT, SMALLINT, INTEGER, BIGINT). */
    static boolean isIntegerType(int h2ValueType) {
        return h2ValueType == Value.TINYINT || h2ValueType == Value.SMALLINT || h2ValueType == Value.INTEGER
                || h2ValueType == Value.BIGINT;
    }

    /** The engine value of an H2 value of a column of the given engine type (null for SQL NULL). */
    public static Object toEngine(Value v, ColumnType type, CastDataProvider provider) {
        if (v == null || v == ValueNull.INSTANCE) {
            return null;
        }
        switch (type.kind()) {
            case BOOLEAN: return v.getBoolean();
            case INT8: return v.getByte();
            case INT16: return v.getShort();
            case INT32: return v.getInt();
            case INT64: return v.getLong();
            case FLOAT32: return v.getFloat();
            case FLOAT64: return v.getDouble();
            case STRING: return v.getString();
            case BINARY: return v.getBytesNoCopy();
            case DATE: return JSR310Utils.valueToLocalDate(v, provider);
            case TIMESTAMP: return JSR310Utils.valueToLocalDateTime(v, provider);
            case TIMESTAMP_TZ: return JSR310Utils.valueToInstant(v, provider);
            case DECIMAL: return v.getBigDecimal().setScale(type.scale(), RoundingMode.HALF_UP);
            default: throw new AssertionError(type);
        }
    }

    /** The H2 value of an engine value for a column of the given H2 value type. */
    public static Value toH2(Object o, int h2ValueType) {
        if (o == null) {
            return ValueNull.INSTANCE;
        }
        switch (h2ValueType) {
            case Value.BOOLEAN: return ValueBoolean.get((Boolean) o);
            case Value.TINYINT: return ValueTinyint.get((Byte) o);
            case Value.SMALLINT: return ValueSmallint.get((Short) o);
            case Value.INTEGER: return ValueInteger.get((Integer) o);
            case Value.BIGINT: return ValueBigint.get((Long) o);
            case Value.REAL: return ValueReal.get((Float) o);
            case Value.DOUBLE: return ValueDouble.get((Double) o);
            case Value.VARCHAR: return ValueVarchar.get((String) o);
            case Value.CHAR: return ValueChar.get((String) o);
            case Value.VARBINARY: return ValueVarbinary.getNoCopy((byte[]) o);
            case Value.BINARY: return ValueBinary.getNoCopy((byte[]) o);
            case Value.UUID: return ValueUuid.get((byte[]) o);
            case Value.CLOB: return ValueClob.createSmall((String) o);
            case Value.BLOB: return ValueBlob.createSmall((byte[]) o);
            case Value.DATE: return JSR310Utils.localDateToValue((LocalDate) o);
            case Value.TIMESTAMP: return JSR310Utils.localDateTimeToValue((LocalDateTime) o);
            case Value.TIMESTAMP_TZ: return JSR310Utils.instantToValue((Instant) o);
            case Value.NUMERIC: return ValueNumeric.get((BigDecimal) o);
            default: throw DbException.getInternalError("unmapped H2 type " + h2ValueType);
        }
    }
}
