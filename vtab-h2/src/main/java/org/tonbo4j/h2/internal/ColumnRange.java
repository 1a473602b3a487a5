package org.tonbo4j.h2.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.h2.engine.SessionLocal;
import org.h2.message.DbException;
import org.h2.table.Column;
import org.h2.value.DataType;
import org.h2.value.Value;
import org.tonbo4j.ColumnType;

/**
 * Places a constant of a condition (an index bound H2 hands the table) against the values an
 * engine column can hold: a DECIMAL(5,2) column holds -999.99..999.99, a TIMESTAMP column the
 * instants whose microseconds since the epoch fit in 64 bits, a DATE column the days that fit in
 * 32 bits, an INTEGER column what H2 converts to it. A constant outside that range must not
 * reach the engine (which rejects it), but it still decides the condition: {@code price < 1000}
 * holds for every row, {@code price > 1000} for none.
 *
 * <p>Every range contains zero (the epoch for dates and timestamps), so a constant that does not
 * fit lies {@link Position#ABOVE} the range when it is positive and {@link Position#BELOW} when
 * negative. Rounding to the column's scale moves a constant by less than one unit of the last
 * digit, so a rounded constant past the range means the exact one is past it too. Floating-point
 * columns never say ABOVE or BELOW: they hold infinities (and NaN, which H2 orders above them).
 * Stateless and thread-safe.
 */
final class ColumnRange {
    private ColumnRange() {
    }

    /** Where a constant lies. */
    enum Position {
        /** Within the range: {@link Placed#value()} is the engine value. */
        INSIDE,
        /** Above every value the column holds. */
        ABOVE,
        /** Below every value the column holds. */
        BELOW,
        /** Not known (a conversion failed): leave the condition to H2. */
        UNKNOWN
    }

    /** A constant's position, and its engine value when {@link Position#INSIDE}. */
    record Placed(Position position, Object value) {
        private static final Placed UNKNOWN = new Placed(Position.UNKNOWN, null);

        boolean inside() {
            return position == Position.INSIDE;
        }
    }

    /** Places a non-null H2 constant against the column's engine values. */
    static Placed place(Value v, Column column, ColumnType type, SessionLocal session) {
        Value converted;
        try {
            converted = v.convertTo(column.getType(), session);
        } catch (DbException outOfRange) { // e.g. an INT column compared with 1e20
            return outside(type, numericSignum(v));
        }
        Object o;
        try {
            o = TypeMapping.toEngine(converted, type, session);
        } catch (DbException | ArithmeticException | DateTimeException e) {
            return Placed.UNKNOWN;
        }
        int side = signumIfOutside(type, o);
        return side == 0 ? new Placed(Position.INSIDE, o) : outside(type, side);
    }

    /** ABOVE for a positive signum, BELOW for a negative one; UNKNOWN for 0 and for floating point. */
    private static Placed outside(ColumnType type, int signum) {
        if (signum == 0 || type.kind() == ColumnType.Kind.FLOAT32 || type.kind() == ColumnType.Kind.FLOAT64) {
            return Placed.UNKNOWN;
        }
        return new Placed(signum > 0 ? Position.ABOVE : Position.BELOW, null);
    }

    /** The sign of a numeric constant; 0 for others (position unknown) and for NaN. */
    private static int numericSignum(Value v) {
        if (!DataType.isNumericType(v.getValueType())) {
            return 0;
        }
        try {
            return v.getSignum();
        } catch (DbException | ArithmeticException e) {
            return 0;
        }
    }

    /** 0 if the engine value fits the column type, else the side it is on (+1 above, -1 below). */
    static int signumIfOutside(ColumnType type, Object o) {
        switch (type.kind()) {
            case DECIMAL: {
                BigDecimal d = ((BigDecimal) o).setScale(type.scale(), RoundingMode.HALF_UP);
                return d.signum() != 0 && d.precision() > type.precision() ? d.signum() : 0;
            }
            case TIMESTAMP:
                return outsideMicros(((LocalDateTime) o).toInstant(ZoneOffset.UTC));
            case TIMESTAMP_TZ:
                return outsideMicros((Instant) o);
            case DATE: {
                long day = ((LocalDate) o).toEpochDay();
                return day == (int) day ? 0 : Long.signum(day);
            }
            default:
                return 0;
        }
    }

    private static int outsideMicros(Instant t) {
        try {
            Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
            return 0;
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? -1 : 1;
        }
    }
}
