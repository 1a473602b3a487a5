package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.testing.CrashStorage;

/** Table.addColumn / Tonbo.addColumn: old files and WAL records read the new column as its default. */
class SchemaEvolutionTest {
    static final Schema V1 = Schema.builder().column("id", ColumnType.INT64, false).column("name", ColumnType.STRING)
            .primaryKey("id").build();
    static final Options OPTIONS = Options.builder().compactionEnabled(false).build();

    static List<Row> all(Table<Row> t) {
        List<Row> out = new ArrayList<>();
        try (RowIterator<Row> it = t.scan()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void addedColumnsReadAsDefaultsInEveryLayer() {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(storage, V1, OPTIONS)) {
            for (long i = 0; i < 30; i++) {
                t.insert(Row.of(V1, i, "a" + i));
            }
            t.compact(); // 0..29 in the last level
            for (long i = 30; i < 40; i++) {
                t.insert(Row.of(V1, i, "b" + i));
            }
            t.flush(); // 30..39 in L0
            t.delete(5L);
            for (long i = 40; i < 45; i++) {
                t.insert(Row.of(V1, i, "c" + i)); // 40..44 only in the WAL
            }
            Schema v2 = t.addColumn(Column.nullable("score", ColumnType.FLOAT64));
            Schema v3 = t.addColumn(Column.required("tier", ColumnType.INT32).withDefault(7));
            assertEquals(v3, t.schema());
            assertEquals(4, v3.columnCount());
            assertEquals(v2.columns(), v3.columns().subList(0, 3));
            assertEquals(44, all(t).size());
            assertEquals(Row.of(v3, 3L, "a3", null, 7), t.get(3L).orElseThrow());
            assertEquals(Row.of(v3, 35L, "b35", null, 7), t.get(35L).orElseThrow());
            assertEquals(Row.of(v3, 42L, "c42", null, 7), t.get(42L).orElseThrow());
            assertTrue(t.get(5L).isEmpty());
            t.insert(Row.of(v3, 3L, "new3", 1.5, 9));
            t.insert(Row.of(v3, 100L, "n100", 2.5, 1));
            assertThrows(IllegalArgumentException.class, () -> t.insert(Row.of(v3, 101L, "x", null, null)));
            // projection of the new column alone, over files of both schemas and the memtable
            List<Object> tiers = new ArrayList<>();
            try (RowIterator<Row> it = t.scan(Scan.builder().columns("tier").build())) {
                it.forEachRemaining(r -> tiers.add(r.get("tier")));
            }
            assertEquals(45, tiers.size());
            assertEquals(9, tiers.get(3)); // id 3
            assertEquals(7, tiers.get(0));
            t.flush();
            assertTrue(t.verify().ok(), t.verify().toString());
            List<Row> before = all(t);
            t.compact(); // merges files of schema v1 with files of v3
            assertEquals(before, all(t));
        }
        Schema stored = Tonbo.storedSchema(storage).orElseThrow();
        assertEquals("\"id\" INT64 NOT NULL, \"name\" STRING, \"score\" FLOAT64, \"tier\" INT32 NOT NULL DEFAULT 7; KEY \"id\"",
                SchemaCodec.toText(stored));
        try (Table<Row> t = Tonbo.open(storage, OPTIONS)) {
            assertEquals(stored, t.schema());
            assertEquals(Row.of(stored, 7L, "a7", null, 7), t.get(7L).orElseThrow());
            assertEquals(Row.of(stored, 3L, "new3", 1.5, 9), t.get(3L).orElseThrow());
            assertEquals(45, all(t).size());
        }
        assertThrows(SchemaMismatchException.class, () -> Tonbo.open(storage, V1, OPTIONS));
    }

    @Test
    void refusesBadColumns() {
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), V1, OPTIONS)) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> t.addColumn(Column.nullable("name", ColumnType.INT32))).getMessage().contains("already has"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> t.addColumn(Column.required("x", ColumnType.INT32))).getMessage().contains("needs a default"));
            assertThrows(IllegalArgumentException.class, () -> Column.nullable("x", ColumnType.INT32).withDefault("seven"));
            assertEquals(V1, t.schema());
        }
    }

    record User(@PrimaryKey long id, @Nullable String name) {
    }

    record UserV2(@PrimaryKey long id, @Nullable String name, @Nullable Integer age) {
    }

    @Test
    void typedTablesEvolveWhileClosed() {
        MemoryStorage storage = new MemoryStorage();
        try (Table<User> t = Tonbo.open(storage, User.class, OPTIONS)) {
            t.insert(new User(1, "x"));
            assertThrows(UnsupportedOperationException.class, () -> t.addColumn(Column.nullable("age", ColumnType.INT32)));
        }
        Schema next = Tonbo.addColumn(storage, Column.nullable("age", ColumnType.INT32), OPTIONS);
        assertEquals(Tonbo.schemaOf(UserV2.class), next);
        try (Table<UserV2> t = Tonbo.open(storage, UserV2.class, OPTIONS)) {
            assertEquals(new UserV2(1, "x", null), t.get(1L).orElseThrow());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Tonbo.addColumn(new MemoryStorage(), Column.nullable("age", ColumnType.INT32), OPTIONS));
    }

    @Test
    void defaultsOfEveryTypeSurviveTheSchemaText() {
        Object[][] cases = {
            {ColumnType.BOOLEAN, true}, {ColumnType.INT8, (byte) -3}, {ColumnType.INT16, (short) 300},
            {ColumnType.INT32, 70000}, {ColumnType.INT64, -5L}, {ColumnType.FLOAT32, 1.25f}, {ColumnType.FLOAT64, -0.1},
            {ColumnType.STRING, "it's, ; \"odd\""}, {ColumnType.BINARY, new byte[] {0, -1, 16}},
            {ColumnType.DATE, LocalDate.of(2026, 1, 31)}, {ColumnType.TIMESTAMP, LocalDateTime.of(2026, 1, 31, 10, 0, 0, 1000)},
            {ColumnType.TIMESTAMP_TZ, Instant.ofEpochSecond(1_700_000_000L, 5000)},
            {ColumnType.decimal(10, 3), new BigDecimal("12.500")},
        };
        Schema.Builder b = Schema.builder().column("id", ColumnType.INT64, false);
        for (int i = 0; i < cases.length; i++) {
            b.column(Column.nullable("c" + i, (ColumnType) cases[i][0]).withDefault(cases[i][1]));
        }
        Schema s = b.primaryKey("id").build();
        Schema back = SchemaCodec.fromText(SchemaCodec.toText(s));
        assertEquals(s, back);
        assertArrayEquals((byte[]) cases[8][1], (byte[]) back.column(9).defaultValue());
        assertThrows(IllegalArgumentException.class, () -> SchemaCodec.fromText("\"id\" INT64 NOT NULL DEFAULT x; KEY \"id\""));
    }

    /** A crash at any storage operation of addColumn leaves either schema, with every row. */
    @Test
    void addColumnIsAtomicAcrossCrashes() {
        for (long op = 1; ; op++) {
            CrashStorage storage = new CrashStorage(op);
            Table<Row> t = Tonbo.open(storage, V1, OPTIONS);
            for (long i = 0; i < 20; i++) {
                t.insert(Row.of(V1, i, "v" + i));
                if (i == 9) {
                    t.flush();
                }
            }
            storage.captureBeforeOp(opsSoFar(storage) + op);
            t.addColumn(Column.nullable("extra", ColumnType.STRING).withDefault("d"));
            t.close();
            if (!storage.hasCaptured()) {
                assertTrue(op > 3, "the change took " + op + " storage operations");
                return;
            }
            Storage image = storage.captured();
            Schema stored = Tonbo.storedSchema(image).orElseThrow();
            try (Table<Row> back = Tonbo.open(image, OPTIONS)) {
                List<Row> rows = all(back);
                assertEquals(20, rows.size(), "crash before op " + op);
                if (stored.columnCount() == 3) {
                    assertEquals("d", rows.get(4).get("extra"));
                } else {
                    assertEquals(V1, stored, "crash before op " + op);
                }
            }
        }
    }

    private static long opsSoFar(CrashStorage s) {
        return s.mutatingOps();
    }

    @Test
    void schemaChangeWaitsForConcurrentWriters() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(storage, V1, OPTIONS)) {
            Thread writer = new Thread(() -> {
                for (long i = 0; i < 2000; i++) {
                    Schema s = t.schema();
                    Object[] v = new Object[s.columnCount()];
                    v[0] = i;
                    v[1] = "w" + i;
                    try {
                        t.insert(Row.of(s, v));
                    } catch (IllegalArgumentException raced) {
                        i--; // the schema grew between reading it and inserting: retry with the new one
                    }
                }
            });
            writer.start();
            for (int c = 0; c < 5; c++) {
                t.addColumn(Column.nullable("c" + c, ColumnType.INT32));
            }
            writer.join();
            assertEquals(2000, all(t).size());
            assertNull(t.get(0L).orElseThrow().get("c4"));
        }
    }
}
