package org.tonbo4j.internal.read;

import org.tonbo4j.internal.Entry;

/**
 * A cursor over row versions in one order: ascending keys (equal keys newest first) or
 * descending keys (equal keys in any order). Not thread-safe.
 */
public interface EntrySource extends AutoCloseable {
    /** The current entry, or null when exhausted. */
    Entry peek();

    /** Moves to the next entry. */
    void next();

    /**
     * Whether {@link #run} may hand over entries from the current one: a cheap test made before
     * each attempt (false: read entries one by one).
     */
    default boolean canRun() {
        return false;
    }

    /**
     * Hands over, in column form, a run of entries from the current one: entries whose keys have
     * no other version in this source and lie below {@code limit} (above it when descending; null:
     * no limit), so that — the caller vouching that no other source holds a key before
     * {@code limit} — each is its key's only version in the scan. Adds to {@code out} those a
     * snapshot at {@code snapshotSeq} sees (sequence at most it, not a tombstone, passing the
     * source's filter) until {@code out} is full, and moves past every entry it looked at,
     * seen or not. Returns how many it moved past: 0 when the current entry cannot start a run.
     */
    default int run(byte[] limit, long snapshotSeq, Run out) {
        return 0;
    }

    @Override
    default void close() {
    }
}
