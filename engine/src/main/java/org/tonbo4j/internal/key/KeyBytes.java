package org.tonbo4j.internal.key;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An encoded key as a hash-map key: content equality, a well-mixed hash, and key order for the
 * rare bin that still collides. {@code Arrays.hashCode} (and {@code ByteBuffer.hashCode}) are
 * a poor fit for memcomparable keys: sequential integer keys differ only in their last bytes,
 * and 500,000 of them fell into ~16,000 hash values, turning map lookups into tree walks.
 * Immutable; the array must not change while it is used as a key.
 */
public final class KeyBytes implements Comparable<KeyBytes> {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int hash;

    public KeyBytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    public byte[] bytes() {
        return bytes;
    }

    /** A 32-bit hash of the bytes, each 8-byte word mixed in (splitmix64 steps). */
    public static int hash(byte[] b) {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (; i < b.length; i++) {
            tail = (tail << 8) | (b[i] & 0xFF);
        }
        h = mix(h ^ tail);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBytes k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(KeyBytes o) {
        return KeyCodec.compare(bytes, o.bytes);
    }
}
