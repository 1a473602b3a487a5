package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RowValues} and {@link Transaction#insertValues}: rows written through the primitive
 * setters read back exactly as the same rows written as {@link Row}s (memtable, after a flush,
 * after reopen), with the same uniqueness, savepoint and error behaviour.
 */
class RowValuesTest {
    private static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("b", ColumnType.BOOLEAN)
            .column("i8", ColumnType.INT8)
            .column("i16", ColumnType.INT16)
            .column("i32", ColumnType.INT32, false)
            .column("f32", ColumnType.FLOAT32)
            .column("f64", ColumnType.FLOAT64)
            .column("s", ColumnType.STRING)
            .column("bin", ColumnType.BINARY)
            .column("d", ColumnType.DATE)
            .column("ts", ColumnType.TIMESTAMP)
            .column("tz", ColumnType.TIMESTAMP_TZ)
            .column("dec", ColumnType.decimal(12, 3))
            .primaryKey("id")
            .build();

    private static final String[] TEXTS = {"", "a", "tonbo", "naïve café", "日本語", "emoji \uD83D\uDE00", "nul\u0000byte"};

    /** A random row: each nullable value null one time in five. */
    private static Object[] randomRow(Random rnd, long id) {
        Object[] v = new Object[SCHEMA.columnCount()];
        v[0] = id;
        v[1] = rnd.nextBoolean();
        v[2] = (byte) rnd.nextInt();
        v[3] = (short) rnd.nextInt();
        v[4] = rnd.nextInt();
        v[5] = rnd.nextFloat() * 1e6f - 5e5f;
        v[6] = rnd.nextGaussian() * 1e9;
        v[7] = TEXTS[rnd.nextInt(TEXTS.length)] + rnd.nextInt(1000);
        byte[] bin = new byte[rnd.nextInt(20)];
        rnd.nextBytes(bin);
        v[8] = bin;
        v[9] = LocalDate.ofEpochDay(rnd.nextInt(100_000) - 50_000);
        v[10] = LocalDateTime.of(2026, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(1_000_000) * 1000);
        v[11] = Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000) * 1000L);
        v[12] = BigDecimal.valueOf(rnd.nextInt(2_000_000_000) - 1_000_000_000L, 3);
        for (int c = 1; c < v.length; c++) {
            if (c != 4 && rnd.nextInt(5) == 0) {
                v[c] = null;
            }
        }
        return v;
    }

    /** Sets {@code v} into {@code rv} with the primitive setter of each type (the object setter for the rest). */
    private static RowValues fill(RowValues rv, Object[] v) {
        rv.clear();
        for (int c = 0; c < v.length; c++) {
            Object x = v[c];
            if (x == null) {
                if (c % 2 == 0) {
                    rv.setNull(c); // the other half are left unset: also null
                }
                continue;
            }
            switch (SCHEMA.column(c).type().kind()) {
                case BOOLEAN: rv.setLong(c, (Boolean) x ? 1 : 0); break;
                case INT8: case INT16: case INT32: case INT64: rv.setLong(c, ((Number) x).longValue()); break;
                case FLOAT32: rv.setDouble(c, (Float) x); break;
                case FLOAT64: rv.setDouble(c, (Double) x); break;
                case STRING: {
                    byte[] b = ("xx" + x).getBytes(StandardCharsets.UTF_8);
                    rv.setUtf8(c, b, 2, b.length - 2);
                    Arrays.fill(b, (byte) '?'); // the setter copied
                    break;
                }
                case BINARY: rv.setBinary(c, (byte[]) x, 0, ((byte[]) x).length); break;
                case DATE: rv.setEpochDay(c, ((LocalDate) x).toEpochDay()); break;
                default: rv.set(c, x); break;
            }
        }
        return rv;
    }

    private static List<Row> all(Table<Row> t) {
        List<Row> out = new ArrayList<>();
        try (RowIterator<Row> it = t.scan()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void rowsWrittenAsValuesReadBackAsTheSameRows(@TempDir Path dir) {
        Random rnd = new Random(7);
        List<Object[]> rows = new ArrayList<>();
        // ascending keys (the appended path), then keys in between and repeated (the indexed path)
        for (long id = 0; id < 3000; id += 2) {
            rows.add(randomRow(rnd, id));
        }
        for (int i = 0; i < 1500; i++) {
            rows.add(randomRow(rnd, rnd.nextInt(3000)));
        }
        try (Table<Row> viaRows = Tonbo.open(dir.resolve("rows"), SCHEMA);
             Table<Row> viaValues = Tonbo.open(dir.resolve("values"), SCHEMA)) {
            RowValues rv = new RowValues(SCHEMA);
            for (int from = 0; from < rows.size(); from += 700) {
                try (Transaction<Row> a = viaRows.begin(); Transaction<Row> b = viaValues.begin()) {
                    for (Object[] v : rows.subList(from, Math.min(rows.size(), from + 700))) {
                        a.insert(Row.of(SCHEMA, v));
                        b.insertValues(fill(rv, v));
                        assertEquals(a.get(v[0]), b.get(v[0]), "read-your-writes of key " + v[0]);
                    }
                    a.commit();
                    b.commit();
                }
            }
            assertEquals(all(viaRows), all(viaValues), "memtable");
            viaRows.flush();
            viaValues.flush();
            assertEquals(all(viaRows), all(viaValues), "after a flush");
        }
        try (Table<Row> viaRows = Tonbo.open(dir.resolve("rows"), SCHEMA);
             Table<Row> viaValues = Tonbo.open(dir.resolve("values"), SCHEMA)) {
            List<Row> expected = all(viaRows);
            assertTrue(expected.size() > 1500);
            assertEquals(expected, all(viaValues), "after reopen");
        }
    }

    @Test
    void insertIfAbsentSeesTheBufferTheSnapshotAndDeletes(@TempDir Path dir) {
        try (Table<Row> t = Tonbo.open(dir, SCHEMA)) {
            RowValues rv = new RowValues(SCHEMA);
            try (Transaction<Row> tx = t.begin()) {
                assertTrue(tx.insertValuesIfAbsent(rv.clear().setLong(0, 5).setLong(4, 50)));
                assertTrue(tx.insertValuesIfAbsent(rv.clear().setLong(0, 9).setLong(4, 90)));
                assertFalse(tx.insertValuesIfAbsent(rv.clear().setLong(0, 5).setLong(4, 51)), "buffered, appended");
                assertTrue(tx.insertValuesIfAbsent(rv.clear().setLong(0, 7).setLong(4, 70)), "below the largest key");
                assertFalse(tx.insertValuesIfAbsent(rv.clear().setLong(0, 7).setLong(4, 71)), "buffered, indexed");
                tx.commit();
            }
            t.flush();
            try (Transaction<Row> tx = t.begin()) {
                assertFalse(tx.insertValuesIfAbsent(rv.clear().setLong(0, 9).setLong(4, 91)), "in the snapshot (a file)");
                tx.delete(9L);
                assertTrue(tx.insertValuesIfAbsent(rv.clear().setLong(0, 9).setLong(4, 92)), "deleted in this transaction");
                int sp = tx.savepoint();
                assertTrue(tx.insertValuesIfAbsent(rv.clear().setLong(0, 100).setLong(4, 1000)));
                tx.insertValues(rv.clear().setLong(0, 5).setLong(4, 55));
                tx.rollbackTo(sp);
                assertTrue(tx.get(100L).isEmpty(), "rolled back");
                assertEquals(50, tx.get(5L).orElseThrow().get("i32"));
                tx.commit();
            }
            assertEquals(92, t.get(9L).orElseThrow().get("i32"));
            assertEquals(70, t.get(7L).orElseThrow().get("i32"));
            Row r = t.get(7L).orElseThrow();
            assertNull(r.get("s"), "an unset column is null");
            assertEquals(3, all(t).size());
        }
    }

    @Test
    void badValuesAreRefusedNamingTheColumnAndBufferNothing(@TempDir Path dir) {
        RowValues rv = new RowValues(SCHEMA);
        assertMessage("'i32' is NOT NULL", () -> rv.setNull(4));
        assertMessage("'i8'", () -> rv.setLong(2, 128));
        assertMessage("'i16'", () -> rv.setLong(3, -40_000));
        assertMessage("'i32'", () -> rv.setLong(4, 1L << 31));
        assertMessage("BOOLEAN", () -> rv.setLong(1, 2));
        assertMessage("setLong", () -> rv.setLong(6, 1));
        assertMessage("setDouble", () -> rv.setDouble(0, 1));
        assertMessage("'f32'", () -> rv.setDouble(5, 1e300));
        assertMessage("setUtf8", () -> rv.setUtf8(8, new byte[1], 0, 1));
        assertMessage("setBinary", () -> rv.setBinary(7, new byte[1], 0, 1));
        assertMessage("setEpochDay", () -> rv.setEpochDay(10, 1));
        assertMessage("outside the range", () -> rv.setEpochDay(9, Long.MAX_VALUE));
        assertMessage("not valid UTF-8", () -> rv.setUtf8(7, new byte[] {'a', (byte) 0xC3}, 0, 2));
        assertMessage("not valid UTF-8", () -> rv.setUtf8(7, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)); // a surrogate
        assertMessage("'dec'", () -> rv.set(12, new BigDecimal("1.0001")));
        assertMessage("'s'", () -> rv.set(7, 5L));
        assertThrows(IndexOutOfBoundsException.class, () -> rv.setLong(13, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> rv.setUtf8(7, new byte[2], 1, 2));
        assertEquals(new BigDecimal("1.500"), rv.set(12, new BigDecimal("1.5")).get(12), "normalized to the column's scale");
        assertEquals((byte) 7, rv.set(2, 7L).get(2), "a long coerced to INT8 when it fits");

        Schema other = Schema.builder().column("id", ColumnType.INT64, false).primaryKey("id").build();
        try (Table<Row> t = Tonbo.open(dir, SCHEMA); Transaction<Row> tx = t.begin()) {
            assertMessage("'id' is null", () -> tx.insertValues(rv.clear().setLong(4, 1)));
            assertMessage("'i32' is NOT NULL", () -> tx.insertValues(rv.clear().setLong(0, 1)));
            assertMessage("'i32' is NOT NULL", () -> tx.insertValuesIfAbsent(rv.clear().setLong(0, 2)));
            assertMessage("schema", () -> tx.insertValues(new RowValues(other).setLong(0, 1)));
            assertEquals(0, tx.pendingWrites(), "nothing buffered by a refused row");
            tx.insertValues(rv.clear().setLong(0, 3).setLong(4, 30));
            assertEquals(1, tx.pendingWrites());
        }
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' names " + part);
    }
}
