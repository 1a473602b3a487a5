package org.tonbo4j.sqlite.internal;

/**
 * An error for SQLite: the result code the extension returns and the message it puts in
 * {@code zErrMsg}. The session reports it in an ERR reply and stays usable.
 */
public final class SqlError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public SqlError(int code, String message) {
        super(message);
        this.code = code;
    }

    public SqlError(String message) {
        this(Protocol.SQLITE_ERROR, message);
    }

    /** The SQLite result code (SQLITE_ERROR, SQLITE_CONSTRAINT, ...). */
    public int code() {
        return code;
    }
}
