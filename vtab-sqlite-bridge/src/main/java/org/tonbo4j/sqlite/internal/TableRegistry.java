package org.tonbo4j.sqlite.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.SchemaMismatchException;
import org.tonbo4j.SyncPolicy;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.TonboException;

/**
 * The tables the sidecar has open, shared by every session that names the same directory;
 * reference-counted, closed when the last session lets go. Thread-safe (synchronized).
 */
final class TableRegistry {
    /** An open table and how many sessions hold it. */
    static final class Entry {
        final Path path;
        final Table<Row> table;
        int refs;

        Entry(Path path, Table<Row> table) {
            this.path = path;
            this.table = table;
        }
    }

    private final Map<Path, Entry> open = new HashMap<>();

    /** Opens (or shares) the table at an absolute path with this schema. */
    synchronized Entry acquire(Path path, Schema schema, TableArgs args) {
        Entry e = open.get(path);
        if (e == null) {
            if (args.fs().equals("s3")) {
                throw new SqlError("tonbo: fs = 's3' needs the storage-s3 module, which this build of the sidecar does not include;"
                        + " use fs = 'local'");
            }
            Options options = Options.builder()
                    .syncPolicy(args.syncAlways() ? SyncPolicy.everyCommit() : SyncPolicy.never()).build();
            try {
                e = new Entry(path, Tonbo.open(path, schema, options));
            } catch (SchemaMismatchException ex) {
                throw new SqlError("tonbo: the table at " + path + " has another schema than create_sql: " + ex.getMessage());
            } catch (TonboException ex) {
                throw new SqlError("tonbo: cannot open the table at " + path + ": " + ex.getMessage());
            }
            open.put(path, e);
        } else if (!e.table.schema().equals(schema)) {
            throw new SqlError("tonbo: the table at " + path + " is open with schema " + e.table.schema()
                    + ", create_sql says " + schema);
        }
        e.refs++;
        return e;
    }

    synchronized void release(Entry e) {
        if (--e.refs == 0) {
            open.remove(e.path);
            e.table.close();
        }
    }

    /** Closes every table (shutdown). */
    synchronized void closeAll() {
        for (Entry e : open.values()) {
            e.table.close();
        }
        open.clear();
    }
}
