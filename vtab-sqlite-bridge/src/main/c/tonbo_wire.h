/*
 * Growable output buffers and bounds-checked readers for protocol frames, and the socket
 * connection to the sidecar (connect, spawn-if-absent, handshake, request/reply). A connection
 * belongs to one virtual table and is used by one thread at a time (SQLite serializes calls
 * on a connection).
 */
#ifndef TONBO_WIRE_H
#define TONBO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include "sqlite3ext.h"
#include "tonbo_proto.h"

typedef struct tb_buf {
    unsigned char *p;
    size_t len, cap;
    int oom;
} tb_buf;

void tb_buf_free(tb_buf *b);
void tb_buf_reset(tb_buf *b);
/* starts a frame: reserves the length prefix and writes the operation byte */
void tb_frame(tb_buf *b, int op);
void tb_u8(tb_buf *b, unsigned v);
void tb_u16(tb_buf *b, unsigned v);
void tb_i32(tb_buf *b, uint32_t v);
void tb_i64(tb_buf *b, uint64_t v);
void tb_bytes(tb_buf *b, const void *p, size_t n);
/* appends bytes as they are (no length prefix) */
void tb_raw(tb_buf *b, const void *p, size_t n);
void tb_str(tb_buf *b, const char *s);
/* appends one sqlite3_value as a tagged value (TB_T_NOCHANGE if nochange is set); a TEXT or BLOB
   whose bytes SQLite cannot produce (out of memory) marks the buffer oom */
void tb_value(tb_buf *b, sqlite3_value *v, int nochange);
void tb_patch_i32(tb_buf *b, size_t at, uint32_t v);

typedef struct tb_rd {
    const unsigned char *p;
    size_t pos, len;
    int bad;
} tb_rd;

/* whether n more bytes can be read; marks the reader bad if not */
static inline int tb_rd_need(tb_rd *r, size_t n) {
    if (r->bad || r->len - r->pos < n) {
        r->bad = 1;
        return 0;
    }
    return 1;
}

static inline unsigned tb_rd_u8(tb_rd *r) {
    return tb_rd_need(r, 1) ? r->p[r->pos++] : 0;
}

static inline unsigned tb_rd_u16(tb_rd *r) {
    if (!tb_rd_need(r, 2)) return 0;
    unsigned v = (unsigned)r->p[r->pos] | ((unsigned)r->p[r->pos + 1] << 8);
    r->pos += 2;
    return v;
}

static inline uint32_t tb_rd_i32(tb_rd *r) {
    if (!tb_rd_need(r, 4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)r->p[r->pos + i] << (8 * i);
    r->pos += 4;
    return v;
}

static inline uint64_t tb_rd_i64(tb_rd *r) {
    if (!tb_rd_need(r, 8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)r->p[r->pos + i] << (8 * i);
    r->pos += 8;
    return v;
}

/* a length-prefixed byte string: returns a pointer into the frame and its length */
static inline const unsigned char *tb_rd_bytes(tb_rd *r, uint32_t *n) {
    *n = tb_rd_i32(r);
    if (!tb_rd_need(r, *n)) {
        *n = 0;
        return NULL;
    }
    const unsigned char *p = r->p + r->pos;
    r->pos += *n;
    return p;
}

/* skips one tagged value without decoding it; returns its offset (or (size_t)-1 if malformed) */
static inline size_t tb_rd_skip_value(tb_rd *r) {
    size_t off = r->pos;
    switch (tb_rd_u8(r)) {
    case TB_T_NULL: break;
    case TB_T_INT:
    case TB_T_REAL:
        if (tb_rd_need(r, 8)) r->pos += 8;
        break;
    case TB_T_TEXT:
    case TB_T_BLOB: {
        uint32_t n = tb_rd_i32(r);
        if (tb_rd_need(r, n)) r->pos += n;
        break;
    }
    default: r->bad = 1;
    }
    return r->bad ? (size_t)-1 : off;
}

/* sets the result of ctx from the tagged value at offset */
void tb_result_value(sqlite3_context *ctx, const unsigned char *frame, size_t len, size_t off);

typedef struct tb_conn {
    int fd;
    int interrupted;      /* a signal interrupted a wait (Ctrl-C in the shell) */
    tb_buf in;            /* the last reply frame (body only) */
    void *pending;        /* the cursor whose prefetched FETCH reply is unread, if any */
    int write_pending;    /* a WRITE frame was sent and its reply is unread (never both at once) */
} tb_conn;

/* Connects to the sidecar at socket_path, spawning it if absent (spawn != 0), and does the handshake.
 * On failure returns SQLITE_ERROR and sets *err (sqlite3_mprintf). */
int tb_connect(tb_conn *c, const char *socket_path, int spawn, char **err);
void tb_close(tb_conn *c);
int tb_send(tb_conn *c, tb_buf *frame, char **err);
/* reads one reply into c->in; a TB_ERR reply becomes its SQLite code and message */
int tb_recv(tb_conn *c, char **err);
int tb_request(tb_conn *c, tb_buf *frame, char **err);
/* the default socket path ($TONBO_SOCKET_DIR or /tmp/tonbo-sqlite-<uid>, + /sidecar.sock) */
char *tb_default_socket(void);

#endif
