package org.tonbo4j.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;

class SqlValuesTest {
    private static Object in(ColumnType t, Object v) {
        return SqlValues.toEngine("t", Column.nullable("c", t), v);
    }

    @Test
    void convertsBothWays() {
        assertEquals(5L, in(ColumnType.INT64, "5"));
        assertEquals(5L, in(ColumnType.INT64, 5.0));
        assertEquals((short) 7, in(ColumnType.INT16, 7L));
        assertEquals(true, in(ColumnType.BOOLEAN, "true"));
        assertEquals(2.5, in(ColumnType.FLOAT64, "2.5"));
        assertEquals("3", in(ColumnType.STRING, 3L));
        // a value whose type a typed column would change is refused
        assertEquals(Protocol.SQLITE_MISMATCH, assertThrows(SqlError.class, () -> in(ColumnType.BINARY, "a")).code());
        assertEquals(Protocol.SQLITE_MISMATCH, assertThrows(SqlError.class, () -> in(ColumnType.STRING, new byte[] {'a'})).code());
        assertEquals(LocalDate.of(2024, 1, 2), in(ColumnType.DATE, "2024-01-02"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000), in(ColumnType.TIMESTAMP, "2024-01-02T03:04:05.5"));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), in(ColumnType.TIMESTAMP_TZ, "2024-01-02 03:04:05+02:00"));
        assertEquals(new BigDecimal("12.35"), in(ColumnType.decimal(6, 2), 12.345));
        assertEquals("2024-01-02 03:04:05.5", SqlValues.toSqlite(ColumnType.TIMESTAMP, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000)));
        assertEquals("2024-01-02 01:04:05+00:00", SqlValues.toSqlite(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-01-02T01:04:05Z")));
        assertEquals(1L, SqlValues.toSqlite(ColumnType.BOOLEAN, true));
        // decimals as a NUMERIC column holds them
        assertEquals(12.3, SqlValues.toSqlite(ColumnType.decimal(10, 2), new BigDecimal("12.30")));
        assertEquals(12L, SqlValues.toSqlite(ColumnType.decimal(10, 2), new BigDecimal("12.00")));
        assertEquals(0L, SqlValues.toSqlite(ColumnType.decimal(10, 2), new BigDecimal("0.00")));
        assertEquals(1e20, SqlValues.toSqlite(ColumnType.decimal(38, 0), new BigDecimal("100000000000000000000")));
    }

    @Test
    void badValuesNameColumnAndValue() {
        Object[][] bad = {{ColumnType.INT64, "abc"}, {ColumnType.INT64, 2.5}, {ColumnType.INT8, 300L}, {ColumnType.BOOLEAN, 2L},
            {ColumnType.DATE, "yesterday"}, {ColumnType.BINARY, 1L}, {ColumnType.decimal(3, 2), 123.0}};
        for (Object[] b : bad) {
            SqlError e = assertThrows(SqlError.class, () -> in((ColumnType) b[0], b[1]));
            assertEquals(Protocol.SQLITE_MISMATCH, e.code());
            assertTrue(e.getMessage().contains("t.c") && e.getMessage().contains(String.valueOf(b[1])), e.getMessage());
        }
        SqlError n = assertThrows(SqlError.class, () -> SqlValues.toEngine("t", Column.required("k", ColumnType.INT64), null));
        assertEquals("NOT NULL constraint failed: t.k", n.getMessage());
    }

    @Test
    void aFloat32ColumnRefusesValuesBeyondItsRange() {
        org.tonbo4j.Column f = org.tonbo4j.Column.nullable("f", org.tonbo4j.ColumnType.FLOAT32);
        assertEquals(1.5f, SqlValues.toEngine("t", f, 1.5));
        assertEquals(Float.POSITIVE_INFINITY, SqlValues.toEngine("t", f, Double.POSITIVE_INFINITY));
        SqlError e = org.junit.jupiter.api.Assertions.assertThrows(SqlError.class, () -> SqlValues.toEngine("t", f, 1e39));
        assertTrue(e.getMessage().contains("t.f"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(SqlError.class, () -> SqlValues.toEngine("t", f, "-1e39"));
    }

    @Test
    void comparesLikeSqlite() {
        assertEquals(0, SqlValues.compare(-0.0, 0.0), "SQLite holds -0.0 = 0.0");
        assertEquals(0, SqlValues.compare(-0.0, 0L));
        assertTrue(SqlValues.compare(-0.0, 1L) < 0);
        assertTrue(SqlValues.compare(1L, 1.5) < 0);
        assertTrue(SqlValues.compare(2.0, 2L) == 0);
        assertTrue(SqlValues.compare(Long.MAX_VALUE, 9.3e18) < 0);
        assertTrue(SqlValues.compare(100L, "1") < 0, "numbers sort before text");
        assertTrue(SqlValues.compare("z", new byte[0]) < 0, "text sorts before blobs");
        assertTrue(SqlValues.compare("\uFFFF", "\uD83D\uDE00") < 0, "text by UTF-8 bytes, not UTF-16 units");
        assertEquals(5L, SqlValues.withAffinity(SqlType.Affinity.INTEGER, " 5 "));
        assertEquals(0.5, SqlValues.withAffinity(SqlType.Affinity.REAL, ".5"));
        assertEquals("5x", SqlValues.withAffinity(SqlType.Affinity.INTEGER, "5x"));
        assertEquals("5", SqlValues.withAffinity(SqlType.Affinity.TEXT, 5L));
    }
}
