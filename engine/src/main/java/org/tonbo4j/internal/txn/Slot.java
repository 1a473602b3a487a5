package org.tonbo4j.internal.txn;

/**
 * The current write of one key in a {@link WriteBuffer}, shared by its hash index and its ordered
 * arrays: a put or a delete in the WAL's row encoding. A large transaction keeps hundreds of
 * thousands of these alive through every young garbage collection, which copies each live
 * object: so a slot is three objects (itself, the key, the encoding), not the entry's value
 * objects, which die young.
 */
final class Slot {
    final byte[] key;
    /** {@code KeyBytes.hash(key)}, set by {@link SlotIndex#add}: an appended slot never needs it. */
    int hash;
    boolean tombstone;
    /** {@code RowCodec.rowBytes} of a put, {@code RowCodec.keyBytes} of a delete. */
    byte[] encoded;
    /** {@link RowSize} of the write. */
    int size;
    /** In the buffer's hash index (slots appended in key order are not). */
    boolean indexed;
    /** Removed by a rollback; dropped from the ordered arrays at their next merge. */
    boolean dead;

    Slot(byte[] key, boolean tombstone, byte[] encoded, int size) {
        this.key = key;
        set(tombstone, encoded, size);
    }

    void set(boolean tombstone, byte[] encoded, int size) {
        this.tombstone = tombstone;
        this.encoded = encoded;
        this.size = size;
    }
}
