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

static int room(tb_buf *b, size_t n) {
    if (b->oom) return 0;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return 0;
        }
        b->p = p;
        b->cap = cap;
    }
    return 1;
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
        b->p[b->len++] = (unsigned char)v;
        b->p[b->len++] = (unsigned char)(v >> 8);
    }
}

void tb_i32(tb_buf *b, uint32_t v) {
    if (room(b, 4)) {
        for (int i = 0; i < 4; i++) b->p[b->len++] = (unsigned char)(v >> (8 * i));
    }
}

void tb_i64(tb_buf *b, uint64_t v) {
    if (room(b, 8)) {
        for (int i = 0; i < 8; i++) b->p[b->len++] = (unsigned char)(v >> (8 * i));
    }
}

void tb_patch_i32(tb_buf *b, size_t at, uint32_t v) {
    if (b->oom || at + 4 > b->len) return;
    for (int i = 0; i < 4; i++) b->p[at + i] = (unsigned char)(v >> (8 * i));
}

void tb_raw(tb_buf *b, const void *p, size_t n) {
    if (n && room(b, n)) {
        memcpy(b->p + b->len, p, n);
        b->len += n;
    }
}

void tb_bytes(tb_buf *b, const void *p, size_t n) {
    tb_i32(b, (uint32_t)n);
    tb_raw(b, p, n);
}

void tb_str(tb_buf *b, const char *s) {
    tb_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

void tb_value(tb_buf *b, sqlite3_value *v, int nochange) {
    if (nochange) {
        tb_u8(b, TB_T_NOCHANGE);
        return;
    }
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        tb_u8(b, TB_T_INT);
        tb_i64(b, (uint64_t)sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT: {
        double d = sqlite3_value_double(v);
        uint64_t bits;
        memcpy(&bits, &d, 8);
        tb_u8(b, TB_T_REAL);
        tb_i64(b, bits);
        break;
    }
    case SQLITE_TEXT: {
        const unsigned char *t = sqlite3_value_text(v);
        tb_u8(b, TB_T_TEXT);
        tb_bytes(b, t, (size_t)sqlite3_value_bytes(v));
        break;
    }
    case SQLITE_BLOB: {
        const void *p = sqlite3_value_blob(v);
        tb_u8(b, TB_T_BLOB);
        tb_bytes(b, p, (size_t)sqlite3_value_bytes(v));
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
