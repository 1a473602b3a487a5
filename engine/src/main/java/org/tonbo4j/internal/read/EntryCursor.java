package org.tonbo4j.internal.read;

import org.tonbo4j.internal.Entry;

/** Visible entries of a scan, in scan order; not thread-safe. Errors surface as unchecked exceptions. */
public interface EntryCursor {
    boolean hasNext();

    Entry next();

    void close();
}
