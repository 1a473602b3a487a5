package org.tonbo4j.sqlite.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;

/** Builds request frames the way the extension encodes them and opens them for reading. */
final class TestFrames {
    private TestFrames() {
    }

    /** Marks a value that an UPDATE left unchanged ({@link Protocol#T_NOCHANGE}). */
    static final Object NOCHANGE = new Object();

    /** Appends SQLite values (null, Long, Double, String, byte[] or {@link #NOCHANGE}) with their tags. */
    static FrameOut values(FrameOut out, Object... values) {
        for (Object v : values) {
            if (v == NOCHANGE) {
                out.u8(Protocol.T_NOCHANGE);
            } else {
                out.value(v);
            }
        }
        return out;
    }

    /** The finished frame, read back and positioned after its operation byte. */
    static FrameIn open(FrameOut out) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            out.send(Channels.newChannel(bytes));
            FrameIn in = new FrameIn();
            if (!in.read(Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray())))) {
                throw new IllegalStateException("empty frame");
            }
            in.u8();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
