package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Options;
import org.tonbo4j.Schema;
import org.tonbo4j.SchemaMismatchException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.manifest.ManifestReader;
import org.tonbo4j.internal.manifest.VersionEdit;
import org.tonbo4j.internal.memtable.MemTable;
import org.tonbo4j.internal.read.IteratorSource;
import org.tonbo4j.internal.wal.RowCodec;
import org.tonbo4j.internal.wal.WalReader;
import org.tonbo4j.storage.Storage;

/**
 * Brings a table to a consistent state at open: reads the manifest (or starts a new table),
 * checks the schema and the files, replays WAL segments at or above the WAL floor into L0 files,
 * writes a fresh manifest and removes files nothing references. One use per open.
 */
final class Recovery {
    private final Storage storage;
    /** The schema the table was stored with: the manifest, the WAL and replayed files use it. */
    private final Schema schema;
    /** The schema the table continues with: {@link #schema} or a version with columns appended. */
    private final Schema nextSchema;
    private final Options options;
    private final TableCache tableCache;

    /** What the table starts from. */
    static final class Result {
        VersionSet versions;
        long lastSequence;
        long walNumber;
    }

    Recovery(Storage storage, Schema schema, Options options, TableCache tableCache) {
        this(storage, schema, schema, options, tableCache);
    }

    /**
     * Recovery that also changes the schema to {@code nextSchema} (columns appended): the WAL is
     * replayed into files of the stored schema, then the fresh manifest names the new schema. That
     * manifest's publication is the schema change: a crash before it leaves the old schema and
     * the same WAL, a crash after it the new schema and no WAL record of the old one.
     */
    Recovery(Storage storage, Schema schema, Schema nextSchema, Options options, TableCache tableCache) {
        this.storage = storage;
        this.schema = schema;
        this.nextSchema = nextSchema;
        this.options = options;
        this.tableCache = tableCache;
    }

    Result run() throws IOException {
        List<VersionEdit> edits = ManifestReader.readCurrent(storage);
        List<String> ssts = storage.list(FileNames.SST_DIR);
        List<String> wals = storage.list(FileNames.WAL_DIR);
        Version version = Version.empty(options.maxLevels());
        long nextFile = 1;
        long lastSeq = 0;
        long walFloor = 0;
        Long historyFloor = null;
        java.util.TreeMap<String, Long> named = new java.util.TreeMap<>();
        if (edits == null) {
            if (!ssts.isEmpty()) {
                throw new CorruptionException(FileNames.CURRENT, -1, "the table in " + storage.describe()
                        + " has SST files but no CURRENT manifest pointer");
            }
        } else {
            VersionEdit first = edits.get(0);
            if (first.schema == null) {
                throw new CorruptionException(FileNames.CURRENT, -1, "manifest has no schema");
            }
            if (!first.schema.equals(schema)) {
                throw new SchemaMismatchException("table in " + storage.describe() + " was created with schema "
                        + SchemaCodec.toText(first.schema) + " but is opened with " + SchemaCodec.toText(schema));
            }
            for (VersionEdit e : edits) {
                version = version.apply(e.added, e.deleted);
                if (e.nextFileNumber != null) {
                    nextFile = Math.max(nextFile, e.nextFileNumber);
                }
                if (e.lastSequence != null) {
                    lastSeq = Math.max(lastSeq, e.lastSequence);
                }
                if (e.walFloor != null) {
                    walFloor = Math.max(walFloor, e.walFloor);
                }
                if (e.historyFloor != null) {
                    historyFloor = Math.max(historyFloor == null ? 0 : historyFloor, e.historyFloor);
                }
                for (String name : e.unpinned) {
                    named.remove(name);
                }
                named.putAll(e.pinned);
            }
            if (version.levelCount() > options.maxLevels()) {
                throw new IllegalArgumentException("table in " + storage.describe() + " has " + version.levelCount()
                        + " levels but options.maxLevels is " + options.maxLevels());
            }
        }
        for (String name : ssts) {
            nextFile = Math.max(nextFile, FileNames.number(name) + 1);
        }
        for (String name : wals) {
            nextFile = Math.max(nextFile, FileNames.number(name) + 1);
        }
        for (String name : storage.list(FileNames.MANIFEST_PREFIX)) {
            nextFile = Math.max(nextFile, FileNames.number(name) + 1);
        }
        List<Long> liveNumbers = new ArrayList<>();
        for (FileMeta f : version.allFiles()) {
            if (!storage.exists(FileNames.sst(f.number()))) {
                throw new CorruptionException(FileNames.sst(f.number()), -1, "SST file listed in the manifest is missing from "
                        + storage.describe());
            }
            liveNumbers.add(f.number());
        }
        // Manifests of format version 1 kept no history: nothing before their last sequence.
        long floor = historyFloor != null ? historyFloor : lastSeq;
        VersionSet versions = new VersionSet(storage, schema, tableCache, version, nextFile, lastSeq, walFloor, floor, named);
        SnapshotRegistry keep = new SnapshotRegistry();
        for (long seq : named.values()) {
            keep.acquire(seq);
        }

        // Replay WAL segments at or above the floor, in order, into L0 files.
        List<String> replay = new ArrayList<>();
        for (String name : wals) {
            long n = FileNames.number(name);
            if (n >= walFloor) {
                replay.add(name);
            }
        }
        replay.sort((a, b) -> Long.compare(FileNames.number(a), FileNames.number(b)));
        List<FileMeta> replayed = new ArrayList<>();
        long[] maxSeq = {lastSeq};
        RowCodec codec = new RowCodec(schema);
        MemTable[] mem = {new MemTable(0, codec)};
        for (int i = 0; i < replay.size(); i++) {
            boolean last = i == replay.size() - 1;
            WalReader.replay(storage, replay.get(i), schema, last, batch -> {
                for (Entry e : batch) {
                    mem[0].add(e);
                    maxSeq[0] = Math.max(maxSeq[0], e.seq);
                }
            });
            if (mem[0].approximateBytes() >= options.memtableBytes() || last) {
                replayed.addAll(flush(versions, mem[0], new VersionFilter(keep, floor, false)));
                mem[0] = new MemTable(0, codec);
            }
        }
        long walNumber = versions.newFileNumber();
        // The replayed files and the new WAL floor become durable in one fresh snapshot manifest.
        Version withReplay = version.apply(replayed, List.of());
        VersionSet result = new VersionSet(storage, nextSchema, tableCache, withReplay, versions.newFileNumber(), maxSeq[0],
                walNumber, floor, named);
        result.writeSnapshotManifest();

        for (String name : replay) {
            storage.delete(name);
        }
        for (String name : wals) {
            if (FileNames.number(name) < walFloor) {
                storage.delete(name);
            }
        }
        for (FileMeta f : replayed) {
            liveNumbers.add(f.number());
        }
        for (String name : ssts) {
            if (!liveNumbers.contains(FileNames.number(name))) {
                storage.delete(name);
            }
        }
        Result r = new Result();
        r.versions = result;
        r.lastSequence = maxSeq[0];
        r.walNumber = walNumber;
        return r;
    }

    private List<FileMeta> flush(VersionSet versions, MemTable m, VersionFilter filter) throws IOException {
        if (m.isEmpty()) {
            return List.of();
        }
        SstBuilder b = new SstBuilder(storage, schema, options, versions::newFileNumber, () -> false);
        return b.build(new IteratorSource(m.iterator()), filter, 0, Long.MAX_VALUE, m.size());
    }
}
