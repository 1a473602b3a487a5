package org.tonbo4j;

/** Thrown when a table, snapshot or iterator is used after it was closed. */
public class TableClosedException extends TonboException {
    private static final long serialVersionUID = 1L;

    public TableClosedException(String message) {
        super(message);
    }

    public TableClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
