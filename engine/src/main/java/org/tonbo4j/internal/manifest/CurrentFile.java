package org.tonbo4j.internal.manifest;

import java.nio.charset.StandardCharsets;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.internal.FileNames;

/**
 * The content of {@code CURRENT}: the current manifest's file name and a newline, in ASCII,
 * e.g. {@code "MANIFEST-000123\n"}. Stateless.
 */
final class CurrentFile {
    private CurrentFile() {
    }

    static byte[] content(long manifestNumber) {
        return (FileNames.manifest(manifestNumber) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The manifest number CURRENT names; a {@link CorruptionException} naming CURRENT if malformed. */
    static long parse(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (content.length > 64 || !text.endsWith("\n")) {
            throw bad(text, "expected a manifest name and a newline");
        }
        String name = text.substring(0, text.length() - 1);
        long number = name.startsWith(FileNames.MANIFEST_PREFIX) ? FileNames.number(name) : -1;
        if (number < 0 || !FileNames.manifest(number).equals(name)) {
            throw bad(text, "not a manifest name");
        }
        return number;
    }

    private static CorruptionException bad(String text, String problem) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new CorruptionException(FileNames.CURRENT, 0, problem + ", found \""
                + shown.replace("\n", "\\n") + "\"");
    }
}
