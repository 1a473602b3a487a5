package org.tonbo4j.sqlite.internal;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * One incoming frame, read whole, with little-endian readers. A read past the end of the frame
 * or a bad tag is a {@link ProtocolException}. Reused across frames by one thread; not thread-safe.
 */
final class FrameIn {
    private final ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What the channel reads into; the frame is then read from its array. */
    private ByteBuffer buf = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] arr = buf.array();
    /** The next unread byte of the frame, and its end. */
    private int pos;
    private int lim;

    /** Reads the next frame; false on a clean end of stream before its first byte. */
    boolean read(ReadableByteChannel ch) throws IOException {
        len.clear();
        while (len.hasRemaining()) {
            if (ch.read(len) < 0) {
                if (len.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed inside a frame header");
            }
        }
        int n = len.getInt(0);
        if (n < 1 || n > Protocol.MAX_FRAME) {
            throw new ProtocolException("bad frame length " + n);
        }
        if (buf.capacity() < n) {
            buf = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear().limit(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new EOFException("connection closed inside a frame");
            }
        }
        arr = buf.array();
        pos = 0;
        lim = n;
        return true;
    }

    private void need(int n) {
        if (lim - pos < n) {
            throw new ProtocolException("frame too short: need " + n + " more bytes at offset " + pos);
        }
    }

    boolean hasMore() {
        return pos < lim;
    }

    int u8() {
        need(1);
        return arr[pos++] & 0xff;
    }

    /** The next byte, not consumed. */
    int peekU8() {
        need(1);
        return arr[pos] & 0xff;
    }

    int u16() {
        need(2);
        int v = (short) SHORTS.get(arr, pos) & 0xffff;
        pos += 2;
        return v;
    }

    int i32() {
        need(4);
        int v = (int) INTS.get(arr, pos);
        pos += 4;
        return v;
    }

    long i64() {
        need(8);
        long v = (long) LONGS.get(arr, pos);
        pos += 8;
        return v;
    }

    double f64() {
        return Double.longBitsToDouble(i64());
    }

    byte[] bytes() {
        int n = payloadLength();
        byte[] b = java.util.Arrays.copyOfRange(arr, pos, pos + n);
        pos += n;
        return b;
    }

    /**
     * A length-prefixed UTF-8 string. No ASCII fast path of our own: since JDK 17 the UTF-8
     * String constructor checks for bytes &ge; 0x80 with an intrinsic and copies ASCII as Latin-1;
     * a hand-written check followed by the ISO-8859-1 constructor measured no faster for short
     * strings and about twice as slow for 200-byte ones.
     */
    String str() {
        int n = payloadLength();
        int at = pos;
        String s = new String(arr, at, n, StandardCharsets.UTF_8);
        // SQLite does not check that text is UTF-8; the engine's strings cannot hold other bytes,
        // and the decoder replaced them with U+FFFD (which a Latin-1 string cannot contain: the
        // check costs nothing for ASCII text).
        if (s.indexOf('\uFFFD') >= 0 && !validUtf8(arr, at, n)) {
            throw notUtf8(arr, at, n);
        }
        pos += n;
        return s;
    }

    /**
     * The length of a TEXT or BLOB payload whose tag was already read, checked to lie within the
     * frame; its bytes then start at {@link #payloadStart()} of {@link #array()}, and
     * {@link #skip} passes them.
     */
    int payloadLength() {
        int n = i32();
        if (n < 0) {
            throw new ProtocolException("negative length " + n);
        }
        need(n);
        return n;
    }

    /** Where the next unread byte of the frame is in {@link #array()}. */
    int payloadStart() {
        return pos;
    }

    byte[] array() {
        return arr;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    /** The error for TEXT that is not UTF-8, showing its first bytes. */
    static SqlError notUtf8(byte[] b, int off, int len) {
        return new SqlError(Protocol.SQLITE_MISMATCH, "tonbo: text is not valid UTF-8: x'" + hex(b, off, len) + "'");
    }

    private static boolean validUtf8(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b, off, len));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** At most the first 32 bytes in hex, then "..." if there are more. */
    private static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(len, 32); i++) {
            sb.append(String.format("%02x", b[off + i] & 0xFF));
        }
        return len > 32 ? sb + "..." : sb.toString();
    }

    /**
     * The payload of a TEXT value whose tag was already read, when it is exactly an ISO date
     * {@code YYYY-MM-DD} (ASCII digits, then consumed), as {@code y * 10000 + m * 100 + d};
     * otherwise -1 and nothing is consumed. The caller checks the date's validity.
     */
    int isoDateDigits() {
        if (lim - pos < 14 || (int) INTS.get(arr, pos) != 10) {
            return -1;
        }
        byte[] a = arr;
        int p = pos + 4;
        if (a[p + 4] != '-' || a[p + 7] != '-') {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < 10; i++) {
            if (i == 4 || i == 7) {
                continue;
            }
            int d = a[p + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        pos += 14;
        return v;
    }

    /** Reads one tagged value: null, Long, Double, String, byte[] or {@link #NOCHANGE}. */
    Object value() {
        return valueOf(u8());
    }

    /** Reads the payload of a value whose tag was already read, as {@link #value()} returns it. */
    Object valueOf(int tag) {
        switch (tag) {
            case Protocol.T_NULL: return null;
            case Protocol.T_INT: return i64();
            case Protocol.T_REAL: return f64();
            case Protocol.T_TEXT: return str();
            case Protocol.T_BLOB: return bytes();
            case Protocol.T_NOCHANGE: return NOCHANGE;
            default: throw new ProtocolException("unknown value tag " + tag);
        }
    }

    /** The marker {@link #value()} returns for {@link Protocol#T_NOCHANGE}. */
    static final Object NOCHANGE = new Object() {
        @Override
        public String toString() {
            return "<unchanged>";
        }
    };
}
