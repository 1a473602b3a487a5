package org.tonbo4j.sqlite.internal;

import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.RowValues;
import org.tonbo4j.Schema;

/**
 * Reads one tagged value of a WRITE frame straight into the engine value of one column. A table
 * gets one reader per column, picked once by column type ({@link #forSchema}), so the usual case
 * (the tag SQLite's affinity gives the column: INTEGER for integer and boolean columns, REAL or
 * INTEGER for floats, TEXT for strings, BLOB for binaries) costs a tag test and the payload read,
 * with no intermediate SQLite value and no second box.
 *
 * <p>Every other tag falls back to {@link SqlValues#toEngine} on the value {@link FrameIn}
 * decodes, and so does a fast-path value out of the column's range: results, NOT NULL and
 * mismatch errors are those of {@code toEngine}. A reader returns {@link FrameIn#NOCHANGE} for
 * an unchanged-value tag and leaves it to the caller. Readers are owned by one session (the DATE reader remembers its last value); not thread-safe.
 */
abstract class ColumnReader {
    private final String table;
    private final Column column;

    private ColumnReader(String table, Column column) {
        this.table = table;
        this.column = column;
    }

    /** One reader per column of the schema, in column order; {@code table} names errors. */
    static ColumnReader[] forSchema(String table, Schema schema) {
        ColumnReader[] readers = new ColumnReader[schema.columnCount()];
        for (int c = 0; c < readers.length; c++) {
            readers[c] = of(table, schema.column(c));
        }
        return readers;
    }

    /** The reader for one column. */
    static ColumnReader of(String table, Column column) {
        ColumnType.Kind kind = column.type().kind();
        switch (kind) {
            case INT64: return new Int64(table, column);
            case INT32: case INT16: case INT8: return new NarrowInt(table, column, kind);
            case BOOLEAN: return new Bool(table, column);
            case FLOAT64: return new Float64(table, column);
            case FLOAT32: return new Float32(table, column);
            case STRING: return new Text(table, column);
            case BINARY: return new Blob(table, column);
            case DATE: return new Date(table, column);
            default: return new Converting(table, column);
        }
    }

    /** Reads the next tagged value: the engine value, or {@link FrameIn#NOCHANGE}. */
    abstract Object read(FrameIn in);

    /**
     * Reads the next tagged value into column {@code col} of {@code row}: the column's own tag
     * as a primitive or a byte range (no object), any other through {@link #other} with the same
     * results and errors as {@link #read}. An unchanged-value tag is a {@link ProtocolException}.
     */
    void readInto(FrameIn in, RowValues row, int col) {
        setOther(in.u8(), in, row, col);
    }

    /** {@link #readInto} of a value the fast path does not take. */
    final void setOther(int tag, FrameIn in, RowValues row, int col) {
        Object v = other(in, tag);
        if (v == FrameIn.NOCHANGE) {
            throw new ProtocolException("unchanged value in an INSERT");
        }
        row.set(col, v);
    }

    /** Any tag the fast path does not take: NULL, NOCHANGE, or a value to convert. */
    final Object other(FrameIn in, int tag) {
        if (tag == Protocol.T_NULL && column.nullable()) {
            return null;
        }
        Object v = in.valueOf(tag);
        return v == FrameIn.NOCHANGE ? v : convert(v);
    }

    /** The conversion and errors of {@link SqlValues#toEngine} for an SQLite value. */
    final Object convert(Object sqliteValue) {
        return SqlValues.toEngine(table, column, sqliteValue);
    }

    private static final class Int64 extends ColumnReader {
        Int64(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            return tag == Protocol.T_INT ? (Object) in.i64() : other(in, tag);
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag == Protocol.T_INT) {
                row.setLong(col, in.i64());
            } else {
                setOther(tag, in, row, col);
            }
        }
    }

    /** INT32, INT16 and INT8: an INTEGER in range boxes straight into the column's class. */
    private static final class NarrowInt extends ColumnReader {
        private final ColumnType.Kind kind;

        NarrowInt(String table, Column column, ColumnType.Kind kind) {
            super(table, column);
            this.kind = kind;
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            if (tag != Protocol.T_INT) {
                return other(in, tag);
            }
            long v = in.i64();
            switch (kind) {
                case INT32:
                    if (v == (int) v) {
                        return (int) v;
                    }
                    break;
                case INT16:
                    if (v == (short) v) {
                        return (short) v;
                    }
                    break;
                default:
                    if (v == (byte) v) {
                        return (byte) v;
                    }
                    break;
            }
            return convert(v); // out of range: toEngine's mismatch error
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag != Protocol.T_INT) {
                setOther(tag, in, row, col);
                return;
            }
            long v = in.i64();
            boolean fits = kind == ColumnType.Kind.INT32 ? v == (int) v : kind == ColumnType.Kind.INT16 ? v == (short) v : v == (byte) v;
            if (fits) {
                row.setLong(col, v);
            } else {
                row.set(col, convert(v)); // out of range: toEngine's mismatch error
            }
        }
    }

    private static final class Bool extends ColumnReader {
        Bool(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            if (tag != Protocol.T_INT) {
                return other(in, tag);
            }
            long v = in.i64();
            return v == 0 ? Boolean.FALSE : v == 1 ? Boolean.TRUE : convert(v);
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag != Protocol.T_INT) {
                setOther(tag, in, row, col);
                return;
            }
            long v = in.i64();
            if (v == 0 || v == 1) {
                row.setLong(col, v);
            } else {
                row.set(col, convert(v));
            }
        }
    }

    private static final class Float64 extends ColumnReader {
        Float64(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            if (tag == Protocol.T_REAL) {
                return in.f64();
            }
            return tag == Protocol.T_INT ? (Object) (double) in.i64() : other(in, tag);
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag == Protocol.T_REAL) {
                row.setDouble(col, in.f64());
            } else if (tag == Protocol.T_INT) {
                row.setDouble(col, (double) in.i64());
            } else {
                setOther(tag, in, row, col);
            }
        }
    }

    private static final class Float32 extends ColumnReader {
        Float32(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            if (tag == Protocol.T_REAL) {
                double d = in.f64();
                float f = (float) d;
                return Float.isInfinite(f) && !Double.isInfinite(d) ? convert(d) : (Object) f;
            }
            // through double, as toEngine rounds: long to float directly can round differently
            return tag == Protocol.T_INT ? (Object) (float) (double) in.i64() : other(in, tag);
        }
    }

    private static final class Text extends ColumnReader {
        Text(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            return tag == Protocol.T_TEXT ? in.str() : other(in, tag);
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag != Protocol.T_TEXT) {
                setOther(tag, in, row, col);
                return;
            }
            int n = in.payloadLength();
            int at = in.payloadStart();
            try {
                row.setUtf8(col, in.array(), at, n);
            } catch (IllegalArgumentException e) { // the only refusal of a STRING column's setUtf8
                throw FrameIn.notUtf8(in.array(), at, n);
            }
            in.skip(n);
        }
    }

    private static final class Blob extends ColumnReader {
        Blob(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            return tag == Protocol.T_BLOB ? in.bytes() : other(in, tag);
        }

        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag != Protocol.T_BLOB) {
                setOther(tag, in, row, col);
                return;
            }
            int n = in.payloadLength();
            row.setBinary(col, in.array(), in.payloadStart(), n);
            in.skip(n);
        }
    }

    /**
     * DATE: TEXT in exactly {@code YYYY-MM-DD} is read from the frame's bytes without a String or
     * a formatter, and a run of equal dates (common in bulk loads) shares one LocalDate; any
     * other text, an invalid date included, goes through toEngine for its result or error.
     */
    private static final class Date extends ColumnReader {
        private int lastDigits = -1;
        private java.time.LocalDate last;
        /** The last date {@link #readInto} read, apart from {@link #read}'s. */
        private int intoDigits = -1;
        private long intoDay;

        Date(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            int tag = in.u8();
            if (tag != Protocol.T_TEXT) {
                return other(in, tag);
            }
            int digits = in.isoDateDigits();
            if (digits < 0) {
                return other(in, tag);
            }
            if (digits != lastDigits) {
                int y = digits / 10000;
                int m = digits / 100 % 100;
                int d = digits % 100;
                try {
                    last = java.time.LocalDate.of(y, m, d);
                } catch (java.time.DateTimeException e) {
                    return convert(String.format("%04d-%02d-%02d", y, m, d));
                }
                lastDigits = digits;
            }
            return last;
        }

        /** {@link #read} into a row: an ISO date becomes its epoch day with no LocalDate at all. */
        @Override
        void readInto(FrameIn in, RowValues row, int col) {
            int tag = in.u8();
            if (tag != Protocol.T_TEXT) {
                setOther(tag, in, row, col);
                return;
            }
            int digits = in.isoDateDigits();
            if (digits < 0) {
                setOther(tag, in, row, col);
                return;
            }
            if (digits != intoDigits) {
                int y = digits / 10000;
                int m = digits / 100 % 100;
                int d = digits % 100;
                long day = epochDay(y, m, d);
                if (day == Long.MIN_VALUE) {
                    row.set(col, convert(String.format("%04d-%02d-%02d", y, m, d))); // toEngine's error
                    return;
                }
                intoDigits = digits;
                intoDay = day;
            }
            row.setEpochDay(col, intoDay);
        }
    }

    /**
     * The days from 1970-01-01 to the proleptic Gregorian date {@code y-m-d} with {@code y} in
     * 0..9999 (what an ISO date's four digits give), or {@link Long#MIN_VALUE} when there is no
     * such date (month 13, February 30, day 0).
     */
    static long epochDay(int y, int m, int d) {
        boolean leap = (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
        if (m < 1 || m > 12 || d < 1) {
            return Long.MIN_VALUE;
        }
        int monthDays = m == 2 ? (leap ? 29 : 28) : m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
        if (d > monthDays) {
            return Long.MIN_VALUE;
        }
        // days before year y since 0000-01-01 (year 0 is a leap year), then before month m with
        // February counted as 30 days and corrected, then the day
        long days = 365L * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        days += (367 * m - 362) / 12 + d - 1;
        if (m > 2) {
            days -= leap ? 1 : 2;
        }
        return days - DAYS_0000_TO_1970;
    }

    /** {@link #epochDay} of 1970-01-01 counted from 0000-01-01. */
    private static final long DAYS_0000_TO_1970 = 719_528;

    /** DECIMAL, TIMESTAMP, TIMESTAMP_TZ: parsing dominates, so every value goes through toEngine. */
    private static final class Converting extends ColumnReader {
        Converting(String table, Column column) {
            super(table, column);
        }

        @Override
        Object read(FrameIn in) {
            return other(in, in.u8());
        }
    }
}
