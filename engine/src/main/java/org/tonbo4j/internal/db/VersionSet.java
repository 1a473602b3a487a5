package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.ManifestWriter;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.storage.Storage;

/**
 * The current {@link Version}, the counters the manifest keeps (next file number, last
 * sequence, WAL floor) and the manifest writer. Installs edits durably, pins versions for
 * readers, and deletes SST files once no pinned version references them. Thread-safe (all
 * methods synchronized).
 */
final class VersionSet {
    /** A manifest larger than this is replaced by a fresh snapshot at the next edit. */
    private static final long MANIFEST_ROLL_BYTES = 4L << 20;

    private final Storage storage;
    private final Schema schema;
    private final TableCache tableCache;
    private final Set<Version> pinned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Long> obsolete = new HashSet<>();
    private ManifestWriter manifest;
    private Version current;
    private long nextFileNumber;
    private long lastSequence;
    private long walFloor;
    private long historyFloor;
    private final java.util.TreeMap<String, Long> namedSnapshots = new java.util.TreeMap<>();

    VersionSet(Storage storage, Schema schema, TableCache tableCache, Version initial, long nextFileNumber,
               long lastSequence, long walFloor, long historyFloor, java.util.Map<String, Long> namedSnapshots) {
        this.historyFloor = historyFloor;
        this.namedSnapshots.putAll(namedSnapshots);
        this.storage = storage;
        this.schema = schema;
        this.tableCache = tableCache;
        this.current = initial;
        this.nextFileNumber = nextFileNumber;
        this.lastSequence = lastSequence;
        this.walFloor = walFloor;
    }

    synchronized long newFileNumber() {
        return nextFileNumber++;
    }

    synchronized Version current() {
        return current;
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    synchronized long walFloor() {
        return walFloor;
    }

    /** The largest history floor recorded: versions below it may be gone. */
    synchronized long historyFloor() {
        return historyFloor;
    }

    synchronized java.util.SortedMap<String, Long> namedSnapshots() {
        return new java.util.TreeMap<>(namedSnapshots);
    }

    /** Starts a fresh manifest holding a snapshot of the current state; CURRENT points at it. */
    synchronized void writeSnapshotManifest() throws IOException {
        long number = nextFileNumber++;
        VersionEdit snap = snapshotEdit();
        ManifestWriter old = manifest;
        manifest = ManifestWriter.create(storage, number, snap);
        if (old != null) {
            old.close();
        }
        for (String name : storage.list(FileNames.MANIFEST_PREFIX)) {
            if (FileNames.number(name) != number) {
                storage.delete(name);
            }
        }
    }

    private VersionEdit snapshotEdit() {
        VersionEdit e = new VersionEdit();
        e.schema = schema;
        e.lastSequence = lastSequence;
        e.nextFileNumber = nextFileNumber;
        e.walFloor = walFloor;
        e.historyFloor = historyFloor;
        e.pinned.putAll(namedSnapshots);
        e.added.addAll(current.allFiles());
        return e;
    }

    /**
     * Makes an edit durable in the manifest, then installs the new version. Files the edit
     * deletes are removed from storage once no pinned version needs them.
     */
    synchronized void logAndApply(VersionEdit edit) throws IOException {
        if (edit.lastSequence != null) {
            lastSequence = Math.max(lastSequence, edit.lastSequence);
        }
        if (edit.walFloor != null) {
            walFloor = Math.max(walFloor, edit.walFloor);
        }
        if (edit.historyFloor != null) {
            historyFloor = Math.max(historyFloor, edit.historyFloor);
        }
        edit.lastSequence = lastSequence;
        edit.walFloor = walFloor;
        edit.historyFloor = historyFloor;
        edit.nextFileNumber = nextFileNumber;
        java.util.TreeMap<String, Long> savedNames = new java.util.TreeMap<>(namedSnapshots);
        for (String name : edit.unpinned) {
            namedSnapshots.remove(name);
        }
        namedSnapshots.putAll(edit.pinned);
        Version next = current.apply(edit.added, edit.deleted);
        if (manifest.size() > MANIFEST_ROLL_BYTES) {
            Version saved = current;
            current = next;
            try {
                writeSnapshotManifest();
            } catch (IOException | RuntimeException e) {
                current = saved;
                namedSnapshots.clear();
                namedSnapshots.putAll(savedNames);
                throw e;
            }
        } else {
            try {
                manifest.append(edit);
            } catch (IOException | RuntimeException e) {
                namedSnapshots.clear();
                namedSnapshots.putAll(savedNames);
                throw e;
            }
            current = next;
        }
        for (long[] d : edit.deleted) {
            obsolete.add(d[1]);
        }
        deleteObsoleteFiles();
    }

    /** Pins the current version for a reader; release it with {@link #release}. */
    synchronized Version acquire() {
        current.ref();
        pinned.add(current);
        return current;
    }

    /** Pins a version already pinned by the caller once more, for a second reader of the same view. */
    synchronized void retain(Version v) {
        if (!pinned.contains(v)) {
            throw new IllegalStateException("retain of a version that is not pinned");
        }
        v.ref();
    }

    synchronized void release(Version v) {
        if (v.unref()) {
            pinned.remove(v);
            deleteObsoleteFiles();
        }
    }

    private void deleteObsoleteFiles() {
        if (obsolete.isEmpty()) {
            return;
        }
        Set<Long> live = new HashSet<>();
        for (FileMeta f : current.allFiles()) {
            live.add(f.number());
        }
        for (Version v : pinned) {
            for (FileMeta f : v.allFiles()) {
                live.add(f.number());
            }
        }
        List<Long> gone = new ArrayList<>();
        for (Long n : obsolete) {
            if (!live.contains(n)) {
                gone.add(n);
            }
        }
        for (Long n : gone) {
            tableCache.evict(n);
            try {
                storage.delete(FileNames.sst(n));
                obsolete.remove(n);
            } catch (IOException e) {
                // Left in place; retried at the next release and swept as an orphan at the next open.
            }
        }
    }

    synchronized void close() throws IOException {
        if (manifest != null) {
            manifest.close();
            manifest = null;
        }
    }
}
