package org.tonbo4j.internal;

/**
 * One version of one row inside the engine: its encoded key, its sequence number, whether it
 * is a tombstone (a delete), and its values in schema order. A tombstone carries only its key
 * columns; its other values are null. Immutable by convention: nobody changes the arrays.
 *
 * <p>A put handed to a flush may instead carry its row still encoded ({@link #encoded}: the
 * memtable's row bytes, {@code RowCodec#rowBytes}) with {@link #values} null, so the SST writer
 * reads it without building an object per value. Only {@link #raw} makes such entries.
 */
public final class Entry {
    public final byte[] key;
    public final long seq;
    public final boolean tombstone;
    public final Object[] values;
    /** The row's encoded values (with {@link #values} null), or null. */
    public final byte[] encoded;
    public final int encodedOffset;
    public final int encodedLength;

    public Entry(byte[] key, long seq, boolean tombstone, Object[] values) {
        this(key, seq, tombstone, values, null, 0, 0);
    }

    private Entry(byte[] key, long seq, boolean tombstone, Object[] values, byte[] encoded, int offset, int length) {
        this.key = key;
        this.seq = seq;
        this.tombstone = tombstone;
        this.values = values;
        this.encoded = encoded;
        this.encodedOffset = offset;
        this.encodedLength = length;
    }

    /** A put whose values are the encoded row {@code bytes[offset, offset + length)}. */
    public static Entry raw(byte[] key, long seq, byte[] bytes, int offset, int length) {
        return new Entry(key, seq, false, null, bytes, offset, length);
    }

    /** This version with sequence number {@code newSeq}, values as they are (decoded or encoded). */
    public Entry withSeq(long newSeq) {
        return new Entry(key, newSeq, tombstone, values, encoded, encodedOffset, encodedLength);
    }

    @Override
    public String toString() {
        return "Entry{seq=" + seq + (tombstone ? ", tombstone" : "") + (values == null && encoded != null ? ", encoded " + encodedLength + " bytes" : ", values=" + java.util.Arrays.toString(values)) + "}";
    }
}
