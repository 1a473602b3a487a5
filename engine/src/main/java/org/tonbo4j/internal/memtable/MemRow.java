package org.tonbo4j.internal.memtable;

import java.util.Comparator;
import org.tonbo4j.internal.RowArena;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * One version as a memtable stores it: the encoded key, its sequence, whether it is a delete,
 * and the row in the WAL's encoding, at {@code row[rowOffset, rowOffset + rowLength)} (a row of a
 * {@link SortedRun} is read in place from its arena chunk). {@code prefix} holds the key's first 8 bytes big-endian, so
 * most comparisons never touch the key array (one cache miss less per skip-list step).
 * Immutable.
 */
final class MemRow {
    /** Key ascending, then sequence descending (newest version first). */
    static final Comparator<MemRow> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.prefix, b.prefix);
        if (c == 0) {
            c = KeyCodec.compare(a.key, b.key);
        }
        return c != 0 ? c : Long.compare(b.seq, a.seq);
    };

    final long prefix;
    final byte[] key;
    final long seq;
    final boolean tombstone;
    final byte[] row;
    final int rowOffset;
    final int rowLength;

    MemRow(byte[] key, long seq, boolean tombstone, byte[] row) {
        this(prefix(key), key, seq, tombstone, row, 0, row == null ? 0 : row.length);
    }

    MemRow(long prefix, byte[] key, long seq, boolean tombstone, byte[] row, int rowOffset, int rowLength) {
        this.prefix = prefix;
        this.key = key;
        this.seq = seq;
        this.tombstone = tombstone;
        this.row = row;
        this.rowOffset = rowOffset;
        this.rowLength = rowLength;
    }

    /** The first 8 bytes of a key, big-endian, zero-padded: unsigned order agrees with the key order. */
    static long prefix(byte[] key) {
        return RowArena.prefix(key);
    }

    /** Compares keys given with their prefixes. */
    static int compareKeys(long prefixA, byte[] a, long prefixB, byte[] b) {
        int c = Long.compareUnsigned(prefixA, prefixB);
        return c != 0 ? c : KeyCodec.compare(a, b);
    }
}
