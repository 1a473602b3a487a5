package org.tonbo4j.internal.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked reads over one record's payload ({@code buf[start, end)}), mirroring
 * {@link ByteWriter}. Every read that would pass the end, and every varint longer than 10
 * bytes, throws {@link MalformedRecordException}, so garbage never causes a large allocation or
 * an index error. Not thread-safe.
 */
public final class ByteReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public ByteReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    /** Offset of the next byte from the start of the payload. */
    public int offset() {
        return pos - start;
    }

    /** Index of the next byte in the underlying array (for reading a value in place). */
    public int index() {
        return pos;
    }

    /** The underlying array (for reading a value in place, at {@link #index()}). */
    public byte[] array() {
        return buf;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean atEnd() {
        return pos == end;
    }

    private void need(int n, String what) {
        if (n < 0 || n > end - pos) {
            throw malformed(what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public MalformedRecordException malformed(String problem) {
        return new MalformedRecordException(pos - start, problem);
    }

    public int u8() {
        need(1, "byte");
        return buf[pos++] & 0xFF;
    }

    public int u32() {
        need(4, "u32");
        int v = LogFormat.getInt(buf, pos);
        pos += 4;
        return v;
    }

    public long u64() {
        need(8, "u64");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long varint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw malformed("varint runs past the end of the record");
            }
            int b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    public long zigzag() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A varint that must lie in {@code [0, max]}. */
    public int varintAtMost(int max, String what) {
        int at = pos;
        long v = varint();
        if (v < 0 || v > max) {
            pos = at;
            throw malformed(what + " " + Long.toUnsignedString(v) + " is out of range 0.." + max);
        }
        return (int) v;
    }

    public byte[] lengthPrefixed() {
        int n = varintAtMost(remaining(), "length");
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public String string() {
        int n = varintAtMost(remaining(), "string length");
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Skips a length-prefixed string or byte array without copying it. */
    public void skipLengthPrefixed() {
        int n = varintAtMost(remaining(), "length");
        pos += n;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) {
        need(n, "skip");
        pos += n;
    }

    /** Throws unless every byte has been read. */
    public void expectEnd() {
        if (pos != end) {
            throw malformed((end - pos) + " unexpected trailing bytes");
        }
    }
}
