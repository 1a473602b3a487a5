package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.storage.LocalStorage;

/**
 * A table of manifest format version 3 whose schema grew twice (one added column nullable, one
 * NOT NULL with a default), committed under {@code src/test/resources/golden/table-v3}: SST files
 * of both schemas and WAL records of the newest. Every later build must open it and read the
 * same rows. Regenerate only when a format version changes, into a new folder:
 * {@code java -cp <test class path> org.tonbo4j.GoldenTableV3Test DIR}.
 */
class GoldenTableV3Test {
    static final Schema V1 = Schema.builder().column("id", ColumnType.INT64, false).column("name", ColumnType.STRING)
            .primaryKey("id").build();
    static final String V3_TEXT = "\"id\" INT64 NOT NULL, \"name\" STRING, \"score\" FLOAT64, "
            + "\"tier\" INT32 NOT NULL DEFAULT 7; KEY \"id\"";

    static List<Row> expected(Schema v3) {
        List<Row> out = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            out.add(i < 30 ? Row.of(v3, i, "old-" + i, null, 7) : Row.of(v3, i, "new-" + i, i / 4.0, (int) i));
        }
        return out;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Options o = Options.builder().compactionEnabled(false).build();
        try (Table<Row> t = Tonbo.open(dir, V1, o)) {
            for (long i = 0; i < 30; i++) {
                t.insert(Row.of(V1, i, "old-" + i));
                if (i == 19) {
                    t.compact();
                }
            }
            t.flush();
            t.addColumn(Column.nullable("score", ColumnType.FLOAT64));
            Schema v3 = t.addColumn(Column.required("tier", ColumnType.INT32).withDefault(7));
            for (long i = 30; i < 40; i++) {
                t.insert(Row.of(v3, i, "new-" + i, i / 4.0, (int) i));
                if (i == 34) {
                    t.flush();
                }
            }
        }
    }

    @Test
    void opensTheGoldenStore(@TempDir Path tmp) throws IOException, URISyntaxException {
        Path src = Path.of(GoldenTableV3Test.class.getResource("/golden/table-v3/CURRENT").toURI()).getParent();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = tmp.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        LocalStorage storage = new LocalStorage(tmp);
        String manifest = new String(storage.readAll(FileNames.CURRENT), java.nio.charset.StandardCharsets.US_ASCII).trim();
        assertArrayEquals(LogFormat.header(LogFormat.MANIFEST_MAGIC, 3),
                java.util.Arrays.copyOf(storage.readAll(manifest), LogFormat.HEADER_SIZE));
        Schema v3 = Tonbo.storedSchema(storage).orElseThrow();
        assertEquals(V3_TEXT, SchemaCodec.toText(v3));
        try (Table<Row> t = Tonbo.open(storage, Options.builder().compactionEnabled(false).build())) {
            List<Row> rows = new ArrayList<>();
            try (RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(rows::add);
            }
            assertEquals(expected(v3), rows);
            assertEquals(Row.of(v3, 3L, "old-3", null, 7), t.get(3L).orElseThrow());
            t.compact();
            List<Row> after = new ArrayList<>();
            try (RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(after::add);
            }
            assertEquals(expected(v3), after);
        }
    }
}
