package org.tonbo4j.internal.manifest;

import java.io.IOException;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.LogFormat;
import org.tonbo4j.internal.log.LogWriter;
import org.tonbo4j.storage.Storage;

/**
 * Appends version edits to the current manifest file. Not thread-safe: the table's version set
 * is the only caller, under its lock. See docs/format/manifest.md.
 */
public final class ManifestWriter implements AutoCloseable {
    private final LogWriter log;
    private final long number;
    private final ByteWriter buf = new ByteWriter(4096);

    private ManifestWriter(LogWriter log, long number) {
        this.log = log;
        this.number = number;
    }

    /**
     * Starts manifest {@code FileNames.manifest(number)}: writes its header and the full
     * snapshot edit {@code snapshot} (which has the schema), syncs it, then atomically points
     * CURRENT at it. Older manifests are left for the caller to delete. If writing the new
     * file fails, it is deleted and CURRENT is unchanged; if replacing CURRENT fails, CURRENT
     * may name either manifest, so both are kept.
     *
     * @throws IllegalArgumentException if the snapshot lacks the schema or a counter
     */
    public static ManifestWriter create(Storage storage, long number, VersionEdit snapshot) throws IOException {
        if (snapshot.schema == null || snapshot.lastSequence == null || snapshot.nextFileNumber == null
                || snapshot.walFloor == null) {
            throw new IllegalArgumentException("the first edit of a manifest must be a snapshot with the schema, "
                    + "lastSequence, nextFileNumber and walFloor: " + snapshot);
        }
        if (number < 0) {
            throw new IllegalArgumentException("manifest number must be >= 0, got " + number);
        }
        String name = FileNames.manifest(number);
        LogWriter log = new LogWriter(storage, name, LogFormat.MANIFEST_MAGIC);
        ManifestWriter w = new ManifestWriter(log, number);
        try {
            w.write(snapshot);
        } catch (IOException | RuntimeException e) {
            try {
                log.close();
                storage.delete(name);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try {
            storage.publish(FileNames.CURRENT, CurrentFile.content(number));
        } catch (IOException | RuntimeException e) {
            // CURRENT may or may not name the new manifest now, so the file must stay.
            try {
                log.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return w;
    }

    /**
     * Appends one edit as one record and syncs it; durable on return.
     *
     * @throws IllegalArgumentException if the edit carries a schema (only the snapshot does)
     */
    public void append(VersionEdit edit) throws IOException {
        if (edit.schema != null) {
            throw new IllegalArgumentException("only the first edit of a manifest carries the schema: " + edit);
        }
        write(edit);
    }

    private void write(VersionEdit edit) throws IOException {
        buf.reset(LogFormat.FRAME_SIZE);
        EditCodec.encode(edit, buf);
        log.write(LogFormat.TYPE_VERSION_EDIT, buf);
        log.sync();
    }

    /** Bytes in the manifest file (to decide when to start a new one). */
    public long size() {
        return log.size();
    }

    /** The manifest's file number. */
    public long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
