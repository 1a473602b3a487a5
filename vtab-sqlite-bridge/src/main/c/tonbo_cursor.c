/*
 * Planning and scans of the tonbo module: xBestIndex encodes the pushed-down constraints and the
 * shipped columns in idxStr; cursors stream ROWS batches from the sidecar with one FETCH in
 * flight per connection (prefetch). See tonbo_vtab.h.
 */
#include <stdlib.h>
#include <string.h>
#include "tonbo_vtab.h"
#include "tonbo_proto.h"

SQLITE_EXTENSION_INIT3

/*
 * Whether a statement that may write is running on the connection. DELETE and UPDATE read the
 * key of each row they address (xColumn, or xRowid for composite keys) without listing the key
 * in colUsed; a read-only statement never does, so its scans ship only the columns it uses.
 */
static int writing(sqlite3 *db) {
    for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s)) {
        if (sqlite3_stmt_busy(s) && !sqlite3_stmt_readonly(s)) return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- planning */

/*
 * idxStr: "<colUsed hex>;<op>:<col>,..." in argv order; op TB_OP_IN for an IN processed all at
 * once, 73/74 for LIMIT/OFFSET (col -1). idxNum bit 0: descending key order.
 */
/* whether constraint i, other than LIMIT/OFFSET, is taken by the sidecar (and omitted from SQLite's checks) */
static int takes(sqlite3_index_info *info, int i) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (!c->usable || c->iColumn < 0) return 0;
    switch (c->op) {
    case SQLITE_INDEX_CONSTRAINT_EQ: case SQLITE_INDEX_CONSTRAINT_GT: case SQLITE_INDEX_CONSTRAINT_LE:
    case SQLITE_INDEX_CONSTRAINT_LT: case SQLITE_INDEX_CONSTRAINT_GE: case SQLITE_INDEX_CONSTRAINT_NE:
    case SQLITE_INDEX_CONSTRAINT_ISNULL: case SQLITE_INDEX_CONSTRAINT_ISNOTNULL: {
        const char *coll = sqlite3_vtab_collation(info, i);
        return !(coll && sqlite3_stricmp(coll, "BINARY") != 0);
    }
    default:
        return 0;
    }
}

static int is_limit(int op) {
    return op == SQLITE_INDEX_CONSTRAINT_LIMIT || op == SQLITE_INDEX_CONSTRAINT_OFFSET;
}

int tb_best_index(sqlite3_vtab *vt, sqlite3_index_info *info) {
    tb_vtab *v = (tb_vtab *)vt;
    int modern = sqlite3_libversion_number() >= 3038000;
    /* the key columns a DELETE or UPDATE reads without listing them in colUsed are added by tb_filter */
    sqlite3_uint64 used = info->colUsed;
    char *s = sqlite3_mprintf("%llx;", (unsigned long long)used);
    int desc = 0;
    if (info->nOrderBy > 0 && info->nOrderBy <= v->nkey) {
        int ok = 1;
        desc = info->aOrderBy[0].desc;
        for (int i = 0; i < info->nOrderBy; i++) {
            if (info->aOrderBy[i].iColumn != v->key[i] || info->aOrderBy[i].desc != desc) ok = 0;
        }
        if (ok) info->orderByConsumed = 1;
        else desc = 0;
    }
    /* LIMIT and OFFSET may be applied by the sidecar only when it takes every other term of
       the WHERE clause: a term SQLite checks itself (IS, a collation, a column compared with a
       column, ...) would filter rows after the limit had cut them */
    int all_taken = 1;
    for (int i = 0; i < info->nConstraint; i++) {
        if (!is_limit(info->aConstraint[i].op) && !takes(info, i)) all_taken = 0;
    }
    int argi = 0;
    double rows = 1e6;
    int key_eq = 0, key_in = 0, key_range = 0;
    for (int i = 0; i < info->nConstraint && s; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable) continue;
        int op = c->op, col = c->iColumn;
        if (is_limit(op)) {
            /* a LIMIT taken without producing the ORDER BY would cut rows before SQLite sorts */
            if (!modern || !all_taken || (info->nOrderBy > 0 && !info->orderByConsumed)) continue;
            col = -1;
        } else if (!takes(info, i)) {
            continue;
        }
        if (op == SQLITE_INDEX_CONSTRAINT_EQ && modern && sqlite3_vtab_in(info, i, -1)) {
            sqlite3_vtab_in(info, i, 1);
            op = TB_OP_IN;
        }
        info->aConstraintUsage[i].argvIndex = ++argi;
        info->aConstraintUsage[i].omit = 1;
        s = sqlite3_mprintf("%z%d:%d,", s, op, col);
        if (col == v->key[0]) {
            if (op == SQLITE_INDEX_CONSTRAINT_EQ) key_eq = 1;
            else if (op == TB_OP_IN) key_in = 1;
            else if (op != SQLITE_INDEX_CONSTRAINT_NE && op < SQLITE_INDEX_CONSTRAINT_ISNOTNULL) key_range++;
        } else if (col >= 0) {
            rows /= 2;
        }
    }
    if (!s) return SQLITE_NOMEM;
    double scanned = 1e6;
    if (key_eq && v->nkey == 1) {
        scanned = rows = 1;
        info->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
    } else if (key_eq || key_in) {
        scanned = 10;
        rows = rows < 10 ? rows : 10;
    } else if (key_range) {
        scanned = key_range >= 2 ? 1e4 : 2.5e5;
        rows = rows < scanned ? rows : scanned;
    }
    int shipped = 0;
    for (int i = 0; i < v->ncol && i < 64; i++) shipped += (used >> (i < 63 ? i : 63)) & 1;
    info->estimatedCost = scanned * (1.0 + 0.1 * shipped) + 10;
    info->estimatedRows = (sqlite3_int64)(rows < 1 ? 1 : rows);
    info->idxNum = desc;
    info->idxStr = s;
    info->needToFreeIdxStr = 1;
    return SQLITE_OK;
}

/* ---------------------------------------------------------------- cursors */

int tb_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->colpos = sqlite3_malloc(sizeof(size_t) * (size_t)v->ncol);
    c->ship = sqlite3_malloc(sizeof(int) * (size_t)v->ncol);
    if (!c->colpos || !c->ship) {
        sqlite3_free(c->colpos);
        sqlite3_free(c->ship);
        sqlite3_free(c);
        return SQLITE_NOMEM;
    }
    c->eof = 1;
    v->ncursors++;
    *out = &c->base;
    return SQLITE_OK;
}

/* forgets the sidecar's cursor: reads an outstanding prefetch, closes it if still open */
static void release_cursor(tb_vtab *v, tb_cursor *c) {
    char *err = NULL;
    if (v->conn.pending == c) {
        if (tb_drain(v, &err) != SQLITE_OK) sqlite3_free(err);
    }
    if (c->server_open && v->conn.fd >= 0) {
        tb_frame(&v->req, TB_CLOSE_CURSOR);
        tb_i32(&v->req, c->id);
        if (tb_send(&v->conn, &v->req, &err) != SQLITE_OK) sqlite3_free(err);
    }
    c->server_open = 0;
    c->has_next = 0;
}

int tb_close_cursor(sqlite3_vtab_cursor *cur) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    release_cursor(v, c);
    /* a read-only statement is over: nothing can hand its rowids back (a writing one may, after
       its scan: a two-pass DELETE; the transaction's end forgets them then) */
    if (--v->ncursors == 0 && !v->in_tx && v->nrowkeys > 0 && !writing(v->db)) tb_forget_rowids(v);
    tb_buf_free(&c->cur);
    tb_buf_free(&c->next);
    sqlite3_free(c->colpos);
    sqlite3_free(c->ship);
    sqlite3_free(c);
    return SQLITE_OK;
}

/* makes c->cur the batch just received in buf; asks for the following one ahead of time */
static int take_batch(tb_vtab *v, tb_cursor *c, tb_buf *buf) {
    tb_buf t = c->cur;
    c->cur = *buf;
    *buf = t;
    tb_rd r = { c->cur.p, 1, c->cur.len, 0 };
    c->id = tb_rd_i32(&r);
    c->eof_batch = tb_rd_u8(&r) != 0;
    c->remaining = tb_rd_i32(&r);
    if (r.bad || c->cur.p[0] != TB_ROWS) {
        return tb_set_err(&v->base, SQLITE_PROTOCOL, sqlite3_mprintf("tonbo: malformed ROWS reply from the sidecar"));
    }
    c->pos = r.pos;
    c->server_open = !c->eof_batch;
    if (!c->eof_batch && v->conn.pending == NULL && !v->conn.write_pending) {
        char *err = NULL;
        tb_frame(&v->req, TB_FETCH);
        tb_i32(&v->req, c->id);
        int rc = tb_send(&v->conn, &v->req, &err);
        if (rc != SQLITE_OK) return tb_set_err(&v->base, rc, err);
        v->conn.pending = c;
    }
    return SQLITE_OK;
}

static int next_batch(tb_vtab *v, tb_cursor *c) {
    char *err = NULL;
    int rc;
    if (c->has_next) {
        c->has_next = 0;
        return take_batch(v, c, &c->next);
    }
    if (v->conn.pending == c) {
        v->conn.pending = NULL;
        rc = tb_recv(&v->conn, &err);
    } else {
        tb_frame(&v->req, TB_FETCH);
        tb_i32(&v->req, c->id);
        rc = tb_drain(v, &err);
        if (rc == SQLITE_OK) rc = tb_request(&v->conn, &v->req, &err);
    }
    if (rc != SQLITE_OK) {
        c->server_open = 0;
        return tb_set_err(&v->base, rc, err);
    }
    return take_batch(v, c, &v->conn.in);
}

int tb_next(sqlite3_vtab_cursor *cur) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    while (c->remaining == 0) {
        if (c->eof_batch) {
            c->eof = 1;
            return SQLITE_OK;
        }
        if (v->conn.interrupted) {
            v->conn.interrupted = 0;
            return tb_set_err(&v->base, SQLITE_INTERRUPT, sqlite3_mprintf("interrupted"));
        }
        int rc = next_batch(v, c);
        if (rc != SQLITE_OK) return rc;
    }
    tb_rd r = { c->cur.p, c->pos, c->cur.len, 0 };
    for (int i = 0; i < c->nship; i++) c->colpos[c->ship[i]] = tb_rd_skip_value(&r);
    if (r.bad) return tb_set_err(&v->base, SQLITE_PROTOCOL, sqlite3_mprintf("tonbo: malformed row from the sidecar"));
    c->pos = r.pos;
    c->remaining--;
    c->eof = 0;
    return SQLITE_OK;
}

int tb_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    int rc;
    release_cursor(v, c);
    c->eof = 1;
    if ((rc = tb_check_poison(v)) != SQLITE_OK) return rc;
    if ((rc = tb_ensure_conn(v)) != SQLITE_OK) return rc;
    if ((rc = tb_flush_writes(v)) != SQLITE_OK) return rc;
    char *end;
    c->mask = strtoull(idxStr ? idxStr : "0", &end, 16);
    if (v->nkey > 1 || writing(v->db)) { /* composite keys: any statement may ask for the rowid */
        for (int k = 0; k < v->nkey; k++) c->mask |= (sqlite3_uint64)1 << (v->key[k] < 63 ? v->key[k] : 63);
    }
    c->nship = 0;
    for (int i = 0; i < v->ncol; i++) {
        c->colpos[i] = (size_t)-1;
        if ((c->mask >> (i < 63 ? i : 63)) & 1) c->ship[c->nship++] = i;
    }
    const char *p = (end && *end == ';') ? end + 1 : "";
    sqlite3_int64 limit = -1, offset = 0;
    tb_buf *b = &v->req;
    tb_frame(b, TB_SCAN);
    tb_i64(b, c->mask);
    tb_u8(b, (idxNum & 1) ? TB_SCAN_REVERSE : 0);
    size_t lim_at = b->len;
    tb_i64(b, 0);
    tb_i64(b, 0);
    size_t count_at = b->len;
    tb_u16(b, 0);
    unsigned ncons = 0;
    for (int i = 0; i < argc && *p; i++) {
        int op = (int)strtol(p, &end, 10);
        int col = (*end == ':') ? (int)strtol(end + 1, &end, 10) : -2;
        if (*end != ',' || col < -1 || col >= v->ncol) {
            return tb_set_err(&v->base, SQLITE_INTERNAL, sqlite3_mprintf("tonbo: bad plan '%s'", idxStr));
        }
        p = end + 1;
        if (op == SQLITE_INDEX_CONSTRAINT_LIMIT) {
            limit = sqlite3_value_int64(argv[i]);
            continue;
        }
        if (op == SQLITE_INDEX_CONSTRAINT_OFFSET) {
            offset = sqlite3_value_int64(argv[i]);
            continue;
        }
        tb_u16(b, (unsigned)col);
        tb_u8(b, (unsigned)op);
        ncons++;
        if (op == TB_OP_IN) {
            size_t n_at = b->len;
            uint32_t n = 0;
            tb_i32(b, 0);
            sqlite3_value *x;
            for (rc = sqlite3_vtab_in_first(argv[i], &x); rc == SQLITE_OK; rc = sqlite3_vtab_in_next(argv[i], &x)) {
                tb_col_value(v, b, col, x, 0);
                n++;
            }
            if (rc != SQLITE_DONE) return rc;
            tb_patch_i32(b, n_at, n);
        } else if (op != SQLITE_INDEX_CONSTRAINT_ISNULL && op != SQLITE_INDEX_CONSTRAINT_ISNOTNULL) {
            tb_col_value(v, b, col, argv[i], 0);
        }
    }
    if (limit >= 0 || offset > 0) {
        if (offset < 0) offset = 0;
        if (!b->oom) {
            for (int i = 0; i < 8; i++) b->p[lim_at + i] = (unsigned char)((uint64_t)limit >> (8 * i));
            for (int i = 0; i < 8; i++) b->p[lim_at + 8 + i] = (unsigned char)((uint64_t)offset >> (8 * i));
        }
    } else if (!b->oom) {
        memset(b->p + lim_at, 0xff, 8); /* -1: no limit */
    }
    if (!b->oom) {
        b->p[count_at] = (unsigned char)ncons;
        b->p[count_at + 1] = (unsigned char)(ncons >> 8);
    }
    rc = tb_vrequest(v, b);
    if (rc == SQLITE_IOERR && v->conn.fd < 0 && !v->in_tx && tb_ensure_conn(v) == SQLITE_OK) {
        rc = tb_vrequest(v, b); /* the sidecar died between statements: once more on a new one */
        if (rc == SQLITE_OK) tb_clear_err(v);
    }
    if (rc != SQLITE_OK) return rc;
    if ((rc = take_batch(v, c, &v->conn.in)) != SQLITE_OK) return rc;
    return tb_next(cur);
}

int tb_eof(sqlite3_vtab_cursor *cur) {
    return ((tb_cursor *)cur)->eof;
}

int tb_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    if (i < 0 || i >= v->ncol || c->colpos[i] == (size_t)-1) {
        if (!sqlite3_vtab_nochange(ctx)) sqlite3_result_null(ctx);
        return SQLITE_OK;
    }
    tb_result_value(ctx, c->cur.p, c->cur.len, c->colpos[i]);
    return SQLITE_OK;
}

/* FNV-1a of a tagged key */
static uint64_t key_hash(const unsigned char *p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* the rowid already given to this key, or 0; *slot: where it is or would go in rowidx */
static sqlite3_int64 find_rowid(tb_vtab *v, const unsigned char *p, size_t n, sqlite3_int64 *slot) {
    sqlite3_int64 mask = v->idxcap - 1;
    for (sqlite3_int64 i = (sqlite3_int64)(key_hash(p, n) & (uint64_t)mask); ; i = (i + 1) & mask) {
        sqlite3_int64 r = v->rowidx[i];
        if (r == 0 || (v->rowkeys[r - 1].len == n && memcmp(v->rowkeys[r - 1].p, p, n) == 0)) {
            *slot = i;
            return r;
        }
    }
}

/* keeps rowidx at most half full */
static int grow_rowidx(tb_vtab *v) {
    if (2 * (v->nrowkeys + 1) <= v->idxcap) return SQLITE_OK;
    sqlite3_int64 cap = v->idxcap ? v->idxcap * 2 : 2048;
    sqlite3_int64 *idx = sqlite3_malloc64(sizeof(sqlite3_int64) * (sqlite3_uint64)cap);
    if (!idx) return SQLITE_NOMEM;
    memset(idx, 0, sizeof(sqlite3_int64) * (size_t)cap);
    sqlite3_free(v->rowidx);
    v->rowidx = idx;
    v->idxcap = cap;
    for (sqlite3_int64 r = 1; r <= v->nrowkeys; r++) {
        sqlite3_int64 slot;
        find_rowid(v, v->rowkeys[r - 1].p, v->rowkeys[r - 1].len, &slot);
        v->rowidx[slot] = r;
    }
    return SQLITE_OK;
}

/* composite keys only (one-column keys are WITHOUT ROWID): a rowid that stands for the current
   row's key, the same each time the key is read until the transaction ends (or, outside one,
   until the statement's last cursor closes); a DELETE or UPDATE hands it back */
int tb_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    if (v->nrowkeys == v->caprowkeys) {
        sqlite3_int64 cap = v->caprowkeys ? v->caprowkeys * 2 : 1024;
        tb_buf *p = sqlite3_realloc64(v->rowkeys, sizeof(tb_buf) * (sqlite3_uint64)cap);
        if (!p) return SQLITE_NOMEM;
        memset(p + v->caprowkeys, 0, sizeof(tb_buf) * (size_t)(cap - v->caprowkeys));
        v->rowkeys = p;
        v->caprowkeys = cap;
    }
    if (grow_rowidx(v) != SQLITE_OK) return SQLITE_NOMEM;
    tb_buf *k = &v->rowkeys[v->nrowkeys];
    tb_buf_reset(k);
    for (int i = 0; i < v->nkey; i++) {
        size_t off = c->colpos[v->key[i]];
        tb_rd r = { c->cur.p, off, c->cur.len, 0 };
        if (off == (size_t)-1 || tb_rd_skip_value(&r) == (size_t)-1) {
            return tb_set_err(&v->base, SQLITE_INTERNAL, sqlite3_mprintf("tonbo: key column missing from the row"));
        }
        tb_raw(k, c->cur.p + off, r.pos - off); /* the tagged value as the sidecar sent it */
    }
    if (k->oom) return SQLITE_NOMEM;
    sqlite3_int64 slot;
    sqlite3_int64 known = find_rowid(v, k->p, k->len, &slot);
    if (known) {
        *rowid = known;
        return SQLITE_OK;
    }
    v->rowidx[slot] = ++v->nrowkeys;
    *rowid = v->nrowkeys;
    return SQLITE_OK;
}

void tb_forget_rowids(tb_vtab *v) {
    for (sqlite3_int64 i = 0; i < v->caprowkeys; i++) tb_buf_free(&v->rowkeys[i]);
    sqlite3_free(v->rowkeys);
    sqlite3_free(v->rowidx);
    v->rowkeys = NULL;
    v->rowidx = NULL;
    v->nrowkeys = v->caprowkeys = v->idxcap = 0;
}
