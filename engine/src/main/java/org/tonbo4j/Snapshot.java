package org.tonbo4j;

import java.util.Optional;

/**
 * A consistent, read-only view of a table as of one sequence number. Reads through it never
 * see later writes, while writes, flushes and compactions go on. Holds the files it needs until
 * closed. Thread-safe.
 */
public interface Snapshot<R> extends AutoCloseable {

    /** The sequence number of the last write this snapshot sees. */
    long sequence();

    /** The row with this primary key (values in key order), if present. */
    Optional<R> get(Object... key);

    /** Scans the snapshot. */
    RowIterator<R> scan(Scan scan);

    default RowIterator<R> scan() {
        return scan(Scan.all());
    }

    /**
     * Writes the rows this snapshot sees to a plain Parquet file (the table's columns, no system
     * columns, one row per key, in key order, zstd) that any Parquet reader can open; returns the
     * number of rows. The file must not exist; on failure nothing is left behind.
     *
     * @throws IllegalArgumentException if the file exists
     */
    long exportParquet(java.nio.file.Path file);

    @Override
    void close();
}
