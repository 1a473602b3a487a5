package org.tonbo4j.internal.txn;

/**
 * The current write of one key in a {@link WriteBuffer} that was not appended in key order
 * (those are packed in the buffer's arena), shared by its hash index and its ordered arrays: a
 * put or a delete in the WAL's row encoding. Three objects (itself, the key, the encoding), not
 * the entry's value objects, which die young.
 */
final class Slot {
    final byte[] key;
    /** {@code KeyBytes.hash(key)}, set by {@link SlotIndex#add}. */
    int hash;
    boolean tombstone;
    /** {@code RowCodec.rowBytes} of a put, {@code RowCodec.keyBytes} of a delete. */
    byte[] encoded;
    /** {@link RowSize} of the write. */
    int size;
    /** In the buffer's hash index (a slot made of arena writes only for a commit's view is not). */
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
