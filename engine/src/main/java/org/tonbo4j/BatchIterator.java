package org.tonbo4j;

/**
 * The rows of a scan as {@link RowBatch}es, in the scan's order, as of the snapshot the scan was
 * started on: what {@link Table#scanBatches} returns. Where the table's files hold a run of keys
 * that nothing newer overrides, a batch is a view of the decoded Parquet column vectors and no
 * row object is built. Holds the files it reads until closed: always close it
 * (try-with-resources). Not thread-safe.
 */
public interface BatchIterator extends AutoCloseable {
    /**
     * The next rows, at most {@code maxRows} of them, or null after the last row. The batch
     * returned before stays valid until this call.
     *
     * @throws IllegalArgumentException when {@code maxRows} is below 1
     */
    RowBatch next(int maxRows);

    @Override
    void close();
}
