package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sqlite-jdbc sample and checks its answers and the table directory it wrote. */
class SqliteJdbcSampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        String out = SampleRun.run(SqliteJdbcSample::main, dir.toString());
        // sensor 2, ts 50..99: values 25.0 .. 29.9
        assertTrue(out.contains("ts >= 50\n  50 | 25.0 | 29.9\n"), out);
        assertTrue(out.contains("  attic | 100 | 24.95\n  boiler | 100 | 14.95\n"), out);
        assertTrue(out.contains("LIMIT 2\n  2 | 99 | 29.9\n  2 | 98 | 29.8\n"), out);
        assertTrue(Files.isDirectory(dir.resolve("readings")), "the table lives next to the database file");
    }
}
