package org.tonbo4j.internal.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with big-endian fixed-width and LEB128 varint writers, reused across
 * records so that encoding allocates nothing in the steady state. Not thread-safe; owned by one
 * writer.
 */
public final class ByteWriter {
    private byte[] buf;
    private int pos;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the buffer and reserves {@code prefix} leading bytes (e.g. for a record frame). */
    public void reset(int prefix) {
        ensure(prefix);
        pos = prefix;
    }

    /** The backing array; valid up to {@link #position()} until the next write. */
    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    /** Moves the write position back (to undo a partial write); never forward. */
    public void rewind(int position) {
        if (position < 0 || position > pos) {
            throw new IllegalArgumentException("bad rewind position " + position + " (at " + pos + ")");
        }
        pos = position;
    }

    public void ensure(int more) {
        if (more > buf.length - pos) {
            long want = Math.max((long) buf.length * 2, (long) pos + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("record too large: " + ((long) pos + more) + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void u32(int v) {
        ensure(4);
        putInt(buf, pos, v);
        pos += 4;
    }

    public void u64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
    }

    /** Unsigned LEB128: 7 bits a byte, low groups first, high bit = more follows; 1 to 10 bytes. */
    public void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Zigzag-mapped (0, -1, 1, -2, ... → 0, 1, 2, 3, ...) then {@link #varint}. */
    public void zigzag(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    public void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** A varint length, then the bytes. */
    public void lengthPrefixed(byte[] b) {
        varint(b.length);
        bytes(b, 0, b.length);
    }

    /** A varint byte length, then the UTF-8 bytes; ASCII strings are copied without allocating. */
    public void string(String s) {
        int n = s.length();
        int start = pos;
        varint(n);
        ensure(n);
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                lengthPrefixed(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[p++] = (byte) c;
        }
        pos = p;
    }

    /** Writes {@code v} big-endian at {@code b[off..off+4)}. */
    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
