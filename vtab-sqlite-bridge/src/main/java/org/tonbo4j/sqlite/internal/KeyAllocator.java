package org.tonbo4j.sqlite.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Transaction;

/**
 * Keys for rows inserted without one into a table whose key is one column declared
 * {@code INTEGER} — in SQLite an alias of the rowid, which SQLite numbers itself: one more than
 * the largest key in use. The largest key is read once, from the first inserting transaction's
 * view, then kept up to date with every key written through this sidecar, which is the table's
 * only writer; a rolled-back key is not handed out again. Shared by the sessions of one table;
 * thread-safe.
 */
final class KeyAllocator {
    private final String table;
    private final String keyColumn;
    /** The largest key handed out or seen; complete once {@link #known}. */
    private final AtomicLong largest = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean known;

    KeyAllocator(String table, String keyColumn) {
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** A key for a new row, larger than every key in the table and than those handed out. */
    long next(Transaction<Row> tx) {
        if (!known) {
            synchronized (this) {
                if (!known) {
                    try (RowIterator<Row> it = tx.scan(Scan.builder().reverse(true).limit(1).columns(keyColumn).build())) {
                        // an empty table starts at 1, as SQLite's rowids do
                        long max = it.hasNext() ? ((Number) it.next().get(keyColumn)).longValue() : 0;
                        largest.accumulateAndGet(max, Math::max);
                    }
                    known = true;
                }
            }
        }
        long k = largest.getAndUpdate(v -> v == Long.MAX_VALUE ? v : v + 1);
        if (k == Long.MAX_VALUE) {
            throw new SqlError(Protocol.SQLITE_FULL, "tonbo: " + table + " has no key left above " + Long.MAX_VALUE
                    + " to give a row inserted without " + keyColumn);
        }
        return k + 1;
    }

    /** Notes a key written with a value given. */
    void saw(long key) {
        largest.accumulateAndGet(key, Math::max);
    }
}
