package org.tonbo4j.sqlite.internal;

import java.util.Locale;
import org.tonbo4j.ColumnType;

/**
 * Maps an SQL type name from {@code create_sql} (SQLite's and common SQL names) to an engine
 * {@link ColumnType} and to the type declared to SQLite, which fixes the column's affinity.
 * Stateless.
 */
final class SqlType {
    private static final java.util.regex.Pattern TYPE_ARGS =
            java.util.regex.Pattern.compile("[+-]?\\d+\\s*(,\\s*[+-]?\\d+)?");

    private SqlType() {
    }

    /** SQLite column affinities (the comparison rules of SQLite's "Datatypes" document). */
    enum Affinity { INTEGER, REAL, NUMERIC, TEXT, BLOB }

    /**
     * The engine type for a declared type such as {@code BIGINT}, {@code VARCHAR(20)} or
     * {@code DECIMAL(10,2)}; throws {@link SqlError} naming the column and type if unknown.
     */
    static ColumnType parse(String column, String declared) {
        String t = declared.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        String base = t;
        String args = null;
        int paren = t.indexOf('(');
        if (paren >= 0) {
            if (!t.endsWith(")")) {
                throw new SqlError("column " + column + ": malformed type '" + declared + "'");
            }
            base = t.substring(0, paren).trim();
            args = t.substring(paren + 1, t.length() - 1).trim();
            // SQLite's own grammar: a type name takes one or two signed numbers in parentheses.
            if (!TYPE_ARGS.matcher(args).matches()) {
                throw new SqlError("column " + column + ": malformed type '" + declared.trim()
                        + "' (the size in parentheses must be one or two numbers, e.g. VARCHAR(20) or DECIMAL(10,2))");
            }
        }
        switch (base) {
            case "INTEGER": case "INT": case "BIGINT": case "INT8": case "INT64": case "LONG":
            case "UNSIGNED BIG INT": case "MEDIUMINT": case "INT4": case "INT32": case "SERIAL": case "BIGSERIAL":
                return ColumnType.INT64;
            case "SMALLINT": case "INT2": case "INT16":
                return ColumnType.INT16;
            case "TINYINT":
                return ColumnType.INT8;
            case "REAL": case "DOUBLE": case "DOUBLE PRECISION": case "FLOAT": case "FLOAT8": case "FLOAT64":
                return ColumnType.FLOAT64;
            case "FLOAT4": case "FLOAT32":
                return ColumnType.FLOAT32;
            case "TEXT": case "VARCHAR": case "CHAR": case "CHARACTER": case "NCHAR": case "NVARCHAR":
            case "VARYING CHARACTER": case "CHARACTER VARYING": case "NATIVE CHARACTER": case "CLOB": case "STRING":
            case "JSON": case "UUID":
                return ColumnType.STRING;
            case "BLOB": case "BINARY": case "VARBINARY": case "BYTEA": case "BYTES":
                return ColumnType.BINARY;
            case "BOOLEAN": case "BOOL":
                return ColumnType.BOOLEAN;
            case "DATE":
                return ColumnType.DATE;
            case "TIMESTAMP": case "DATETIME": case "TIMESTAMP WITHOUT TIME ZONE":
                return ColumnType.TIMESTAMP;
            case "TIMESTAMPTZ": case "TIMESTAMP WITH TIME ZONE":
                return ColumnType.TIMESTAMP_TZ;
            case "DECIMAL": case "NUMERIC":
                return decimal(column, declared, args);
            default:
                throw new SqlError("column " + column + ": unsupported type '" + declared.trim()
                        + "' (use INTEGER, BIGINT, INT, SMALLINT, TINYINT, REAL, DOUBLE, FLOAT, TEXT, VARCHAR, CHAR,"
                        + " BLOB, BOOLEAN, DATE, TIMESTAMP, DATETIME, TIMESTAMPTZ or DECIMAL(p,s))");
        }
    }

    private static ColumnType decimal(String column, String declared, String args) {
        if (args == null) {
            return ColumnType.decimal(38, 10);
        }
        String[] ps = args.split(",");
        try {
            int p = Integer.parseInt(ps[0].trim());
            int s = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
            if (ps.length > 2) {
                throw new NumberFormatException();
            }
            return ColumnType.decimal(p, s);
        } catch (NumberFormatException e) {
            throw new SqlError("column " + column + ": malformed type '" + declared.trim() + "'");
        } catch (IllegalArgumentException e) {
            throw new SqlError("column " + column + ": " + e.getMessage());
        }
    }

    /** The affinity SQLite gives the column (follows from {@link #declared}). */
    static Affinity affinity(ColumnType type) {
        switch (type.kind()) {
            case BOOLEAN: case INT8: case INT16: case INT32: case INT64:
                return Affinity.INTEGER;
            case FLOAT32: case FLOAT64:
                return Affinity.REAL;
            case DECIMAL:
                return Affinity.NUMERIC;
            case BINARY:
                return Affinity.BLOB;
            default:
                return Affinity.TEXT;
        }
    }

    /** The type name declared to SQLite for a column of this type. */
    static String declared(ColumnType type) {
        return affinity(type).name();
    }
}
