package org.tonbo4j.internal.manifest;

import java.io.IOException;
import java.util.List;
import org.tonbo4j.storage.Storage;

/** Reads the manifest that CURRENT points to. Stateless. */
public final class ManifestReader {
    private ManifestReader() {
    }

    /**
     * The edits of the current manifest, snapshot first; null when there is no CURRENT (a new
     * table). A torn final record (an edit whose append never returned) is ignored; any other
     * damage, a bad CURRENT or a missing manifest is a {@link org.tonbo4j.CorruptionException}
     * naming the file and offset.
     */
    public static List<VersionEdit> readCurrent(Storage storage) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
