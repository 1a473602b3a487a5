package org.tonbo4j.internal;

/**
 * One version of one row inside the engine: its encoded key, its sequence number, whether it
 * is a tombstone (a delete), and its values in schema order. A tombstone carries only its key
 * columns; its other values are null. Immutable by convention: nobody changes the arrays.
 */
public final class Entry {
    public final byte[] key;
    public final long seq;
    public final boolean tombstone;
    public final Object[] values;

    public Entry(byte[] key, long seq, boolean tombstone, Object[] values) {
        this.key = key;
        this.seq = seq;
        this.tombstone = tombstone;
        this.values = values;
    }

    @Override
    public String toString() {
        return "Entry{seq=" + seq + (tombstone ? ", tombstone" : "") + ", values=" + java.util.Arrays.toString(values) + "}";
    }
}
