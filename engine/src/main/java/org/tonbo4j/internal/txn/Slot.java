package org.tonbo4j.internal.txn;

import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.key.KeyBytes;

/**
 * The current write of one key in a {@link WriteBuffer}, shared by its hash index and its ordered
 * arrays. One object per buffered key besides the entry itself: a large transaction keeps
 * hundreds of thousands of them alive, and every object is work for the garbage collector.
 */
final class Slot {
    final byte[] key;
    final int hash;
    Entry entry;
    /** Removed by a rollback; dropped from the ordered arrays at their next merge. */
    boolean dead;

    Slot(byte[] key, Entry entry) {
        this(key, KeyBytes.hash(key), entry);
    }

    /** With the key's {@code KeyBytes.hash} already computed. */
    Slot(byte[] key, int hash, Entry entry) {
        this.key = key;
        this.hash = hash;
        this.entry = entry;
    }
}
