package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the transactions sample as a smoke test and checks what it reports. */
class TransactionsSampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TransactionsSample.main(new String[] {dir.toString()});
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        saved.print(text);
        assertTrue(text.contains("total now 10000"), text);
        assertTrue(text.contains("account 0 owner: renamed, account 1 still there: true"), text);
        assertTrue(text.contains("total 10000, account 0 had 1000"), text);
    }
}
