package org.tonbo4j.internal.db;

import java.io.IOException;
import java.util.SortedMap;
import org.tonbo4j.SnapshotUnavailableException;
import org.tonbo4j.TonboException;
import org.tonbo4j.internal.manifest.VersionEdit;

/**
 * Reads of the past for a {@link Db}: views at a past sequence number, checked against the
 * history horizon ({@link History}), and named snapshots, which live in the manifest and keep
 * their versions (registered in the {@link SnapshotRegistry} while pinned). Thread-safe: every
 * change runs under the Db's lock, so a check against the horizon and the registration of the
 * reader it admits are atomic with respect to the start of a flush or compaction.
 */
public final class TimeTravel {
    private final Db db;

    TimeTravel(Db db) {
        this.db = db;
    }

    /**
     * Pins a view at a past sequence number (time travel), or throws if the versions of that
     * sequence may be gone: below the history horizon and not kept by a named or open snapshot.
     */
    public ReadHandle acquireAt(long seq) {
        db.lock.lock();
        try {
            db.checkOpen();
            if (seq < 0 || seq > db.visibleSeq) {
                throw new IllegalArgumentException("sequence must be 0.." + db.visibleSeq + " (the last committed), got " + seq);
            }
            if (seq < db.history.horizon() && !db.snapshots.anyIn(seq, seq + 1)) {
                throw new SnapshotUnavailableException("history of " + db.storage.describe() + " is retained from sequence "
                        + db.history.horizon() + " on (options.historyRetention is " + db.options.historyRetention()
                        + "); sequence " + seq + " is no longer readable");
            }
            ReadView latest = db.latestView();
            ReadView view = new ReadView(latest.memtables, latest.version, seq);
            db.snapshots.acquire(seq);
            return new ReadHandle(db, view);
        } finally {
            db.lock.unlock();
        }
    }

    /** Pins the current state under a durable name; returns its sequence. */
    public long pinSnapshot(String name) {
        db.lock.lock();
        try {
            db.checkWritable();
            if (db.versions.namedSnapshots().containsKey(name)) {
                throw new IllegalArgumentException("a snapshot named '" + name + "' is already pinned");
            }
            long seq = db.visibleSeq;
            VersionEdit edit = new VersionEdit();
            edit.pinned.put(name, seq);
            db.versions.logAndApply(edit);
            db.snapshots.acquire(seq);
            return seq;
        } catch (IOException e) {
            throw new TonboException("cannot pin snapshot '" + name + "' in " + db.storage.describe() + ": " + e, e);
        } finally {
            db.lock.unlock();
        }
    }

    /** Drops a named snapshot; returns whether it existed. */
    public boolean unpinSnapshot(String name) {
        db.lock.lock();
        try {
            db.checkWritable();
            Long seq = db.versions.namedSnapshots().get(name);
            if (seq == null) {
                return false;
            }
            VersionEdit edit = new VersionEdit();
            edit.unpinned.add(name);
            db.versions.logAndApply(edit);
            db.snapshots.release(seq);
            return true;
        } catch (IOException e) {
            throw new TonboException("cannot unpin snapshot '" + name + "' in " + db.storage.describe() + ": " + e, e);
        } finally {
            db.lock.unlock();
        }
    }

    public SortedMap<String, Long> namedSnapshots() {
        return db.versions.namedSnapshots();
    }
}
