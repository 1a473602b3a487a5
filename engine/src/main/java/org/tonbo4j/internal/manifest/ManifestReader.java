package org.tonbo4j.internal.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.internal.log.LogReader;
import org.tonbo4j.internal.log.MalformedRecordException;
import org.tonbo4j.storage.Storage;

/** Reads the manifest that CURRENT points to. Stateless. */
public final class ManifestReader {
    private static final System.Logger LOG = System.getLogger(ManifestReader.class.getName());

    private ManifestReader() {
    }

    /**
     * The edits of the current manifest, snapshot first; null when there is no CURRENT (a new
     * table). A torn final record (an edit whose append never returned) is ignored; any other
     * damage, a bad CURRENT or a missing manifest is a {@link org.tonbo4j.CorruptionException}
     * naming the file and offset.
     */
    public static List<VersionEdit> readCurrent(Storage storage) throws IOException {
        if (!storage.exists(FileNames.CURRENT)) {
            return null;
        }
        long number = CurrentFile.parse(storage.readAll(FileNames.CURRENT));
        String name = FileNames.manifest(number);
        if (!storage.exists(name)) {
            throw new CorruptionException(FileNames.CURRENT, 0, "names " + name + ", which does not exist");
        }
        return read(storage, name);
    }

    /** The edits of one manifest file, checked as {@link #readCurrent} does. */
    static List<VersionEdit> read(Storage storage, String name) throws IOException {
        List<VersionEdit> edits = new ArrayList<>();
        try (LogReader r = new LogReader(storage, name, LogFormat.MANIFEST_MAGIC, LogFormat.TYPE_VERSION_EDIT, true)) {
            while (r.next()) {
                VersionEdit e;
                try {
                    e = EditCodec.decode(r.payload());
                } catch (MalformedRecordException bad) {
                    throw r.corruption(bad);
                }
                check(e, edits.isEmpty(), name, r.recordOffset());
                edits.add(e);
            }
            if (r.tornOffset() >= 0) {
                LOG.log(System.Logger.Level.WARNING, "ignored the torn tail of {0} from offset {1} (an unfinished append)",
                        name, r.tornOffset());
            }
        }
        if (edits.isEmpty()) {
            throw new CorruptionException(name, LogFormat.HEADER_SIZE, "the manifest holds no complete snapshot edit");
        }
        return edits;
    }

    private static void check(VersionEdit e, boolean first, String name, long offset) {
        if (first && (e.schema == null || e.lastSequence == null || e.nextFileNumber == null || e.walFloor == null)) {
            throw new CorruptionException(name, offset, "the first edit is not a snapshot (it needs the schema, "
                    + "lastSequence, nextFileNumber and walFloor): " + e);
        }
        if (!first && e.schema != null) {
            throw new CorruptionException(name, offset, "only the first edit may carry the schema");
        }
    }
}
