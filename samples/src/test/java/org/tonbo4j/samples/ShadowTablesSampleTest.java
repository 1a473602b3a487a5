package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shadow-tables sample: both mirrors must show the row table's state after its later writes. */
class ShadowTablesSampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        String out = SampleRun.run(ShadowTablesSample::main, dir.toString());
        String expected = "  apple | 1 | 5\n  pear | 1 | 2\n  plum | 1 | 12\n";
        assertTrue(out.contains("H2: SELECT item, COUNT(*), SUM(qty) FROM orders_tonbo GROUP BY item ORDER BY item\n" + expected), out);
        assertTrue(out.contains("SQLite: SELECT item, count(*), sum(qty) FROM orders_tonbo GROUP BY item ORDER BY item\n" + expected), out);
    }
}
