package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.storage.MemoryStorage;

class TableApiTest {

    record User(@PrimaryKey String name, @Nullable String email, byte age) {
    }

    record AllTypes(@PrimaryKey long id, boolean b, byte i8, short i16, int i32, float f32, double f64,
                    @Nullable String s, @Nullable byte[] bin, @Nullable LocalDate date, @Nullable LocalDateTime ts,
                    @Nullable Instant tstz, @Nullable @Decimal(precision = 10, scale = 2) BigDecimal dec,
                    @Nullable @Decimal(precision = 30, scale = 5) BigDecimal bigDec) {
        /** The same record with bin dropped, for equals (records compare arrays by identity). */
        AllTypes withoutBin() {
            return new AllTypes(id, b, i8, i16, i32, f32, f64, s, null, date, ts, tstz, dec, bigDec);
        }
    }

    record Event(@PrimaryKey(order = 1) String device, @PrimaryKey(order = 2) long ts, double value) {
    }

    @Test
    void seedExampleWithRecords(@TempDir Path dir) {
        Path path = dir.resolve("db_path/users");
        try (Table<User> users = Tonbo.open(path, User.class)) {
            users.insert(new User("Alice", "alice@example.com", (byte) 30));
            users.insert(new User("Bob", null, (byte) 25));
            assertEquals(new User("Alice", "alice@example.com", (byte) 30), users.get("Alice").orElseThrow());
            assertTrue(users.get("Carol").isEmpty());
            users.delete("Bob");
            assertTrue(users.get("Bob").isEmpty());
        }
        try (Table<User> users = Tonbo.open(path, User.class)) {
            assertEquals("alice@example.com", users.get("Alice").orElseThrow().email());
            users.flush();
            assertTrue(Files.exists(path.resolve("sst")), "SST directory exists after a flush");
        }
        assertEquals("(name STRING NOT NULL, email STRING, age INT8 NOT NULL, PRIMARY KEY(name))",
                Tonbo.schemaOf(User.class).toString());
    }

    @Test
    void everyTypeRoundTripsThroughMemtableSstAndReopen() {
        MemoryStorage storage = new MemoryStorage();
        List<AllTypes> rows = new ArrayList<>();
        rows.add(new AllTypes(Long.MIN_VALUE, true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Float.NaN,
                Double.NEGATIVE_INFINITY, "", new byte[0], LocalDate.of(1, 1, 1), LocalDateTime.of(1900, 1, 1, 0, 0, 0, 123_456_000),
                Instant.ofEpochSecond(-1_000_000, 1000), new BigDecimal("-99999999.99"), new BigDecimal("-1234567890123456789012345.12345")));
        rows.add(new AllTypes(0, false, (byte) 0, (short) 0, 0, -0.0f, -0.0, "\u0000x\uD83D\uDE00", new byte[] {0, -1, 7},
                LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 23, 12, 0), Instant.parse("2026-11-23T12:00:00.000001Z"),
                new BigDecimal("0.01"), BigDecimal.ZERO.setScale(5)));
        rows.add(new AllTypes(Long.MAX_VALUE, true, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Float.MAX_VALUE,
                Double.MAX_VALUE, "z", null, null, null, null, null, null));
        try (Table<AllTypes> t = Tonbo.open(storage, AllTypes.class, Options.defaults())) {
            t.insertAll(rows);
            assertRecordsEqual(rows, scanAll(t));
            t.flush();
            assertRecordsEqual(rows, scanAll(t));
        }
        try (Table<AllTypes> t = Tonbo.open(storage, AllTypes.class, Options.defaults())) {
            assertRecordsEqual(rows, scanAll(t));
            assertRecordsEqual(List.of(rows.get(1)), List.of(t.get(0L).orElseThrow()));
            assertRecordsEqual(List.of(rows.get(1)), List.of(t.get(0).orElseThrow()));
        }
    }

    private static void assertRecordsEqual(List<AllTypes> want, List<AllTypes> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            AllTypes w = want.get(i);
            AllTypes g = got.get(i);
            // Records compare byte[] by identity: compare component by component.
            assertArrayEquals(w.bin(), g.bin());
            assertEquals(w.withoutBin(), g.withoutBin());
        }
    }

    private static <T> List<T> scanAll(Table<T> t) {
        List<T> out = new ArrayList<>();
        try (RowIterator<T> it = t.scan()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void compositeKeysAndPrefixBounds() {
        try (Table<Event> t = Tonbo.open(new MemoryStorage(), Event.class, Options.defaults())) {
            for (String d : List.of("a", "b", "c")) {
                for (long ts = 0; ts < 5; ts++) {
                    t.insert(new Event(d, ts, ts * 1.5));
                }
            }
            t.flush();
            t.insert(new Event("b", 2, 99));
            List<Event> b = new ArrayList<>();
            try (RowIterator<Event> it = t.scan(Scan.builder().from("b").to("b").build())) {
                it.forEachRemaining(b::add);
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), b.stream().map(Event::ts).collect(Collectors.toList()));
            assertEquals(99.0, b.get(2).value());
            List<Event> tail = new ArrayList<>();
            try (RowIterator<Event> it = t.scan(Scan.builder().fromExclusive("b", 3L).reverse(true).limit(3).build())) {
                it.forEachRemaining(tail::add);
            }
            assertEquals(List.of(new Event("c", 4, 6.0), new Event("c", 3, 4.5), new Event("c", 2, 3.0)), tail);
            assertEquals(new Event("a", 4, 6.0), t.get("a", 4L).orElseThrow());
        }
    }

    @Test
    void projectionLeavesOtherColumnsNull() {
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("a", ColumnType.STRING)
                .column("b", ColumnType.INT32).primaryKey("id").build();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), s, Options.defaults())) {
            t.insert(Row.of(s, 1L, "x", 5));
            t.flush();
            t.insert(Row.of(s, 2L, "y", 6));
            List<Row> rows = new ArrayList<>();
            try (RowIterator<Row> it = t.scan(Scan.builder().columns("b").build())) {
                it.forEachRemaining(rows::add);
            }
            assertEquals(List.of(Row.of(s, 1L, null, 5), Row.of(s, 2L, null, 6)), rows);
        }
    }

    @Test
    void misuseGivesClearErrors() {
        Schema s = Schema.builder().column("id", ColumnType.INT64, false).column("a", ColumnType.STRING, false)
                .column("d", ColumnType.decimal(5, 2)).primaryKey("id").build();
        try (Table<Row> t = Tonbo.open(new MemoryStorage(), s, Options.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.insert(Row.of(s, 1L, null, null)));
            assertTrue(e.getMessage().contains("'a'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Row.of(s, 1L, 5, null));
            assertTrue(e.getMessage().contains("column a"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.insert(Row.of(s, null, "x", null)));
            assertTrue(e.getMessage().contains("id"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.insert(Row.of(s, 1L, "x", new BigDecimal("1234.5"))));
            assertTrue(e.getMessage().contains("DECIMAL(5,2)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.get("one"));
            assertTrue(e.getMessage().contains("INT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.get(1L, 2L));
            assertTrue(e.getMessage().contains("1 column"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.scan(Scan.builder().columns("nope").build()));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
            assertFalse(t.get(1L).isPresent(), "failed writes left nothing behind");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.builder().memtableBytes(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Options.builder().compression(Compression.GZIP).compressionLevel(22).build());
        assertTrue(e.getMessage().contains("GZIP must be 1..9"), e.getMessage());
        assertEquals(9, Options.builder().compression(Compression.GZIP).compressionLevel(9).build().compressionLevel());
        assertEquals(22, Options.builder().compressionLevel(22).build().compressionLevel(), "ZSTD goes to 22");
        e = assertThrows(IllegalArgumentException.class,
                () -> Options.builder().compression(Compression.SNAPPY).compressionLevel(3).build());
        assertTrue(e.getMessage().contains("SNAPPY has no levels"), e.getMessage());
        assertEquals(Compression.LZ4_RAW, Options.builder().compression(Compression.LZ4_RAW).build().compression(),
                "no level given: no error");
        assertThrows(IllegalArgumentException.class, () -> Tonbo.schemaOf(NoKey.class));
    }

    record NoKey(long id) {
    }

    @Test
    void reopenWithAnotherSchemaIsRefused() {
        MemoryStorage storage = new MemoryStorage();
        Tonbo.open(storage, User.class, Options.defaults()).close();
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                () -> Tonbo.open(storage, Event.class, Options.defaults()));
        assertTrue(e.getMessage().contains("device"), e.getMessage());
        Tonbo.open(storage, User.class, Options.defaults()).close();
    }

    @Test
    void secondOpenInTheSameJvmIsRefused(@TempDir Path dir) {
        try (Table<User> t = Tonbo.open(dir, User.class)) {
            assertThrows(TableLockedException.class, () -> Tonbo.open(dir, User.class));
            t.insert(new User("a", null, (byte) 1));
        }
        try (Table<User> t = Tonbo.open(dir, User.class)) {
            assertTrue(t.get("a").isPresent());
        }
    }

    @Test
    void closedTableRefusesUse() {
        Table<User> t = Tonbo.open(new MemoryStorage(), User.class, Options.defaults());
        t.close();
        t.close();
        assertThrows(TableClosedException.class, () -> t.insert(new User("a", null, (byte) 1)));
        assertThrows(TableClosedException.class, () -> t.get("a"));

        Table<User> u = Tonbo.open(new MemoryStorage(), User.class, Options.defaults());
        u.insert(new User("a", null, (byte) 1));
        RowIterator<User> it = u.scan();
        Snapshot<User> snap = u.snapshot();
        u.close();
        assertThrows(TableClosedException.class, it::hasNext);
        assertThrows(TableClosedException.class, () -> snap.get("a"));
        it.close();
        snap.close();
    }

    @Test
    void snapshotIgnoresLaterWritesFlushesAndCompactions() {
        try (Table<User> t = Tonbo.open(new MemoryStorage(), User.class, Options.defaults())) {
            t.insert(new User("a", "1", (byte) 1));
            t.insert(new User("b", "1", (byte) 1));
            try (Snapshot<User> s = t.snapshot()) {
                t.insert(new User("a", "2", (byte) 2));
                t.delete("b");
                t.insert(new User("c", "2", (byte) 2));
                t.flush();
                t.compact();
                assertEquals("1", s.get("a").orElseThrow().email());
                assertEquals("1", s.get("b").orElseThrow().email());
                assertTrue(s.get("c").isEmpty());
                List<User> all = new ArrayList<>();
                try (RowIterator<User> it = s.scan()) {
                    it.forEachRemaining(all::add);
                }
                assertEquals(2, all.size());
            }
            assertEquals("2", t.get("a").orElseThrow().email());
            assertTrue(t.get("b").isEmpty());
        }
    }
}
