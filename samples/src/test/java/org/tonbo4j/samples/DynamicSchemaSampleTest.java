package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the dynamic-schema sample and checks the values it reads back. */
class DynamicSchemaSampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        String out = SampleRun.run(DynamicSchemaSample::main, dir.toString());
        assertTrue(out.contains("get (us, 2026-01-03): revenue 300.50, orders 12"), out);
        // 100.50 + 200.50 + 300.50 + 400.50 + 500.50
        assertTrue(out.contains("eu revenue: 1502.50"), out);
        assertTrue(out.contains("stored schema: ") && out.contains("region"), out);
        assertTrue(out.contains("reopened with the stored schema: 15 rows"), out);
    }
}
