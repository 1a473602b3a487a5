/* Frame buffers and readers of the sidecar protocol (little-endian); see tonbo_wire.h. */
#include <stdlib.h>
#include <string.h>
#include "tonbo_wire.h"
#include "tonbo_proto.h"

SQLITE_EXTENSION_INIT3

void tb_buf_free(tb_buf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void tb_buf_reset(tb_buf *b) {
    b->len = 0;
    b->oom = 0;
}

/* grows the buffer so that n more bytes fit; 0 (and oom set) if memory ran out */
static int grow(tb_buf *b, size_t n) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n) cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

static inline int room(tb_buf *b, size_t n) {
    if (b->oom) return 0;
    return b->cap - b->len >= n || grow(b, n);
}

/* Little-endian stores through a local pointer: writing b->p[b->len++] byte by byte made the
   compiler reload and store b->len after every byte (an unsigned char store may alias it). On
   little-endian hosts a memcpy is one store. */
static inline void put_le32(unsigned char *q, uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(q, &v, 4);
#else
    for (int i = 0; i < 4; i++) q[i] = (unsigned char)(v >> (8 * i));
#endif
}

static inline void put_le64(unsigned char *q, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(q, &v, 8);
#else
    for (int i = 0; i < 8; i++) q[i] = (unsigned char)(v >> (8 * i));
#endif
}

void tb_frame(tb_buf *b, int op) {
    tb_buf_reset(b);
    tb_i32(b, 0);
    tb_u8(b, (unsigned)op);
}

void tb_u8(tb_buf *b, unsigned v) {
    if (room(b, 1)) b->p[b->len++] = (unsigned char)v;
}

void tb_u16(tb_buf *b, unsigned v) {
    if (room(b, 2)) {
        unsigned char *q = b->p + b->len;
        q[0] = (unsigned char)v;
        q[1] = (unsigned char)(v >> 8);
        b->len += 2;
    }
}

void tb_i32(tb_buf *b, uint32_t v) {
    if (room(b, 4)) {
        put_le32(b->p + b->len, v);
        b->len += 4;
    }
}

void tb_i64(tb_buf *b, uint64_t v) {
    if (room(b, 8)) {
        put_le64(b->p + b->len, v);
        b->len += 8;
    }
}

void tb_patch_i32(tb_buf *b, size_t at, uint32_t v) {
    if (b->oom || at + 4 > b->len) return;
    put_le32(b->p + at, v);
}

void tb_raw(tb_buf *b, const void *p, size_t n) {
    if (n && room(b, n)) {
        memcpy(b->p + b->len, p, n);
        b->len += n;
    }
}

void tb_bytes(tb_buf *b, const void *p, size_t n) {
    if (room(b, 4 + n)) {
        unsigned char *q = b->p + b->len;
        put_le32(q, (uint32_t)n);
        if (n) memcpy(q + 4, p, n);
        b->len += 4 + n;
    }
}

void tb_str(tb_buf *b, const char *s) {
    tb_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

/* One capacity check per value: a tag and its payload are written in one go. */
void tb_value(tb_buf *b, sqlite3_value *v, int nochange) {
    if (nochange) {
        tb_u8(b, TB_T_NOCHANGE);
        return;
    }
    int type = sqlite3_value_type(v);
    unsigned char *q;
    switch (type) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: {
        uint64_t bits;
        if (type == SQLITE_INTEGER) {
            bits = (uint64_t)sqlite3_value_int64(v);
        } else {
            double d = sqlite3_value_double(v);
            memcpy(&bits, &d, 8);
        }
        if (!room(b, 9)) return;
        q = b->p + b->len;
        q[0] = type == SQLITE_INTEGER ? TB_T_INT : TB_T_REAL;
        put_le64(q + 1, bits);
        b->len += 9;
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        /* the pointer first, then its length (sqlite3_value_bytes after the conversion) */
        const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) : sqlite3_value_blob(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        if (!p && (type == SQLITE_TEXT || n)) { /* SQLite ran out of memory (an empty BLOB is NULL) */
            b->oom = 1;
            return;
        }
        if (!room(b, 5 + n)) return;
        q = b->p + b->len;
        q[0] = type == SQLITE_TEXT ? TB_T_TEXT : TB_T_BLOB;
        put_le32(q + 1, (uint32_t)n);
        if (n) memcpy(q + 5, p, n);
        b->len += 5 + n;
        break;
    }
    default:
        tb_u8(b, TB_T_NULL);
    }
}

void tb_result_value(sqlite3_context *ctx, const unsigned char *frame, size_t len, size_t off) {
    tb_rd r = { frame, off, len, 0 };
    unsigned tag = tb_rd_u8(&r);
    uint32_t n;
    const unsigned char *p;
    switch (tag) {
    case TB_T_INT:
        sqlite3_result_int64(ctx, (sqlite3_int64)tb_rd_i64(&r));
        break;
    case TB_T_REAL: {
        uint64_t bits = tb_rd_i64(&r);
        double d;
        memcpy(&d, &bits, 8);
        sqlite3_result_double(ctx, d);
        break;
    }
    case TB_T_TEXT:
        p = tb_rd_bytes(&r, &n);
        if (p) sqlite3_result_text(ctx, (const char *)p, (int)n, SQLITE_TRANSIENT);
        break;
    case TB_T_BLOB:
        p = tb_rd_bytes(&r, &n);
        if (p) sqlite3_result_blob(ctx, p, (int)n, SQLITE_TRANSIENT);
        break;
    default:
        sqlite3_result_null(ctx);
    }
}
