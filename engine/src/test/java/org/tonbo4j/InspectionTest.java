package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.WritableFile;

/** Opening a table without its schema, listing its files, verifying them end to end. */
class InspectionTest {
    private static final Schema SCHEMA = Schema.builder().column("region", ColumnType.STRING, false)
            .column("id", ColumnType.INT64, false).column("v", ColumnType.FLOAT64).primaryKey("region", "id").build();

    private static MemoryStorage table() {
        MemoryStorage storage = new MemoryStorage();
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, Options.builder().compactionEnabled(false).build())) {
            for (String region : List.of("eu", "us")) {
                List<Row> rows = new ArrayList<>();
                for (long i = 0; i < 1000; i++) {
                    rows.add(Row.of(SCHEMA, region, i, i * 0.5));
                }
                t.insertAll(rows);
                t.flush();
            }
        }
        return storage;
    }

    @Test
    void opensWithTheStoredSchemaAndListsFiles() {
        MemoryStorage storage = table();
        assertEquals(SCHEMA, Tonbo.storedSchema(storage).orElseThrow());
        assertTrue(Tonbo.storedSchema(new MemoryStorage()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Tonbo.open(new MemoryStorage(), Options.defaults()));
        try (Table<Row> t = Tonbo.open(storage, Options.defaults())) {
            assertEquals(SCHEMA, t.schema());
            List<TableFile> files = t.files();
            assertEquals(2, files.size());
            TableFile us = files.get(0); // level 0, newest first
            assertEquals(0, us.level());
            assertEquals(List.of("us", 0L), us.minKey());
            assertEquals(List.of("us", 999L), us.maxKey());
            assertEquals(1000, us.rows());
            assertTrue(us.name().startsWith("sst/") && us.name().endsWith(".parquet"), us.name());
            assertEquals(List.of("eu", 0L), files.get(1).minKey());
            VerifyReport report = t.verify();
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(2, report.files());
            assertEquals(2000, report.rows());
        }
    }

    @Test
    void verifyNamesADamagedFile() throws Exception {
        MemoryStorage storage = table();
        String victim;
        try (Table<Row> t = Tonbo.open(storage, Options.defaults())) {
            victim = t.files().get(1).name();
        }
        byte[] bytes = storage.readAll(victim);
        bytes[64] ^= 0x5A; // inside the first column chunk's pages (checksummed)
        storage.delete(victim);
        try (WritableFile f = storage.create(victim)) {
            f.write(bytes, 0, bytes.length);
            f.sync();
        }
        try (Table<Row> t = Tonbo.open(storage, Options.defaults())) {
            VerifyReport report = t.verify();
            assertFalse(report.ok());
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertTrue(report.problems().get(0).startsWith(victim), report.problems().get(0));
        }
    }
}
