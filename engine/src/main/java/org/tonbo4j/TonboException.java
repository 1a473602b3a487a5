package org.tonbo4j;

/** The root of the engine's unchecked exceptions. */
public class TonboException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TonboException(String message) {
        super(message);
    }

    public TonboException(String message, Throwable cause) {
        super(message, cause);
    }
}
