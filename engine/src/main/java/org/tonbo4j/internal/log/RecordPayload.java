package org.tonbo4j.internal.log;

import java.io.IOException;

/**
 * The payload of a log record too large to build in one buffer (a bulk load's commit), produced
 * in pieces: {@link LogWriter#writeStreamed} runs {@link #produce} twice, once for the checksum the
 * frame holds ahead of the payload and once to write it in chunks. The pieces must be the same
 * both times.
 */
public interface RecordPayload {
    /** The payload's exact length in bytes. */
    int length();

    /** Hands the payload to {@code out}, in order. */
    void produce(Sink out) throws IOException;

    /** Where the pieces go. */
    interface Sink {
        void u8(int b) throws IOException;

        void bytes(byte[] b, int off, int len) throws IOException;
    }
}
