package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Options;

/** docs/configuration.md lists every public setter of {@code Options.Builder} in its table. */
class ConfigurationDocTest {
    @Test
    void everyOptionIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("../docs/configuration.md"));
        List<String> missing = new ArrayList<>();
        int setters = 0;
        for (Method m : Options.Builder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Options.Builder.class) {
                setters++;
                if (!doc.contains("| `" + m.getName() + "` |")) {
                    missing.add(m.getName());
                }
            }
        }
        assertTrue(setters >= 17, "found only " + setters + " setters");
        assertTrue(missing.isEmpty(), "options missing from docs/configuration.md: " + missing);
    }
}
