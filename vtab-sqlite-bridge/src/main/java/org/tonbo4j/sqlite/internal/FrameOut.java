package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A growable little-endian buffer for one outgoing frame: {@link #start} reserves the length
 * prefix, {@link #send} fills it in and writes the whole frame. Reused across frames by one
 * thread; not thread-safe.
 */
final class FrameOut {
    private ByteBuffer buf = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);

    /** Clears the buffer and writes the status or operation byte after a placeholder length. */
    FrameOut start(int type) {
        buf.clear();
        buf.putInt(0);
        buf.put((byte) type);
        return this;
    }

    /** Bytes written since {@link #start}, length prefix included. */
    int size() {
        return buf.position();
    }

    private void room(int n) {
        if (buf.remaining() < n) {
            int cap = Math.max(buf.capacity() * 2, buf.position() + n);
            ByteBuffer b = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            b.put(buf);
            buf = b;
        }
    }

    FrameOut u8(int v) {
        room(1);
        buf.put((byte) v);
        return this;
    }

    FrameOut u16(int v) {
        room(2);
        buf.putShort((short) v);
        return this;
    }

    FrameOut i32(int v) {
        room(4);
        buf.putInt(v);
        return this;
    }

    FrameOut i64(long v) {
        room(8);
        buf.putLong(v);
        return this;
    }

    FrameOut f64(double v) {
        room(8);
        buf.putDouble(v);
        return this;
    }

    FrameOut bytes(byte[] b) {
        room(4 + b.length);
        buf.putInt(b.length);
        buf.put(b);
        return this;
    }

    FrameOut str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one SQLite value (null, Long, Double, String or byte[]) with its tag. */
    FrameOut value(Object v) {
        if (v == null) {
            return u8(Protocol.T_NULL);
        } else if (v instanceof Long) {
            return u8(Protocol.T_INT).i64((Long) v);
        } else if (v instanceof Double) {
            return u8(Protocol.T_REAL).f64((Double) v);
        } else if (v instanceof String) {
            return u8(Protocol.T_TEXT).str((String) v);
        } else if (v instanceof byte[]) {
            return u8(Protocol.T_BLOB).bytes((byte[]) v);
        }
        throw new IllegalStateException("not a SQLite value: " + v.getClass());
    }

    /** An INTEGER value with its tag, unboxed. */
    FrameOut integer(long v) {
        room(9);
        buf.put((byte) Protocol.T_INT);
        buf.putLong(v);
        return this;
    }

    /** A REAL value with its tag, unboxed. */
    FrameOut real(double v) {
        room(9);
        buf.put((byte) Protocol.T_REAL);
        buf.putDouble(v);
        return this;
    }

    /** Overwrites a byte written earlier at an absolute position. */
    void patchU8(int position, int v) {
        buf.put(position, (byte) v);
    }

    /** Overwrites a u32 written earlier at an absolute position. */
    void patchI32(int position, int v) {
        buf.putInt(position, v);
    }

    void send(WritableByteChannel ch) throws IOException {
        buf.putInt(0, buf.position() - 4);
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }
}
