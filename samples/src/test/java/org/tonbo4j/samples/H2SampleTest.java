package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the H2 sample and checks its query answers, the rollback and the Parquet file. */
class H2SampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        String out = SampleRun.run(H2Sample::main, dir.toString());
        assertTrue(out.contains("  apple | 8 | 4.00\n  pear | 2 | 1.60\n  plum | 12 | 3.00\n"), out);
        assertTrue(out.contains("SELECT COUNT(*) FROM sales\n  4\n"), out);
        assertTrue(out.contains("parquet file: shop.tonbo/"), out);
        assertTrue(out.contains("  2 | pear | 2\n  3 | apple | 5\n"), out);
    }
}
