package org.tonbo4j.sqlite.internal;

/**
 * Constants of the sidecar wire protocol, version {@value #VERSION}; the grammar is in
 * docs/format/sqlite-protocol.md and mirrored in src/main/c/tonbo_proto.h. Frames are a
 * little-endian u32 body length followed by the body; the first body byte is the operation
 * (requests) or the status (replies). Numbers here are frozen: a change bumps {@link #VERSION}.
 */
public final class Protocol {
    private Protocol() {
    }

    /** "TNBS" as a little-endian u32: the first field of HELLO. */
    public static final int MAGIC = 0x53424E54;
    public static final int VERSION = 4;
    /** Frames larger than this are rejected as corrupt (64 MiB). */
    public static final int MAX_FRAME = 64 << 20;

    // requests
    public static final int HELLO = 1;
    public static final int OPEN = 2;
    public static final int SCAN = 3;
    public static final int FETCH = 4;
    /** Closes a cursor; the server sends no reply. */
    public static final int CLOSE_CURSOR = 5;
    public static final int WRITE = 6;
    public static final int BEGIN = 7;
    public static final int COMMIT = 8;
    public static final int ROLLBACK = 9;
    public static final int SAVEPOINT = 10;
    public static final int RELEASE = 11;
    public static final int ROLLBACK_TO = 12;
    /** DROP TABLE (xDestroy): delete the table's files; OK, or ERR while another connection has it open. */
    public static final int DESTROY = 13;
    /** The extension's last request on a connection: release the table, then reply. */
    public static final int DISCONNECT = 14;

    // replies
    public static final int OK = 0;
    public static final int ERR = 1;
    public static final int ROWS = 2;

    // value tags
    public static final int T_NULL = 0;
    public static final int T_INT = 1;
    public static final int T_REAL = 2;
    public static final int T_TEXT = 3;
    public static final int T_BLOB = 4;
    /** An UPDATE left this column unchanged (sqlite3_value_nochange): keep the stored value. */
    public static final int T_NOCHANGE = 5;

    // column classes in the OPEN reply: how the extension hands SQLite values to a column
    /** Any column but text: values go as SQLite holds them. */
    public static final int CLASS_OTHER = 0;
    /** A text column: a REAL goes as the text SQLite itself makes of it (TEXT affinity). */
    public static final int CLASS_TEXT = 1;

    // write kinds
    public static final int W_INSERT = 1;
    public static final int W_REPLACE = 2;
    public static final int W_IGNORE = 3;
    public static final int W_DELETE = 4;
    /** Update: old key values, then the new row; conflict mode as in {@link #W_INSERT}/{@link #W_REPLACE}/{@link #W_IGNORE}. */
    public static final int W_UPDATE = 5;
    public static final int W_UPDATE_REPLACE = 6;
    public static final int W_UPDATE_IGNORE = 7;

    // constraint operators (the values of SQLITE_INDEX_CONSTRAINT_*)
    public static final int OP_EQ = 2;
    public static final int OP_GT = 4;
    public static final int OP_LE = 8;
    public static final int OP_LT = 16;
    public static final int OP_GE = 32;
    public static final int OP_NE = 68;
    public static final int OP_ISNOTNULL = 70;
    public static final int OP_ISNULL = 71;
    /** Our own: an IN list (u32 count, then the values). */
    public static final int OP_IN = 200;

    // scan flags
    public static final int SCAN_REVERSE = 1;

    // SQLite result codes used in ERR replies
    public static final int SQLITE_ERROR = 1;
    public static final int SQLITE_BUSY = 5;
    public static final int SQLITE_LOCKED = 6;
    public static final int SQLITE_CONSTRAINT = 19;
    public static final int SQLITE_MISMATCH = 20;
    public static final int SQLITE_CONSTRAINT_NOTNULL = 19 | (5 << 8);
    public static final int SQLITE_CONSTRAINT_PRIMARYKEY = 19 | (6 << 8);
    public static final int SQLITE_FULL = 13;
}
