package org.tonbo4j.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.Transaction;

/** WRITE frames applied to a real table: decoding, constraints and UPDATE's unchanged columns. */
class WritesTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false).column("b", ColumnType.BOOLEAN).column("i8", ColumnType.INT8)
            .column("i16", ColumnType.INT16).column("i32", ColumnType.INT32).column("f32", ColumnType.FLOAT32)
            .column("f64", ColumnType.FLOAT64).column("s", ColumnType.STRING, false).column("bin", ColumnType.BINARY)
            .column("d", ColumnType.DATE).column("ts", ColumnType.TIMESTAMP).column("tz", ColumnType.TIMESTAMP_TZ)
            .column("dec", ColumnType.decimal(8, 2)).primaryKey("id").build();
    private static final Object N = TestFrames.NOCHANGE;

    @TempDir
    Path dir;
    private Table<Row> table;
    private Transaction<Row> tx;
    private final Writes writes = new Writes("t", SCHEMA, null);

    @BeforeEach
    void open() {
        table = Tonbo.open(dir.resolve("t"), SCHEMA);
        tx = table.begin();
    }

    @AfterEach
    void close() {
        if (tx.isOpen()) {
            tx.rollback();
        }
        table.close();
    }

    /** One WRITE frame of one operation: its kind, the old key for an UPDATE or DELETE, then the values. */
    private void apply(int kind, Object... values) {
        FrameOut out = new FrameOut().start(Protocol.WRITE).i32(1).u8(kind);
        writes.apply(TestFrames.open(TestFrames.values(out, values)), tx);
    }

    private static Object[] fullRow(long id, String s) {
        return new Object[] {id, 1L, -3L, 1000L, 70000L, 0.5, 2.25, s, new byte[] {1, 2}, "2024-01-02",
            "2024-01-02 03:04:05.5", "2024-01-02 03:04:05+02:00", 12.345};
    }

    private Object[] stored(long id) {
        return tx.get(id).map(Row::values).orElseThrow(() -> new AssertionError("no row " + id));
    }

    @Test
    void insertsEveryColumnTypeAsTheEngineType() {
        apply(Protocol.W_INSERT, fullRow(1, "h\u00e9llo"));
        Object[] row = stored(1);
        assertEquals(Arrays.asList(1L, true, (byte) -3, (short) 1000, 70000, 0.5f, 2.25, "h\u00e9llo"),
                Arrays.asList(row).subList(0, 8));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) row[8]);
        assertEquals(Arrays.asList(LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000),
                Instant.parse("2024-01-02T01:04:05Z"), new BigDecimal("12.35")), Arrays.asList(row).subList(9, 13));
    }

    @Test
    void severalRowsInOneFrameStayDistinct() {
        FrameOut out = new FrameOut().start(Protocol.WRITE).i32(3);
        for (long id = 1; id <= 3; id++) {
            TestFrames.values(out.u8(Protocol.W_INSERT), fullRow(id, "row " + id));
        }
        writes.apply(TestFrames.open(out), tx);
        for (long id = 1; id <= 3; id++) {
            assertEquals("row " + id, stored(id)[7]);
        }
    }

    @Test
    void nullIntoNotNullFailsWithSqlitesMessage() {
        Object[] row = fullRow(1, null);
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_INSERT, row));
        assertEquals(Protocol.SQLITE_CONSTRAINT_NOTNULL, e.code());
        assertEquals("NOT NULL constraint failed: t.s", e.getMessage());
        assertFalse(tx.get(1L).isPresent());
    }

    @Test
    void mismatchNamesColumnTypeAndValue() {
        Object[] row = fullRow(1, "x");
        row[2] = 300L;
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_INSERT, row));
        assertEquals(Protocol.SQLITE_MISMATCH, e.code());
        assertEquals("tonbo: column t.i8 of type INT8 cannot hold INTEGER 300", e.getMessage());
    }

    @Test
    void duplicateKeysFollowTheConflictMode() {
        apply(Protocol.W_INSERT, fullRow(1, "first"));
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_INSERT, fullRow(1, "second")));
        assertEquals(Protocol.SQLITE_CONSTRAINT_PRIMARYKEY, e.code());
        assertEquals("UNIQUE constraint failed: t.id", e.getMessage());
        apply(Protocol.W_IGNORE, fullRow(1, "ignored"));
        assertEquals("first", stored(1)[7]);
        apply(Protocol.W_REPLACE, fullRow(1, "replaced"));
        assertEquals("replaced", stored(1)[7]);
    }

    @Test
    void updateKeepsUnchangedColumnsFromTheStoredRow() {
        apply(Protocol.W_INSERT, fullRow(1, "before"));
        Object[] before = stored(1);
        apply(Protocol.W_UPDATE, 1L, N, N, N, N, 5L, N, N, "after", N, N, N, N, N);
        Object[] after = stored(1);
        assertEquals(5, after[4]);
        assertEquals("after", after[7]);
        for (int c : new int[] {0, 1, 2, 3, 5, 6, 9, 10, 11, 12}) {
            assertEquals(before[c], after[c], SCHEMA.column(c).name());
        }
        assertArrayEquals((byte[]) before[8], (byte[]) after[8]);
    }

    @Test
    void updateThatChangesTheKeyMovesTheRow() {
        apply(Protocol.W_INSERT, fullRow(1, "a"));
        apply(Protocol.W_INSERT, fullRow(2, "b"));
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_UPDATE, 1L, 2L, N, N, N, N, N, N, N, N, N, N, N, N));
        assertEquals("UNIQUE constraint failed: t.id", e.getMessage());
        apply(Protocol.W_UPDATE, 1L, 3L, N, N, N, N, N, N, N, N, N, N, N, N);
        assertFalse(tx.get(1L).isPresent());
        assertEquals("a", stored(3)[7]);
        apply(Protocol.W_DELETE, 3L);
        assertFalse(tx.get(3L).isPresent());
    }

    @Test
    void updateOfAVanishedRowFailsOnlyWhenItNeedsTheStoredValues() {
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_UPDATE, 9L, N, N, N, N, N, N, N, "x", N, N, N, N, N));
        assertEquals("tonbo: row to update vanished from t", e.getMessage());
        Object[] keyAndRow = new Object[1 + SCHEMA.columnCount()];
        keyAndRow[0] = 9L;
        System.arraycopy(fullRow(9, "whole row given"), 0, keyAndRow, 1, SCHEMA.columnCount());
        apply(Protocol.W_UPDATE, keyAndRow);
        assertEquals("whole row given", stored(9)[7]);
    }

    @Test
    void unchangedValuesOutsideAnUpdateAreProtocolErrors() {
        Object[] row = fullRow(1, "x");
        row[3] = N;
        ProtocolException insert = assertThrows(ProtocolException.class, () -> apply(Protocol.W_INSERT, row));
        assertEquals("unchanged value in an INSERT", insert.getMessage());
        ProtocolException key = assertThrows(ProtocolException.class, () -> apply(Protocol.W_DELETE, N));
        assertEquals("unchanged value in a key", key.getMessage());
        ProtocolException kind = assertThrows(ProtocolException.class, () -> apply(99));
        assertTrue(kind.getMessage().contains("99"));
    }

    @Test
    void keysConvertLikeColumns() {
        apply(Protocol.W_INSERT, fullRow(4, "k"));
        apply(Protocol.W_DELETE, "4");
        assertFalse(tx.get(4L).isPresent());
        SqlError e = assertThrows(SqlError.class, () -> apply(Protocol.W_DELETE, (Object) null));
        assertEquals("NOT NULL constraint failed: t.id", e.getMessage());
    }
}
