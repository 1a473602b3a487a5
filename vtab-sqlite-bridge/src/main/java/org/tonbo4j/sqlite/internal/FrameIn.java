package org.tonbo4j.sqlite.internal;

import java.io.EOFException;
import java.io.IOException;
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
    private ByteBuffer buf = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);

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
        buf.flip();
        return true;
    }

    private void need(int n) {
        if (buf.remaining() < n) {
            throw new ProtocolException("frame too short: need " + n + " more bytes at offset " + buf.position());
        }
    }

    boolean hasMore() {
        return buf.hasRemaining();
    }

    int u8() {
        need(1);
        return buf.get() & 0xff;
    }

    int u16() {
        need(2);
        return buf.getShort() & 0xffff;
    }

    int i32() {
        need(4);
        return buf.getInt();
    }

    long i64() {
        need(8);
        return buf.getLong();
    }

    double f64() {
        need(8);
        return buf.getDouble();
    }

    byte[] bytes() {
        int n = i32();
        if (n < 0) {
            throw new ProtocolException("negative length " + n);
        }
        need(n);
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /**
     * A length-prefixed UTF-8 string. No ASCII fast path of our own: since JDK 17 the UTF-8
     * String constructor checks for bytes &ge; 0x80 with an intrinsic and copies ASCII as Latin-1;
     * a hand-written check followed by the ISO-8859-1 constructor measured no faster for short
     * strings and about twice as slow for 200-byte ones.
     */
    String str() {
        int n = i32();
        if (n < 0) {
            throw new ProtocolException("negative length " + n);
        }
        need(n);
        int at = buf.arrayOffset() + buf.position();
        String s = new String(buf.array(), at, n, StandardCharsets.UTF_8);
        // SQLite does not check that text is UTF-8; the engine's strings cannot hold other bytes,
        // and the decoder replaced them with U+FFFD (which a Latin-1 string cannot contain: the
        // check costs nothing for ASCII text).
        if (s.indexOf('\uFFFD') >= 0 && !validUtf8(buf.array(), at, n)) {
            throw notUtf8(buf.array(), at, n);
        }
        buf.position(buf.position() + n);
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
        return buf.arrayOffset() + buf.position();
    }

    byte[] array() {
        return buf.array();
    }

    void skip(int n) {
        need(n);
        buf.position(buf.position() + n);
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
        if (buf.remaining() < 14 || buf.getInt(buf.position()) != 10) {
            return -1;
        }
        byte[] a = buf.array();
        int p = buf.arrayOffset() + buf.position() + 4;
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
        buf.position(buf.position() + 14);
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
