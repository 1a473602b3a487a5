package org.tonbo4j;

/** Thrown when another process (or another open table in this JVM) holds a table's write lock. */
public class TableLockedException extends TonboException {
    private static final long serialVersionUID = 1L;

    public TableLockedException(String message) {
        super(message);
    }

    public TableLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
