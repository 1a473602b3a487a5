package org.tonbo4j.internal.manifest;

import java.io.IOException;
import org.tonbo4j.storage.Storage;

/**
 * Appends version edits to the current manifest file. Not thread-safe: the table's version set
 * is the only caller, under its lock. See docs/format/manifest.md.
 */
public final class ManifestWriter implements AutoCloseable {

    /**
     * Starts manifest {@code FileNames.manifest(number)}: writes its header and the full
     * snapshot edit {@code snapshot} (which has the schema), syncs it, then atomically points
     * CURRENT at it. Older manifests are left for the caller to delete.
     */
    public static ManifestWriter create(Storage storage, long number, VersionEdit snapshot) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Appends one edit as one record and syncs it; durable on return. */
    public void append(VersionEdit edit) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Bytes in the manifest file (to decide when to start a new one). */
    public long size() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The manifest's file number. */
    public long number() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
