package org.tonbo4j;

import java.util.Iterator;

/**
 * The rows of a scan, in the scan's order, as of the snapshot the scan was started on. Holds
 * the files it reads until it reaches its end or is closed: close it (try-with-resources) when
 * it may stop early. An iterator of a {@link Snapshot} or a {@link Transaction} pins what it
 * reads on its own, so it can be read to its end after the snapshot is closed or the transaction
 * has ended (a transaction's iterator sees the writes buffered when it was started). Not
 * thread-safe.
 */
public interface RowIterator<R> extends Iterator<R>, AutoCloseable {
    @Override
    void close();
}
