package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.storage.LocalStorage;

/**
 * A read-only view next to a live writer: it shows the writer's committed state when opened,
 * keeps it until refreshed, takes no lock and changes no file of the writer.
 */
class ReadOnlyTableTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.STRING).primaryKey("id").build();
    private static final Options OPTIONS = Options.builder().memtableBytes(16 << 10).targetFileBytes(8 << 10)
            .level0CompactionTrigger(2).level1MaxBytes(16 << 10).build();

    private static List<String> rows(RowIterator<Row> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(r -> out.add(r.getLong("id") + "=" + r.getString("v")));
        }
        return out;
    }

    @Test
    void viewOfALiveWriter(@TempDir Path dir) throws Exception {
        try (LocalStorage storage = new LocalStorage(dir); Table<Row> writer = Tonbo.open(storage, SCHEMA, OPTIONS)) {
            for (long i = 0; i < 3000; i++) {
                writer.insert(Row.of(SCHEMA, i % 700, "v" + i));
            }
            List<String> before = rows(writer.scan());
            List<String> files = storage.list("");
            try (ReadOnlyTable<Row> view = Tonbo.openReadOnly(storage, SCHEMA, Options.defaults())) {
                assertEquals(before, rows(view.scan()));
                assertEquals(files, storage.list(""), "opening the view changed no file of the writer");
                for (long i = 3000; i < 6000; i++) {
                    writer.insert(Row.of(SCHEMA, i % 900, "w" + i));
                }
                writer.compact();
                assertEquals(before, rows(view.scan()), "the view keeps its state");
                view.refresh();
                assertEquals(rows(writer.scan()), rows(view.scan()));
                assertEquals(writer.get(5L), view.get(5L));
                writer.insert(Row.of(SCHEMA, 1L, "after"));
            }
            assertThrows(TableLockedException.class, () -> Tonbo.open(storage, SCHEMA, OPTIONS),
                    "the writer still holds its lock");
        }
    }
}
