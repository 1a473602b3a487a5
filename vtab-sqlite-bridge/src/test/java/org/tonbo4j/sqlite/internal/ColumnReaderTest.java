package org.tonbo4j.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.RowValues;
import org.tonbo4j.Schema;

class ColumnReaderTest {
    private static final ColumnType[] TYPES = {ColumnType.BOOLEAN, ColumnType.INT8, ColumnType.INT16, ColumnType.INT32,
        ColumnType.INT64, ColumnType.FLOAT32, ColumnType.FLOAT64, ColumnType.STRING, ColumnType.BINARY, ColumnType.DATE,
        ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ, ColumnType.decimal(6, 2), ColumnType.decimal(38, 10)};

    /** SQLite values at the edges of every fast path and conversion. */
    private static final Object[] VALUES = {null, 0L, 1L, -1L, 2L, 127L, 128L, -128L, -129L, 32767L, 32768L, -32769L,
        (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE - 1, Long.MIN_VALUE, Long.MAX_VALUE,
        (1L << 53) + 1, (1L << 24) + 1, (1L << 60) + (1L << 36) + 1, 0.0, -0.0, 1.0, 2.5, 5.0, -7.0, 1e300, 3.4028235e38 * 2, Double.NaN,
        Double.POSITIVE_INFINITY, 9.3e18, "", "abc", " 42 ", "2.5", "1e3", "true", "FALSE", "h\u00e9llo", "\u65e5\u672c",
        "\uD83D\uDE00", "2024-01-02", "2023-02-30", "2024-02-29", "0000-01-01", "9999-12-31", "2024-13-01", "2024-1-02",
        "2024-01-02 ", " 2024-01-02", "abcd-ef-gh", "2024/01/02", "-2024-01-02", "2024-01-02 03:04:05.5", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05+02:00",
        "12.345", "-0.005", new byte[0], new byte[] {1, 2, (byte) 0xff}, "x1".getBytes(StandardCharsets.UTF_8),
        "\u00e9".getBytes(StandardCharsets.UTF_8)};

    private static Object readOne(Column col, Object sqliteValue) {
        FrameIn in = TestFrames.open(TestFrames.values(new FrameOut().start(Protocol.WRITE), sqliteValue));
        Object v = ColumnReader.of("t", col).read(in);
        assertFalse(in.hasMore(), "the reader consumed the whole value");
        return v;
    }

    /** What happened: the value, or the exception's class, SQLite code and message. */
    private static List<Object> outcome(java.util.function.Supplier<Object> f) {
        try {
            Object v = f.get();
            return Arrays.asList("value", v == null ? null : v.getClass(), v instanceof byte[] ? Arrays.toString((byte[]) v) : v);
        } catch (SqlError e) {
            return Arrays.asList("SqlError", e.code(), e.getMessage());
        } catch (RuntimeException e) {
            return Arrays.asList(e.getClass(), e.getMessage());
        }
    }

    @Test
    void everyTypeAndValueMatchesToEngine() {
        int compared = 0;
        for (ColumnType type : TYPES) {
            for (boolean nullable : new boolean[] {true, false}) {
                Column col = Column.of("c", type, nullable);
                for (Object v : VALUES) {
                    List<Object> want = outcome(() -> SqlValues.toEngine("t", col, v));
                    List<Object> got = outcome(() -> readOne(col, v));
                    assertEquals(want, got, () -> type + (nullable ? " NULL" : " NOT NULL") + " column, SQLite value "
                            + SqlValues.describe(v));
                    compared++;
                }
            }
        }
        assertEquals(TYPES.length * 2 * VALUES.length, compared);
    }

    /**
     * {@link ColumnReader#readInto} (the INSERT path, into {@link RowValues}) ends in the same
     * value or error as {@code toEngine} followed by the engine's normalization.
     */
    @Test
    void readIntoRowValuesMatchesToEngine() {
        for (ColumnType type : TYPES) {
            for (boolean nullable : new boolean[] {true, false}) {
                Column col = Column.of("c", type, nullable);
                Schema schema = Schema.builder().column("k", ColumnType.INT64, false).column(col).primaryKey("k").build();
                for (Object v : VALUES) {
                    List<Object> want = outcome(() -> {
                        Object e = SqlValues.toEngine("t", col, v);
                        return e == null ? null : org.tonbo4j.internal.ValueNormalizer.normalize(col, e);
                    });
                    List<Object> got = outcome(() -> {
                        FrameIn in = TestFrames.open(TestFrames.values(new FrameOut().start(Protocol.WRITE), v));
                        RowValues row = new RowValues(schema);
                        ColumnReader.of("t", col).readInto(in, row, 1);
                        assertFalse(in.hasMore(), "the reader consumed the whole value");
                        return row.get(1);
                    });
                    assertEquals(want, got, () -> type + (nullable ? " NULL" : " NOT NULL") + " column, SQLite value "
                            + SqlValues.describe(v));
                }
            }
        }
    }

    @Test
    void epochDayAgreesWithLocalDateForEveryDayOfFourHundredYearsAndTheEdges() {
        int[][] ranges = {{0, 3}, {1600, 2000}, {9996, 9999}};
        int days = 0;
        for (int[] r : ranges) {
            for (int y = r[0]; y <= r[1]; y++) {
                for (int m = 0; m <= 13; m++) {
                    for (int d = 0; d <= 32; d++) {
                        java.time.LocalDate want = null;
                        try {
                            want = java.time.LocalDate.of(y, m, d);
                        } catch (java.time.DateTimeException e) {
                            // no such date
                        }
                        long got = ColumnReader.epochDay(y, m, d);
                        assertEquals(want == null ? Long.MIN_VALUE : want.toEpochDay(), got, y + "-" + m + "-" + d);
                        days += want == null ? 0 : 1;
                    }
                }
            }
        }
        assertEquals(409 * 365 + 100, days, "every real date of the 409 years was compared");
    }

    @Test
    void readIntoRefusesAnUnchangedValueAndNonUtf8Text() {
        Column col = Column.nullable("c", ColumnType.STRING);
        Schema schema = Schema.builder().column("k", ColumnType.INT64, false).column(col).primaryKey("k").build();
        FrameOut out = new FrameOut().start(Protocol.WRITE);
        out.u8(Protocol.T_NOCHANGE);
        FrameIn in = TestFrames.open(out);
        assertThrows(ProtocolException.class, () -> ColumnReader.of("t", col).readInto(in, new RowValues(schema), 1));
        FrameIn bad = TestFrames.open(new FrameOut().start(Protocol.WRITE).u8(Protocol.T_TEXT).bytes(new byte[] {'a', (byte) 0xff}));
        SqlError e = assertThrows(SqlError.class, () -> ColumnReader.of("t", col).readInto(bad, new RowValues(schema), 1));
        assertEquals(Protocol.SQLITE_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("not valid UTF-8: x'61ff'"), e.getMessage());
    }

    /** One DATE reader over a run of values: equal dates share a value, a bad one after good ones is still an error. */
    @Test
    void aDateReaderKeepsEachValueApart() {
        Column col = Column.nullable("d", ColumnType.DATE);
        Object[] run = {"2024-01-02", "2024-01-02", "2024-01-03", "2024-02-30", "2024-01-03", null, "1999-12-31"};
        FrameOut out = new FrameOut().start(Protocol.WRITE);
        for (Object v : run) {
            TestFrames.values(out, v);
        }
        FrameIn in = TestFrames.open(out);
        ColumnReader reader = ColumnReader.of("t", col);
        for (Object v : run) {
            assertEquals(outcome(() -> SqlValues.toEngine("t", col, v)), outcome(() -> reader.read(in)), "value " + v);
        }
        assertFalse(in.hasMore());
    }

    @Test
    void fastPathsGiveTheColumnsJavaClass() {
        assertEquals(Long.valueOf(1L << 40), readOne(Column.nullable("c", ColumnType.INT64), 1L << 40));
        assertEquals(Integer.valueOf(-5), readOne(Column.nullable("c", ColumnType.INT32), -5L));
        assertEquals(Short.valueOf((short) 300), readOne(Column.nullable("c", ColumnType.INT16), 300L));
        assertEquals(Byte.valueOf((byte) -100), readOne(Column.nullable("c", ColumnType.INT8), -100L));
        assertSame(Boolean.TRUE, readOne(Column.nullable("c", ColumnType.BOOLEAN), 1L));
        assertSame(Boolean.FALSE, readOne(Column.nullable("c", ColumnType.BOOLEAN), 0L));
        assertEquals(Double.valueOf(12.5), readOne(Column.nullable("c", ColumnType.FLOAT64), 12.5));
        assertEquals(Double.valueOf(3.0), readOne(Column.nullable("c", ColumnType.FLOAT64), 3L));
        assertEquals(Float.valueOf(0.1f), readOne(Column.nullable("c", ColumnType.FLOAT32), 0.1));
        // through double like toEngine: 2^60 + 2^36 + 1 rounds up to 2^60 + 2^37 as a float, but
        // as a double it is 2^60 + 2^36, a float midpoint that rounds to even: 2^60
        long odd = (1L << 60) + (1L << 36) + 1;
        assertEquals(0x1p60f, readOne(Column.nullable("c", ColumnType.FLOAT32), odd));
        assertArrayEquals(new byte[] {9, 8}, (byte[]) readOne(Column.nullable("c", ColumnType.BINARY), new byte[] {9, 8}));
    }

    @Test
    void textDecodesAsciiAndMultiByteUtf8() {
        Column col = Column.nullable("c", ColumnType.STRING);
        for (String s : new String[] {"", "a", "note 123", "x".repeat(1000), "caf\u00e9", "\u65e5\u672c\u8a9e", "a\uD83D\uDE00b",
            "\u007f\u0080", "ascii then \u00ff"}) {
            assertEquals(s, readOne(col, s), s);
        }
        // TEXT into a BINARY column and a BLOB into a TEXT column would change type: refused
        assertThrows(SqlError.class, () -> readOne(Column.nullable("c", ColumnType.BINARY), "caf\u00e9"));
        assertThrows(SqlError.class, () -> readOne(col, "\u00e9".getBytes(StandardCharsets.UTF_8)));
        // U+FFFD itself is text like any other
    }

    @Test
    void nullIntoNotNullNamesTableAndColumn() {
        for (ColumnType type : TYPES) {
            SqlError e = assertThrows(SqlError.class, () -> readOne(Column.required("k", type), null), type::toString);
            assertEquals(Protocol.SQLITE_CONSTRAINT_NOTNULL, e.code());
            assertEquals("NOT NULL constraint failed: t.k", e.getMessage());
            assertEquals(null, readOne(Column.nullable("k", type), null));
        }
    }

    @Test
    void outOfRangeIntegersAreMismatches() {
        Object[][] cases = {{ColumnType.INT8, 128L}, {ColumnType.INT8, -129L}, {ColumnType.INT16, 32768L},
            {ColumnType.INT32, Integer.MAX_VALUE + 1L}, {ColumnType.BOOLEAN, 2L}, {ColumnType.BOOLEAN, -1L}};
        for (Object[] c : cases) {
            ColumnType type = (ColumnType) c[0];
            SqlError e = assertThrows(SqlError.class, () -> readOne(Column.nullable("n", type), c[1]));
            assertEquals(Protocol.SQLITE_MISMATCH, e.code());
            assertEquals("tonbo: column t.n of type " + type + " cannot hold INTEGER " + c[1], e.getMessage());
        }
    }

    @Test
    void unchangedValuesAreReturnedAsTheMarker() {
        for (ColumnType type : TYPES) {
            for (boolean nullable : new boolean[] {true, false}) {
                assertSame(FrameIn.NOCHANGE, readOne(Column.of("c", type, nullable), TestFrames.NOCHANGE), type::toString);
            }
        }
    }

    @Test
    void badTagsAndShortFramesAreProtocolErrors() {
        for (ColumnType type : TYPES) {
            ColumnReader r = ColumnReader.of("t", Column.nullable("c", type));
            FrameIn badTag = TestFrames.open(new FrameOut().start(Protocol.WRITE).u8(42));
            ProtocolException e = assertThrows(ProtocolException.class, () -> r.read(badTag), type::toString);
            assertEquals("unknown value tag 42", e.getMessage());
            FrameIn cut = TestFrames.open(new FrameOut().start(Protocol.WRITE).u8(Protocol.T_INT).i32(7));
            assertThrows(ProtocolException.class, () -> r.read(cut), type::toString);
            FrameIn longText = TestFrames.open(new FrameOut().start(Protocol.WRITE).u8(Protocol.T_TEXT).i32(100).u8('a'));
            assertThrows(ProtocolException.class, () -> r.read(longText), type::toString);
            FrameIn negative = TestFrames.open(new FrameOut().start(Protocol.WRITE).u8(Protocol.T_BLOB).i32(-1));
            assertTrue(assertThrows(ProtocolException.class, () -> r.read(negative)).getMessage().contains("negative length"));
        }
    }

    @Test
    void forSchemaReadsARowInColumnOrder() {
        Schema schema = Schema.builder().column("id", ColumnType.INT64, false).column("s", ColumnType.STRING)
                .column("f", ColumnType.FLOAT32).column("d", ColumnType.DATE).primaryKey("id").build();
        ColumnReader[] readers = ColumnReader.forSchema("t", schema);
        assertEquals(4, readers.length);
        FrameIn in = TestFrames.open(TestFrames.values(new FrameOut().start(Protocol.WRITE), 7L, "x", 1.5, "2024-02-29"));
        List<Object> row = new ArrayList<>();
        for (ColumnReader r : readers) {
            row.add(r.read(in));
        }
        assertEquals(Arrays.asList(7L, "x", 1.5f, java.time.LocalDate.of(2024, 2, 29)), row);
        assertTrue(row.stream().allMatch(Objects::nonNull));
    }
}
