package org.tonbo4j.internal.log;

/**
 * Thrown by {@link ByteReader} when a record's payload does not follow its grammar. Carries the
 * offset inside the payload; the file's reader turns it into a
 * {@link org.tonbo4j.CorruptionException} naming the file and the absolute offset.
 */
public final class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int payloadOffset;

    public MalformedRecordException(int payloadOffset, String problem) {
        super(problem);
        this.payloadOffset = payloadOffset;
    }

    /** Offset of the problem from the start of the payload. */
    public int payloadOffset() {
        return payloadOffset;
    }
}
