package org.tonbo4j;

import java.util.Iterator;

/**
 * The rows of a scan, in the scan's order, as of the snapshot the scan was started on. Holds
 * the files it reads until closed: always close it (try-with-resources). Not thread-safe.
 */
public interface RowIterator<R> extends Iterator<R>, AutoCloseable {
    @Override
    void close();
}
