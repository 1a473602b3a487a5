package org.tonbo4j.internal.sst;

import java.util.List;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.read.RowFilter;

/**
 * Turns a scan's {@link RowFilter} into a Parquet {@link FilterPredicate} over one file's columns,
 * for row-group statistics and page indexes. Only conditions whose Parquet order is the engine's
 * order become part of it: integers, dates, timestamps, decimals stored as INT32/INT64, strings
 * and binaries (unsigned bytes = code points), booleans (equality), and the null tests on any
 * column. Floats are not pruned on (NaN and signed zeros order differently in statistics).
 * Stateless.
 */
final class ParquetPredicates {
    private ParquetPredicates() {
    }

    /**
     * The conjunction of the prunable conditions on columns the file has, or null if none. A
     * condition on a column the file lacks (added to the table later) is decided by
     * {@code missingColumnsMatch}.
     */
    static FilterPredicate of(RowFilter filter, Schema fileSchema, MessageType parquet, RowGroupDecoder decoder) {
        FilterPredicate all = null;
        for (RowFilter.Term t : filter.terms()) {
            if (t.column() >= fileSchema.columnCount()) {
                continue;
            }
            String name = fileSchema.column(t.column()).name();
            if (name.indexOf('.') >= 0) {
                continue;
            }
            FilterPredicate p = term(t, name, fileSchema.column(t.column()).type(),
                    parquet.getType(t.column()).asPrimitiveType(), decoder.codec(t.column()));
            if (p != null) {
                all = all == null ? p : FilterApi.and(all, p);
            }
        }
        return all;
    }

    /** Whether every condition on a column the file lacks holds for that column's default. */
    static boolean missingColumnsMatch(RowFilter filter, Schema fileSchema, Schema tableSchema) {
        for (RowFilter.Term t : filter.terms()) {
            if (t.column() >= fileSchema.columnCount()) {
                ColumnType type = tableSchema.column(t.column()).type();
                if (!RowFilter.test(t, tableSchema.column(t.column()).defaultValue(), type)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static FilterPredicate term(RowFilter.Term t, String name, ColumnType type, PrimitiveType physical,
                                        ValueCodec codec) {
        if (t.op() == org.tonbo4j.Predicate.Op.IS_NULL || t.op() == org.tonbo4j.Predicate.Op.IS_NOT_NULL) {
            return nullTest(t.op() == org.tonbo4j.Predicate.Op.IS_NULL, name, physical);
        }
        if (type.kind() == ColumnType.Kind.FLOAT32 || type.kind() == ColumnType.Kind.FLOAT64) {
            return null;
        }
        Object v = codec.pageIndexValue(t.value());
        if (v instanceof Integer) {
            return compare(t, FilterApi.intColumn(name), (Integer) v);
        }
        if (v instanceof Long) {
            return compare(t, FilterApi.longColumn(name), (Long) v);
        }
        if (v instanceof Binary && type.kind() != ColumnType.Kind.DECIMAL) {
            return compare(t, FilterApi.binaryColumn(name), (Binary) v);
        }
        if (v instanceof Boolean && t.op() == org.tonbo4j.Predicate.Op.EQ) {
            return FilterApi.eq(FilterApi.booleanColumn(name), (Boolean) v);
        }
        return null;
    }

    private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
            FilterPredicate compare(RowFilter.Term t, C column, T v) {
        switch (t.op()) {
            case EQ: return FilterApi.eq(column, v);
            case LT: return FilterApi.lt(column, v);
            case LE: return FilterApi.ltEq(column, v);
            case GT: return FilterApi.gt(column, v);
            case GE: return FilterApi.gtEq(column, v);
            default: return null;
        }
    }

    private static FilterPredicate nullTest(boolean isNull, String name, PrimitiveType physical) {
        switch (physical.getPrimitiveTypeName()) {
            case INT32: {
                Operators.IntColumn c = FilterApi.intColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            case INT64: {
                Operators.LongColumn c = FilterApi.longColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            case BOOLEAN: {
                Operators.BooleanColumn c = FilterApi.booleanColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            case FLOAT: {
                Operators.FloatColumn c = FilterApi.floatColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            case DOUBLE: {
                Operators.DoubleColumn c = FilterApi.doubleColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY: {
                Operators.BinaryColumn c = FilterApi.binaryColumn(name);
                return isNull ? FilterApi.eq(c, null) : FilterApi.notEq(c, null);
            }
            default:
                return null;
        }
    }

}
