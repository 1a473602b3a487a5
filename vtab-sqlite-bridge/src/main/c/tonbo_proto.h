/*
 * Wire protocol between the tonbo SQLite extension and its Java sidecar, version 3.
 * Mirrors org.tonbo4j.sqlite.internal.Protocol; the grammar is in docs/format/sqlite-protocol.md.
 * Frames: u32 little-endian body length, then the body (first byte: operation or status).
 */
#ifndef TONBO_PROTO_H
#define TONBO_PROTO_H

#define TB_MAGIC 0x53424E54u /* "TNBS" little-endian */
#define TB_VERSION 4
#define TB_MAX_FRAME (64u << 20)

enum tb_op {
    TB_HELLO = 1, TB_OPEN = 2, TB_SCAN = 3, TB_FETCH = 4, TB_CLOSE_CURSOR = 5, TB_WRITE = 6,
    TB_BEGIN = 7, TB_COMMIT = 8, TB_ROLLBACK = 9, TB_SAVEPOINT = 10, TB_RELEASE = 11, TB_ROLLBACK_TO = 12,
    TB_DESTROY = 13, TB_DISCONNECT = 14
};

enum tb_status { TB_OK = 0, TB_ERR = 1, TB_ROWS = 2 };

enum tb_tag { TB_T_NULL = 0, TB_T_INT = 1, TB_T_REAL = 2, TB_T_TEXT = 3, TB_T_BLOB = 4, TB_T_NOCHANGE = 5 };

/* column classes in the OPEN reply */
enum tb_class { TB_CLASS_OTHER = 0, TB_CLASS_TEXT = 1 };

enum tb_write {
    TB_W_INSERT = 1, TB_W_REPLACE = 2, TB_W_IGNORE = 3, TB_W_DELETE = 4,
    TB_W_UPDATE = 5, TB_W_UPDATE_REPLACE = 6, TB_W_UPDATE_IGNORE = 7
};

/* constraint operators: SQLite's SQLITE_INDEX_CONSTRAINT_* values, plus our IN */
#define TB_OP_IN 200

#define TB_SCAN_REVERSE 1

/* buffered writes are sent once a WRITE frame holds this many bytes */
#define TB_WRITE_BATCH (256u << 10)

#endif
