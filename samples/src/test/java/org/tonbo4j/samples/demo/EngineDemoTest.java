package org.tonbo4j.samples.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --engine-only} runs the engine demo: every key found, a Parquet file listed. */
class EngineDemoTest {
    @Test
    void engineOnly(@TempDir Path dir) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            MainDemo.main(new String[] {"--engine-only", "--dir=" + dir.resolve("orders"), "--rows=5000"});
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        saved.print(text);
        assertTrue(text.contains("found 5,000 of 5,000 keys"), text);
        assertTrue(text.contains("sst/") && text.contains(".parquet"), text);
    }
}
