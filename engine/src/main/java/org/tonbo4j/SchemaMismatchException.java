package org.tonbo4j;

/** Thrown when a table is reopened with a schema or key different from the one it was created with. */
public class SchemaMismatchException extends TonboException {
    private static final long serialVersionUID = 1L;

    public SchemaMismatchException(String message) {
        super(message);
    }

    public SchemaMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
