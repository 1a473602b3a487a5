package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.tonbo4j.ColumnType;
import org.tonbo4j.internal.read.RowFilter;

/**
 * A scan's conditions evaluated on a row group's decoded vectors, so that a row that fails them
 * is never materialized. Integers, dates, timestamps and decimals whose condition value has the
 * column's scale compare as primitive longs, doubles as doubles, in the engine's order (as
 * {@link RowFilter}); other columns box the one value. A column that was not decoded passes (the
 * caller's row filter still checks every row it returns). Immutable and thread-safe.
 */
public final class VectorFilter {
    /** One condition, with its value in the vectors' primitive form where it has one. */
    private static final class Check {
        final RowFilter.Term term;
        final ColumnType type;
        /** The value as the long a Longs/Ints vector of this column holds; valid if hasLong. */
        final long asLong;
        final boolean hasLong;
        final boolean isDouble;

        Check(RowFilter.Term term, ColumnType type) {
            this.term = term;
            this.type = type;
            Long l = term.value() == null ? null : longForm(type, term.value());
            this.hasLong = l != null;
            this.asLong = l == null ? 0 : l;
            this.isDouble = term.value() instanceof Double;
        }
    }

    private final Check[] checks;

    private VectorFilter(Check[] checks) {
        this.checks = checks;
    }

    /** The filter of {@code terms} on columns of the given types (indexed by column). */
    public static VectorFilter of(List<RowFilter.Term> terms, ColumnType[] types) {
        Check[] c = new Check[terms.size()];
        for (int i = 0; i < c.length; i++) {
            RowFilter.Term t = terms.get(i);
            c[i] = new Check(t, types[t.column()]);
        }
        return new VectorFilter(c);
    }

    /** Whether every column the conditions test was decoded in {@code data} (then {@link #test} is exact). */
    public boolean decodedIn(RowGroupData data) {
        for (Check c : checks) {
            if (data.column(c.term.column()) == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether row {@code row} of {@code data} may satisfy every condition (false: it surely fails one). */
    public boolean test(RowGroupData data, int row) {
        for (Check c : checks) {
            ColumnVector v = data.column(c.term.column());
            if (v != null && !test(c, v, row)) {
                return false;
            }
        }
        return true;
    }

    private static boolean test(Check c, ColumnVector v, int row) {
        RowFilter.Term t = c.term;
        switch (t.op()) {
            case IS_NULL:
                return v.isNull(row);
            case IS_NOT_NULL:
                return !v.isNull(row);
            default:
                break;
        }
        if (v.isNull(row)) {
            return false;
        }
        int cmp;
        if (c.hasLong && v instanceof ColumnVectors.Longs) {
            cmp = Long.compare(((ColumnVectors.Longs) v).longAt(row), c.asLong);
        } else if (c.hasLong && v instanceof ColumnVectors.Ints) {
            cmp = Long.compare(((ColumnVectors.Ints) v).intAt(row), c.asLong);
        } else if (c.isDouble && v instanceof ColumnVectors.Doubles) {
            double a = ((ColumnVectors.Doubles) v).doubleAt(row);
            double b = (Double) t.value();
            cmp = a == b ? 0 : Double.compare(a, b); // == makes -0.0 equal 0.0, as RowFilter does
        } else {
            return RowFilter.test(t, v.value(row), c.type);
        }
        switch (t.op()) {
            case EQ: return cmp == 0;
            case LT: return cmp < 0;
            case LE: return cmp <= 0;
            case GT: return cmp > 0;
            case GE: return cmp >= 0;
            default: throw new AssertionError(t.op());
        }
    }

    /**
     * The long a vector of this type stores for {@code value} (unscaled decimal, epoch day,
     * microseconds), or null when the value has no exact long form (a decimal with more digits
     * after the point than the column, a timestamp finer than microseconds, a non-integer type).
     */
    static Long longForm(ColumnType type, Object value) {
        switch (type.kind()) {
            case INT8: case INT16: case INT32: case INT64:
                return ((Number) value).longValue();
            case DATE:
                return ((LocalDate) value).toEpochDay();
            case TIMESTAMP: {
                LocalDateTime t = (LocalDateTime) value;
                return t.getNano() % 1000 == 0 ? ValueCodec.micros(t) : null;
            }
            case TIMESTAMP_TZ: {
                Instant t = (Instant) value;
                if (t.getNano() % 1000 != 0) {
                    return null;
                }
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
            }
            case DECIMAL: {
                if (type.precision() > 18) {
                    return null;
                }
                try {
                    return ((BigDecimal) value).setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
                } catch (ArithmeticException inexact) {
                    return null;
                }
            }
            default:
                return null;
        }
    }
}
