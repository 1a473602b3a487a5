/*
 * The `tonbo` virtual-table module: a SQLite loadable extension that keeps no data itself and
 * forwards every call to the Java sidecar over a Unix domain socket (tonbo_conn.c). Built only
 * against sqlite3ext.h: no JNI, no link to libsqlite3.
 *
 * One sidecar connection per virtual table instance; SQLite serializes calls on a database
 * connection, so a vtab and its cursors are used by one thread at a time. Writes are buffered
 * in WRITE frames of up to TB_WRITE_BATCH bytes and sent before any read of the table, at
 * savepoints and at commit (xSync). Errors go to zErrMsg; nothing here may crash the host.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sqlite3ext.h"
#include "tonbo_wire.h"
#include "tonbo_proto.h"

SQLITE_EXTENSION_INIT1

/* per database connection: where the sidecar listens */
typedef struct tb_ctx {
    char *socket;
    int spawn; /* start a sidecar if none listens (only for the default socket) */
} tb_ctx;

typedef struct tb_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
    tb_ctx *ctx;
    tb_conn conn;
    tb_buf open_req;  /* the OPEN frame, resent after a reconnect */
    int ncol, nkey;
    int *key;         /* key column indexes, in key order */
    tb_buf wbuf;      /* buffered WRITE frame */
    uint32_t wcount;
    int in_tx, synced;
    char *poison;     /* a buffered write failed inside an explicit transaction */
    tb_buf req;
} tb_vtab;

typedef struct tb_cursor {
    sqlite3_vtab_cursor base;
    uint32_t id;
    int server_open;  /* the sidecar still holds this cursor */
    int eof_batch;    /* the current batch is the last */
    int eof;
    tb_buf cur, next;
    int has_next;
    size_t pos;
    uint32_t remaining;
    uint64_t mask;
    size_t *colpos;   /* offset of each column's value in the current row, (size_t)-1 if not shipped */
} tb_cursor;

static int set_err(sqlite3_vtab *vt, int rc, char *msg) {
    sqlite3_free(vt->zErrMsg);
    vt->zErrMsg = msg;
    return rc;
}

/* ---------------------------------------------------------------- connection */

/* reads the prefetched reply of another cursor before a new request goes out */
static int drain(tb_vtab *v, char **err) {
    tb_cursor *p = v->conn.pending;
    if (!p) return SQLITE_OK;
    v->conn.pending = NULL;
    int rc = tb_recv(&v->conn, err);
    if (rc != SQLITE_OK) return rc;
    tb_buf t = p->next;
    p->next = v->conn.in;
    v->conn.in = t;
    p->has_next = 1;
    p->server_open = p->next.len > 5 && p->next.p[5] == 0;
    return SQLITE_OK;
}

static int request(tb_vtab *v, tb_buf *b) {
    char *err = NULL;
    int rc = drain(v, &err);
    if (rc == SQLITE_OK) rc = tb_request(&v->conn, b, &err);
    if (rc != SQLITE_OK) set_err(&v->base, rc, err);
    return rc;
}

/* reconnects after a lost sidecar when no transaction depends on the old connection */
static int ensure_conn(tb_vtab *v) {
    if (v->conn.fd >= 0) return SQLITE_OK;
    if (v->in_tx) {
        return set_err(&v->base, SQLITE_IOERR, sqlite3_mprintf("tonbo: the sidecar connection was lost in this "
                       "transaction; its uncommitted writes are gone: ROLLBACK"));
    }
    char *err = NULL;
    if (tb_connect(&v->conn, v->ctx->socket, v->ctx->spawn, &err) != SQLITE_OK) return set_err(&v->base, SQLITE_ERROR, err);
    int rc = tb_request(&v->conn, &v->open_req, &err);
    if (rc != SQLITE_OK) return set_err(&v->base, rc, err);
    return SQLITE_OK;
}

static int flush_writes(tb_vtab *v) {
    if (v->wcount == 0) return SQLITE_OK;
    tb_patch_i32(&v->wbuf, 5, v->wcount);
    v->wcount = 0;
    int rc = request(v, &v->wbuf);
    tb_buf_reset(&v->wbuf);
    if (rc != SQLITE_OK && !sqlite3_get_autocommit(v->db) && !v->poison) {
        v->poison = sqlite3_mprintf("%s", v->base.zErrMsg ? v->base.zErrMsg : "error");
    }
    return rc;
}

static int check_poison(tb_vtab *v) {
    if (!v->poison) return SQLITE_OK;
    return set_err(&v->base, SQLITE_ERROR, sqlite3_mprintf("tonbo: a write of this transaction failed earlier (%s); "
                   "ROLLBACK the transaction (or ROLLBACK TO a savepoint)", v->poison));
}

static int simple(tb_vtab *v, int op, int arg, int with_arg) {
    tb_frame(&v->req, op);
    if (with_arg) tb_i32(&v->req, (uint32_t)arg);
    return request(v, &v->req);
}

/* ---------------------------------------------------------------- create / connect */

static int vt_init(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **pzErr) {
    tb_ctx *ctx = aux;
    tb_vtab *v = sqlite3_malloc(sizeof *v);
    if (!v) return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->db = db;
    v->ctx = ctx;
    v->conn.fd = -1;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, ".");
    tb_frame(&v->open_req, TB_OPEN);
    tb_str(&v->open_req, cwd);
    tb_str(&v->open_req, argv[1]);
    tb_str(&v->open_req, argv[2]);
    tb_i32(&v->open_req, (uint32_t)(argc - 3));
    for (int i = 3; i < argc; i++) tb_str(&v->open_req, argv[i]);
    char *err = NULL;
    int rc = tb_connect(&v->conn, ctx->socket, ctx->spawn, &err);
    if (rc == SQLITE_OK) rc = tb_request(&v->conn, &v->open_req, &err);
    if (rc != SQLITE_OK) {
        *pzErr = err;
        goto fail;
    }
    tb_rd r = { v->conn.in.p, 1, v->conn.in.len, 0 };
    uint32_t dn;
    const unsigned char *decl = tb_rd_bytes(&r, &dn);
    v->ncol = (int)tb_rd_u16(&r);
    v->nkey = (int)tb_rd_u16(&r);
    v->key = sqlite3_malloc(sizeof(int) * (v->nkey + 1));
    if (!v->key) {
        rc = SQLITE_NOMEM;
        goto fail;
    }
    for (int k = 0; k < v->nkey; k++) v->key[k] = (int)tb_rd_u16(&r);
    if (r.bad || v->nkey < 1 || v->ncol < 1) {
        *pzErr = sqlite3_mprintf("tonbo: malformed OPEN reply from the sidecar");
        rc = SQLITE_PROTOCOL;
        goto fail;
    }
    char *sql = sqlite3_mprintf("%.*s", (int)dn, decl);
    rc = sql ? sqlite3_declare_vtab(db, sql) : SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        *pzErr = sqlite3_mprintf("tonbo: SQLite rejected the table declaration %s: %s", sql, sqlite3_errstr(rc));
        sqlite3_free(sql);
        goto fail;
    }
    sqlite3_free(sql);
    sqlite3_vtab_config(db, SQLITE_VTAB_CONSTRAINT_SUPPORT, 1);
    *out = &v->base;
    return SQLITE_OK;
fail:
    tb_close(&v->conn);
    tb_buf_free(&v->open_req);
    sqlite3_free(v->key);
    sqlite3_free(v);
    return rc;
}

static int vt_disconnect(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_close(&v->conn);
    tb_buf_free(&v->open_req);
    tb_buf_free(&v->wbuf);
    tb_buf_free(&v->req);
    sqlite3_free(v->poison);
    sqlite3_free(v->key);
    sqlite3_free(v);
    return SQLITE_OK;
}

/* ---------------------------------------------------------------- planning */

/*
 * idxStr: "<colUsed hex>;<op>:<col>,..." in argv order; op TB_OP_IN for an IN processed all at
 * once, 73/74 for LIMIT/OFFSET (col -1). idxNum bit 0: descending key order.
 */
static int vt_best_index(sqlite3_vtab *vt, sqlite3_index_info *info) {
    tb_vtab *v = (tb_vtab *)vt;
    int modern = sqlite3_libversion_number() >= 3038000;
    /* key columns always: DELETE and UPDATE read the key without saying so in colUsed */
    sqlite3_uint64 used = info->colUsed;
    for (int k = 0; k < v->nkey; k++) used |= (sqlite3_uint64)1 << (v->key[k] < 63 ? v->key[k] : 63);
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
    int argi = 0;
    double rows = 1e6;
    int key_eq = 0, key_in = 0, key_range = 0;
    for (int i = 0; i < info->nConstraint && s; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable) continue;
        int op = c->op, col = c->iColumn;
        switch (op) {
        case SQLITE_INDEX_CONSTRAINT_EQ: case SQLITE_INDEX_CONSTRAINT_GT: case SQLITE_INDEX_CONSTRAINT_LE:
        case SQLITE_INDEX_CONSTRAINT_LT: case SQLITE_INDEX_CONSTRAINT_GE: case SQLITE_INDEX_CONSTRAINT_NE:
        case SQLITE_INDEX_CONSTRAINT_ISNULL: case SQLITE_INDEX_CONSTRAINT_ISNOTNULL:
            if (col < 0) continue;
            {
                const char *coll = sqlite3_vtab_collation(info, i);
                if (coll && sqlite3_stricmp(coll, "BINARY") != 0) continue;
            }
            break;
        case SQLITE_INDEX_CONSTRAINT_LIMIT: case SQLITE_INDEX_CONSTRAINT_OFFSET:
            /* a LIMIT taken without producing the ORDER BY would cut rows before SQLite sorts */
            if (!modern || (info->nOrderBy > 0 && !info->orderByConsumed)) continue;
            col = -1;
            break;
        default:
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

static int vt_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->colpos = sqlite3_malloc(sizeof(size_t) * (size_t)v->ncol);
    if (!c->colpos) {
        sqlite3_free(c);
        return SQLITE_NOMEM;
    }
    c->eof = 1;
    *out = &c->base;
    return SQLITE_OK;
}

/* forgets the sidecar's cursor: reads an outstanding prefetch, closes it if still open */
static void release_cursor(tb_vtab *v, tb_cursor *c) {
    char *err = NULL;
    if (v->conn.pending == c) {
        if (drain(v, &err) != SQLITE_OK) sqlite3_free(err);
    }
    if (c->server_open && v->conn.fd >= 0) {
        tb_frame(&v->req, TB_CLOSE_CURSOR);
        tb_i32(&v->req, c->id);
        if (tb_send(&v->conn, &v->req, &err) != SQLITE_OK) sqlite3_free(err);
    }
    c->server_open = 0;
    c->has_next = 0;
}

static int vt_close(sqlite3_vtab_cursor *cur) {
    tb_cursor *c = (tb_cursor *)cur;
    release_cursor((tb_vtab *)cur->pVtab, c);
    tb_buf_free(&c->cur);
    tb_buf_free(&c->next);
    sqlite3_free(c->colpos);
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
        return set_err(&v->base, SQLITE_PROTOCOL, sqlite3_mprintf("tonbo: malformed ROWS reply from the sidecar"));
    }
    c->pos = r.pos;
    c->server_open = !c->eof_batch;
    if (!c->eof_batch && v->conn.pending == NULL) {
        char *err = NULL;
        tb_frame(&v->req, TB_FETCH);
        tb_i32(&v->req, c->id);
        int rc = tb_send(&v->conn, &v->req, &err);
        if (rc != SQLITE_OK) return set_err(&v->base, rc, err);
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
        rc = drain(v, &err);
        if (rc == SQLITE_OK) rc = tb_request(&v->conn, &v->req, &err);
    }
    if (rc != SQLITE_OK) {
        c->server_open = 0;
        return set_err(&v->base, rc, err);
    }
    return take_batch(v, c, &v->conn.in);
}

static int vt_next(sqlite3_vtab_cursor *cur) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    while (c->remaining == 0) {
        if (c->eof_batch) {
            c->eof = 1;
            return SQLITE_OK;
        }
        if (v->conn.interrupted) {
            v->conn.interrupted = 0;
            return set_err(&v->base, SQLITE_INTERRUPT, sqlite3_mprintf("interrupted"));
        }
        int rc = next_batch(v, c);
        if (rc != SQLITE_OK) return rc;
    }
    tb_rd r = { c->cur.p, c->pos, c->cur.len, 0 };
    for (int i = 0; i < v->ncol; i++) {
        int bit = i < 63 ? i : 63;
        c->colpos[i] = ((c->mask >> bit) & 1) ? tb_rd_skip_value(&r) : (size_t)-1;
    }
    if (r.bad) return set_err(&v->base, SQLITE_PROTOCOL, sqlite3_mprintf("tonbo: malformed row from the sidecar"));
    c->pos = r.pos;
    c->remaining--;
    c->eof = 0;
    return SQLITE_OK;
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    int rc;
    release_cursor(v, c);
    c->eof = 1;
    if ((rc = check_poison(v)) != SQLITE_OK) return rc;
    if ((rc = ensure_conn(v)) != SQLITE_OK) return rc;
    if ((rc = flush_writes(v)) != SQLITE_OK) return rc;
    char *end;
    c->mask = strtoull(idxStr ? idxStr : "0", &end, 16);
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
            return set_err(&v->base, SQLITE_INTERNAL, sqlite3_mprintf("tonbo: bad plan '%s'", idxStr));
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
                tb_value(b, x, 0);
                n++;
            }
            if (rc != SQLITE_DONE) return rc;
            tb_patch_i32(b, n_at, n);
        } else if (op != SQLITE_INDEX_CONSTRAINT_ISNULL && op != SQLITE_INDEX_CONSTRAINT_ISNOTNULL) {
            tb_value(b, argv[i], 0);
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
    rc = request(v, b);
    if (rc == SQLITE_IOERR && v->conn.fd < 0 && !v->in_tx && ensure_conn(v) == SQLITE_OK) {
        rc = request(v, b); /* the sidecar died between statements: once more on a new one */
    }
    if (rc != SQLITE_OK) return rc;
    if ((rc = take_batch(v, c, &v->conn.in)) != SQLITE_OK) return rc;
    return vt_next(cur);
}

static int vt_eof(sqlite3_vtab_cursor *cur) {
    return ((tb_cursor *)cur)->eof;
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i) {
    tb_cursor *c = (tb_cursor *)cur;
    tb_vtab *v = (tb_vtab *)cur->pVtab;
    if (i < 0 || i >= v->ncol || c->colpos[i] == (size_t)-1) {
        if (!sqlite3_vtab_nochange(ctx)) sqlite3_result_null(ctx);
        return SQLITE_OK;
    }
    tb_result_value(ctx, c->cur.p, c->cur.len, c->colpos[i]);
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid) {
    (void)rowid;
    return set_err(cur->pVtab, SQLITE_ERROR, sqlite3_mprintf("tonbo tables are WITHOUT ROWID"));
}

/* ---------------------------------------------------------------- writes */

static int vt_begin(sqlite3_vtab *vt);

/* SQLite skips xBegin for a table created inside the current transaction: begin on first use */
static int ensure_tx(tb_vtab *v) {
    return v->in_tx ? SQLITE_OK : vt_begin(&v->base);
}

static int vt_update(sqlite3_vtab *vt, int argc, sqlite3_value **argv, sqlite3_int64 *rowid) {
    tb_vtab *v = (tb_vtab *)vt;
    (void)rowid;
    int rc = check_poison(v);
    if (rc == SQLITE_OK) rc = ensure_tx(v);
    if (rc != SQLITE_OK) return rc;
    if (v->wcount == 0) {
        tb_frame(&v->wbuf, TB_WRITE);
        tb_i32(&v->wbuf, 0);
    }
    int mode = sqlite3_vtab_on_conflict(v->db);
    int replace = mode == SQLITE_REPLACE, ignore = mode == SQLITE_IGNORE;
    if (argc == 1) {
        tb_u8(&v->wbuf, TB_W_DELETE);
        tb_value(&v->wbuf, argv[0], 0);
    } else if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        tb_u8(&v->wbuf, replace ? TB_W_REPLACE : ignore ? TB_W_IGNORE : TB_W_INSERT);
        for (int i = 0; i < v->ncol; i++) tb_value(&v->wbuf, argv[2 + i], 0);
    } else {
        tb_u8(&v->wbuf, replace ? TB_W_UPDATE_REPLACE : ignore ? TB_W_UPDATE_IGNORE : TB_W_UPDATE);
        tb_value(&v->wbuf, argv[0], 0);
        for (int i = 0; i < v->ncol; i++) tb_value(&v->wbuf, argv[2 + i], sqlite3_value_nochange(argv[2 + i]));
    }
    if (v->wbuf.oom) {
        tb_buf_reset(&v->wbuf);
        v->wcount = 0;
        return SQLITE_NOMEM;
    }
    v->wcount++;
    return v->wbuf.len >= TB_WRITE_BATCH ? flush_writes(v) : SQLITE_OK;
}

/* ---------------------------------------------------------------- transactions */

static int vt_begin(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    int rc = ensure_conn(v);
    if (rc != SQLITE_OK) return rc;
    if ((rc = simple(v, TB_BEGIN, 0, 0)) != SQLITE_OK) return rc;
    v->in_tx = 1;
    v->synced = 0;
    return SQLITE_OK;
}

/* commits here, where SQLite still reports errors (those of xCommit are ignored) */
static int vt_sync(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    if (!v->in_tx) return SQLITE_OK;
    int rc = check_poison(v);
    if (rc == SQLITE_OK) rc = flush_writes(v);
    if (rc == SQLITE_OK) rc = simple(v, TB_COMMIT, 0, 0);
    if (rc == SQLITE_OK) v->synced = 1;
    return rc;
}

static int vt_commit(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    int rc = SQLITE_OK;
    if (v->in_tx && !v->synced) rc = vt_sync(vt);
    v->in_tx = v->synced = 0;
    return rc;
}

static int vt_rollback(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_buf_reset(&v->wbuf);
    v->wcount = 0;
    sqlite3_free(v->poison);
    v->poison = NULL;
    int was = v->in_tx && !v->synced;
    v->in_tx = v->synced = 0;
    if (was && v->conn.fd >= 0) simple(v, TB_ROLLBACK, 0, 0);
    return SQLITE_OK;
}

static int vt_savepoint(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    int rc = check_poison(v);
    if (rc == SQLITE_OK) rc = ensure_tx(v);
    if (rc == SQLITE_OK) rc = flush_writes(v);
    return rc == SQLITE_OK ? simple(v, TB_SAVEPOINT, n, 1) : rc;
}

static int vt_release(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    if (!v->in_tx) return SQLITE_OK;
    int rc = flush_writes(v);
    return rc == SQLITE_OK ? simple(v, TB_RELEASE, n, 1) : rc;
}

static int vt_rollback_to(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_buf_reset(&v->wbuf);
    v->wcount = 0;
    sqlite3_free(v->poison);
    v->poison = NULL;
    return v->in_tx ? simple(v, TB_ROLLBACK_TO, n, 1) : SQLITE_OK;
}

static sqlite3_module tonbo_module = {
    2,                /* iVersion: savepoints */
    vt_init,          /* xCreate */
    vt_init,          /* xConnect */
    vt_best_index,
    vt_disconnect,
    vt_disconnect,    /* xDestroy: the data stays at its path */
    vt_open,
    vt_close,
    vt_filter,
    vt_next,
    vt_eof,
    vt_column,
    vt_rowid,
    vt_update,
    vt_begin,
    vt_sync,
    vt_commit,
    vt_rollback,
    NULL,             /* xFindFunction */
    NULL,             /* xRename */
    vt_savepoint,
    vt_release,
    vt_rollback_to,
    NULL              /* xShadowName */
};

/* ---------------------------------------------------------------- SQL functions */

static void ctx_free(void *p) {
    tb_ctx *ctx = p;
    sqlite3_free(ctx->socket);
    sqlite3_free(ctx);
}

/* tonbo_socket(path): this connection's tables use the sidecar at path (no spawning) */
static void fn_socket(sqlite3_context *fc, int argc, sqlite3_value **argv) {
    tb_ctx *ctx = sqlite3_user_data(fc);
    (void)argc;
    const char *path = (const char *)sqlite3_value_text(argv[0]);
    if (!path || !*path) {
        sqlite3_result_error(fc, "tonbo_socket: needs a socket path", -1);
        return;
    }
    char *copy = sqlite3_mprintf("%s", path);
    if (!copy) {
        sqlite3_result_error_nomem(fc);
        return;
    }
    sqlite3_free(ctx->socket);
    ctx->socket = copy;
    ctx->spawn = 0;
    sqlite3_result_text(fc, copy, -1, SQLITE_TRANSIENT);
}

int tonbo_shadow_register(sqlite3 *db);

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_sqlitetonbo_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
    SQLITE_EXTENSION_INIT2(pApi);
    if (sqlite3_libversion_number() < 3026000) {
        *pzErrMsg = sqlite3_mprintf("tonbo needs SQLite 3.26 or newer, this is %s", sqlite3_libversion());
        return SQLITE_ERROR;
    }
    tb_ctx *ctx = sqlite3_malloc(sizeof *ctx);
    if (!ctx) return SQLITE_NOMEM;
    ctx->socket = tb_default_socket();
    ctx->spawn = 1;
    if (!ctx->socket) {
        sqlite3_free(ctx);
        return SQLITE_NOMEM;
    }
    int rc = sqlite3_create_function_v2(db, "tonbo_socket", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, ctx, fn_socket, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_module_v2(db, "tonbo", &tonbo_module, ctx, ctx_free);
    else ctx_free(ctx);
    if (rc == SQLITE_OK) rc = tonbo_shadow_register(db);
    return rc;
}

/* the default entry point name for a library called libsqlite_tonbo */
#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
    return sqlite3_sqlitetonbo_init(db, pzErrMsg, pApi);
}
