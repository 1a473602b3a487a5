package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.SchemaMismatchException;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.TonboException;
import org.tonbo4j.storage.Storage;

/**
 * The tables the sidecar has open, shared by every session that names the same location (a
 * local directory, or an S3 bucket and prefix plus the local directory of the hot levels);
 * reference-counted, closed when the last session lets go. Thread-safe (synchronized).
 */
final class TableRegistry {
    private static final System.Logger LOG = System.getLogger(TableRegistry.class.getName());

    /** An open table and how many sessions hold it. */
    static final class Entry {
        final String location;
        final Path local;
        final Storage storage;
        final Table<Row> table;
        /** The table's arguments if it lives (partly) in S3, else null. */
        final TableArgs s3Args;
        int refs;
        /** Per SQLite connection (see {@link #acquire}), how many of its sessions hold the table. */
        final Map<String, Integer> holders = new HashMap<>();
        /** Set by {@link #destroy}: the holds left (stale sessions of the dropping connection) are void. */
        boolean dropped;
        /** Keys for rows inserted without one (an INTEGER key, SQLite's rowid alias); made on first use. */
        private KeyAllocator keys;

        synchronized KeyAllocator keyAllocator(String name, String keyColumn) {
            if (keys == null) {
                keys = new KeyAllocator(name, keyColumn);
            }
            return keys;
        }

        Entry(String location, Path local, Storage storage, Table<Row> table, TableArgs s3Args) {
            this.location = location;
            this.local = local;
            this.storage = storage;
            this.table = table;
            this.s3Args = s3Args;
        }
    }

    private final Map<String, Entry> open = new HashMap<>();

    /**
     * Opens (or shares) the table at {@code path} (absolute) or in S3, with this schema, for a
     * session of the SQLite connection {@code connection} (one connection may hold a table
     * through several sessions: SQLite connects a table anew after a schema change while older
     * statements still hold the previous instance).
     */
    synchronized Entry acquire(Path path, Schema schema, TableArgs args, String connection) {
        boolean s3 = args.fs().equals("s3");
        String location = s3 ? S3Tables.location(args, path) : path.toString();
        Entry e = open.get(location);
        if (e == null) {
            // the flush at close is ours to call (release): none when the table is dropped
            Options.Builder ob = Options.builder().flushOnClose(false)
                    .syncPolicy(args.syncAlways() ? SyncPolicy.everyCommit() : SyncPolicy.never());
            if (args.memtableBytes() > 0) {
                ob.memtableBytes(args.memtableBytes());
            }
            if (args.idleFlushMillis() >= 0) {
                ob.idleFlush(java.time.Duration.ofMillis(args.idleFlushMillis()));
            }
            Options options = ob.build();
            if (!s3 || args.level() > 0) {
                refuseForeignDirectory(path);
            }
            boolean fresh = (!s3 || args.level() > 0) && !Files.exists(path);
            Storage storage = s3 ? S3Tables.open(args, path) : null;
            try {
                Table<Row> t = storage != null ? Tonbo.open(storage, schema, options) : Tonbo.open(path, schema, options);
                e = new Entry(location, s3 && args.level() == 0 ? null : path, storage, t, s3 ? args : null);
            } catch (SchemaMismatchException ex) {
                closeQuietly(storage);
                removeIfFresh(fresh, path);
                throw new SqlError("tonbo: the table at " + location + " has another schema than create_sql: " + ex.getMessage());
            } catch (TonboException | IllegalArgumentException ex) {
                closeQuietly(storage);
                removeIfFresh(fresh, path); // a failed CREATE leaves no directory behind
                throw new SqlError("tonbo: cannot open the table at " + location + (s3 ? S3Tables.at(args) : "") + ": "
                        + (s3 ? S3Tables.scrub(ex.getMessage(), args) : ex.getMessage()));
            }
            open.put(location, e);
        } else if (!e.table.schema().equals(schema)) {
            throw new SqlError("tonbo: the table at " + location + " is open with schema " + e.table.schema()
                    + ", create_sql says " + schema);
        }
        e.refs++;
        e.holders.merge(connection, 1, Integer::sum);
        return e;
    }

    synchronized void release(Entry e, String connection) {
        if (e.dropped) {
            return;
        }
        e.holders.computeIfPresent(connection, (k, n) -> n == 1 ? null : n - 1);
        if (--e.refs == 0) {
            open.remove(e.location);
            try {
                e.table.flush(); // the last connection let go: every row into Parquet
            } catch (TonboException ex) {
                LOG.log(System.Logger.Level.WARNING, "flushing " + e.location + " at close: " + ex); // the WAL keeps the rows
            }
            e.table.close();
            closeQuietly(e.storage);
        }
    }

    /**
     * Drops the table for DROP TABLE: closes it and deletes every file of it (the local
     * directory, and the objects under its S3 prefix). Refused while another SQLite connection
     * has it open (sessions of the dropping connection do not count); on success every hold is
     * gone.
     */
    synchronized void destroy(Entry e, String name, String connection) {
        long others = e.holders.keySet().stream().filter(c -> !c.equals(connection)).count();
        if (others > 0) {
            // SQLite drops the message of a failed xDestroy and shows only the code's text:
            // "database table is locked" says what is wrong.
            throw new SqlError(Protocol.SQLITE_LOCKED, "tonbo: cannot drop " + name + ": the table at " + e.location + " is open in "
                    + others + " other connection(s); close them first");
        }
        open.remove(e.location);
        e.refs = 0;
        e.holders.clear();
        e.dropped = true;
        e.table.close();
        try {
            closeQuietly(e.storage);
            if (e.s3Args != null) {
                S3Tables.deleteAll(e.s3Args);
            }
            if (e.local != null && Files.isDirectory(e.local)) {
                deleteTableFiles(e.local);
            }
        } catch (IOException | UncheckedIOException ex) {
            throw new SqlError("tonbo: dropped " + name + " but could not delete all of its files at " + e.location + ": " + ex);
        }
    }

    /**
     * Whether a name in a table directory is the table's own (docs/format/layout.md): CURRENT and
     * its publish leftover, LOCK, the manifests, and the wal/ and sst/ directories.
     */
    static boolean tableOwned(String name) {
        return name.equals("CURRENT") || name.equals("CURRENT.tmp") || name.equals("LOCK")
                || name.matches("MANIFEST-\\d+(\\.tmp)?") || name.equals("wal") || name.equals("sst");
    }

    /**
     * Refuses to create a table in a directory that holds other files and no table: its DROP
     * would have to leave them, and a typo in path would mix a table into unrelated files.
     */
    private static void refuseForeignDirectory(Path dir) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("CURRENT"))) {
            return;
        }
        try (Stream<Path> list = Files.list(dir)) {
            Path foreign = list.filter(p -> !tableOwned(p.getFileName().toString())).findFirst().orElse(null);
            if (foreign != null) {
                throw new SqlError("tonbo: path " + dir + " is a directory holding other files (" + foreign.getFileName()
                        + ") and no tonbo table; give a new or empty directory");
            }
        } catch (IOException | UncheckedIOException ex) {
            throw new SqlError("tonbo: cannot read the directory " + dir + ": " + ex);
        }
    }

    /** After a failed open: deletes the table directory the open created (it did not exist before). */
    private static void removeIfFresh(boolean fresh, Path dir) {
        if (fresh && Files.isDirectory(dir)) {
            try {
                deleteTableFiles(dir);
            } catch (IOException | UncheckedIOException ex) {
                LOG.log(System.Logger.Level.WARNING, "removing " + dir + " after a failed open: " + ex);
            }
        }
    }

    /** Deletes the table's own files and directories, then the directory if nothing else is left in it. */
    private static void deleteTableFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (!tableOwned(p.getFileName().toString())) {
                    continue;
                }
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(q);
                    }
                }
            }
        }
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    /** Closes every table (shutdown). */
    synchronized void closeAll() {
        for (Entry e : open.values()) {
            try {
                e.table.flush();
            } catch (TonboException ex) {
                LOG.log(System.Logger.Level.WARNING, "flushing " + e.location + " at shutdown: " + ex);
            }
            e.table.close();
            closeQuietly(e.storage);
        }
        open.clear();
    }

    private static void closeQuietly(Storage s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.DEBUG, "closing storage: " + ex);
        }
    }
}
