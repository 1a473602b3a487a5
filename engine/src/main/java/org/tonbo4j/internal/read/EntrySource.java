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

    @Override
    default void close() {
    }
}
