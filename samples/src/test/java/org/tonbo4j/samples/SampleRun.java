package org.tonbo4j.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a sample's {@code main} with standard output captured; the output is also echoed. */
final class SampleRun {
    interface Main {
        void run(String[] args) throws Exception;
    }

    private SampleRun() {
    }

    static synchronized String run(Main main, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        saved.print(text);
        return text;
    }
}
