package org.tonbo4j.sqlite.internal;

/** A malformed frame from a peer; the connection is closed after it is reported. */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
