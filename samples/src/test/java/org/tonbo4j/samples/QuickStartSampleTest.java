package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/** Runs the quick start and checks what it prints and what it leaves in the table. */
class QuickStartSampleTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        String out = SampleRun.run(QuickStartSample::main, dir.toString());
        assertTrue(out.contains("get Alice: User[name=Alice, email=alice@example.com, age=30]"), out);
        assertTrue(out.contains("scan B..D: Bob, 25\nscan B..D: Carol, 41\n"), out);
        assertTrue(out.contains("after delete: Bob present = false, snapshot still sees Bob = true"), out);
        assertTrue(out.contains("reopened: 3 users, Alice = User[name=Alice, email=alice@new.example.com, age=31]"), out);
        assertTrue(out.contains("file: sst/"), out);
        try (Table<QuickStartSample.User> users = Tonbo.open(dir.resolve("users"), QuickStartSample.User.class)) {
            List<String> names = new java.util.ArrayList<>();
            users.scan().forEachRemaining(u -> names.add(u.name()));
            assertEquals(List.of("Alice", "Carol", "Dave"), names);
        }
    }
}
