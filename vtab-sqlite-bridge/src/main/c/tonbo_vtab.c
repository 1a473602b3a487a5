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
#include "tonbo_vtab.h"
#include "tonbo_proto.h"

SQLITE_EXTENSION_INIT1

#define LOST_IN_TX "tonbo: the sidecar connection was lost in this transaction; its uncommitted writes are gone " \
                   "(committed data is safe): ROLLBACK"

int tb_set_err(sqlite3_vtab *vt, int rc, char *msg) {
    sqlite3_free(vt->zErrMsg);
    vt->zErrMsg = msg;
    return rc;
}

/* ---------------------------------------------------------------- connection */

/* the reply to a WRITE frame sent ahead (tb_flush_writes with wait == 0): an error there is the
   error of the current statement, and poisons an explicit transaction */
static int drain_write(tb_vtab *v, char **err) {
    if (!v->conn.write_pending) return SQLITE_OK;
    v->conn.write_pending = 0;
    int rc = tb_recv(&v->conn, err);
    if (rc != SQLITE_OK && !sqlite3_get_autocommit(v->db) && !v->poison) {
        v->poison = sqlite3_mprintf("%s", *err ? *err : "error");
    }
    return rc;
}

/* reads the outstanding reply (another cursor's prefetched batch or a WRITE sent ahead) before a
   new request goes out */
int tb_drain(tb_vtab *v, char **err) {
    int rc = drain_write(v, err);
    if (rc != SQLITE_OK) return rc;
    tb_cursor *p = v->conn.pending;
    if (!p) return SQLITE_OK;
    v->conn.pending = NULL;
    rc = tb_recv(&v->conn, err);
    if (rc != SQLITE_OK) return rc;
    tb_buf t = p->next;
    p->next = v->conn.in;
    v->conn.in = t;
    p->has_next = 1;
    p->server_open = p->next.len > 5 && p->next.p[5] == 0;
    return SQLITE_OK;
}

int tb_vrequest(tb_vtab *v, tb_buf *b) {
    char *err = NULL;
    int rc = tb_drain(v, &err);
    if (rc == SQLITE_OK) rc = tb_request(&v->conn, b, &err);
    if (rc != SQLITE_OK) tb_set_err(&v->base, rc, err);
    return rc;
}

/* A REAL bound for a text column (a value written to it, or compared with it) goes as the text
   this SQLite makes of it, as TEXT affinity would convert it on a native table: the format of
   numbers as text differs between SQLite versions, so only SQLite itself can make it. */
void tb_col_value(tb_vtab *v, tb_buf *b, int col, sqlite3_value *x, int nochange) {
    if (nochange || col < 0 || col >= v->ncol || !v->text_col[col] || sqlite3_value_type(x) != SQLITE_FLOAT) {
        tb_value(b, x, nochange);
        return;
    }
    sqlite3_value *d = sqlite3_value_dup(x); /* converting x itself could change what SQLite sees */
    const unsigned char *t = d ? sqlite3_value_text(d) : NULL;
    if (!t) {
        b->oom = 1;
    } else {
        tb_u8(b, TB_T_TEXT);
        tb_bytes(b, t, (size_t)sqlite3_value_bytes(d));
    }
    sqlite3_value_free(d);
}

/* forgets the message of a failure that a retry recovered from */
void tb_clear_err(tb_vtab *v) {
    sqlite3_free(v->base.zErrMsg);
    v->base.zErrMsg = NULL;
}

/* reconnects after a lost sidecar when no transaction depends on the old connection */
int tb_ensure_conn(tb_vtab *v) {
    if (v->conn.fd >= 0) return SQLITE_OK;
    if (v->in_tx) {
        return tb_set_err(&v->base, SQLITE_IOERR, sqlite3_mprintf("%s", LOST_IN_TX));
    }
    char *err = NULL;
    if (tb_connect(&v->conn, v->ctx->socket, v->ctx->spawn, &err) != SQLITE_OK) return tb_set_err(&v->base, SQLITE_ERROR, err);
    int rc = tb_request(&v->conn, &v->open_req, &err);
    if (rc != SQLITE_OK) return tb_set_err(&v->base, rc, err);
    return SQLITE_OK;
}

/* a full batch during a statement goes out without waiting for its reply, so SQLite produces the
   next batch while the sidecar applies this one; its outcome is read before the next request */
static int send_writes_ahead(tb_vtab *v) {
    tb_patch_i32(&v->wbuf, 5, v->wcount);
    v->wcount = 0;
    char *err = NULL;
    int rc = tb_drain(v, &err);
    if (rc == SQLITE_OK) rc = tb_send(&v->conn, &v->wbuf, &err);
    if (rc == SQLITE_OK) v->conn.write_pending = 1;
    tb_buf_reset(&v->wbuf);
    if (rc != SQLITE_OK) tb_set_err(&v->base, rc, err);
    return rc;
}

int tb_flush_writes(tb_vtab *v) {
    if (v->wcount == 0) {
        char *err = NULL;
        int rc = drain_write(v, &err);
        if (rc != SQLITE_OK) tb_set_err(&v->base, rc, err);
        return rc;
    }
    tb_patch_i32(&v->wbuf, 5, v->wcount);
    v->wcount = 0;
    int rc = tb_vrequest(v, &v->wbuf);
    tb_buf_reset(&v->wbuf);
    if (rc != SQLITE_OK && !sqlite3_get_autocommit(v->db) && !v->poison) {
        v->poison = sqlite3_mprintf("%s", v->base.zErrMsg ? v->base.zErrMsg : "error");
    }
    return rc;
}

int tb_check_poison(tb_vtab *v) {
    if (!v->poison) return SQLITE_OK;
    if (strcmp(v->poison, LOST_IN_TX) == 0) return tb_set_err(&v->base, SQLITE_IOERR, sqlite3_mprintf("%s", LOST_IN_TX));
    return tb_set_err(&v->base, SQLITE_ERROR, sqlite3_mprintf("tonbo: a write of this transaction failed earlier (%s); "
                   "ROLLBACK the transaction (or ROLLBACK TO a savepoint)", v->poison));
}

static int simple(tb_vtab *v, int op, int arg, int with_arg) {
    tb_frame(&v->req, op);
    if (with_arg) tb_i32(&v->req, (uint32_t)arg);
    return tb_vrequest(v, &v->req);
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
    /* relative paths: against the database file's directory for a table stored in a database
       file (so reopening from elsewhere finds the same data), else against the current directory */
    char cwd[4096];
    const char *dbfile = sqlite3_stricmp(argv[1], "temp") == 0 ? NULL : sqlite3_db_filename(db, argv[1]);
    const char *slash = dbfile && *dbfile ? strrchr(dbfile, '/') : NULL;
    if (slash && (size_t)(slash - dbfile) < sizeof cwd) {
        memcpy(cwd, dbfile, (size_t)(slash - dbfile));
        cwd[slash - dbfile] = 0;
        if (!cwd[0]) strcpy(cwd, "/");
    } else if (!getcwd(cwd, sizeof cwd)) {
        strcpy(cwd, ".");
    }
    tb_frame(&v->open_req, TB_OPEN);
    tb_str(&v->open_req, cwd);
    tb_str(&v->open_req, argv[1]);
    tb_str(&v->open_req, argv[2]);
    tb_i32(&v->open_req, (uint32_t)(argc - 3));
    for (int i = 3; i < argc; i++) tb_str(&v->open_req, argv[i]);
    /* which SQLite connection: a DROP is refused only while another connection has the table */
    tb_i32(&v->open_req, (uint32_t)getpid());
    tb_i64(&v->open_req, (uint64_t)(uintptr_t)db);
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
    v->text_col = sqlite3_malloc(v->ncol + 1);
    if (!v->key || !v->text_col) {
        rc = SQLITE_NOMEM;
        goto fail;
    }
    for (int k = 0; k < v->nkey; k++) v->key[k] = (int)tb_rd_u16(&r);
    for (int c = 0; c < v->ncol; c++) v->text_col[c] = tb_rd_u8(&r) == TB_CLASS_TEXT;
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
    sqlite3_free(v->text_col);
    sqlite3_free(v);
    return rc;
}

/* CREATE VIRTUAL TABLE: SQLite makes the new table part of the current transaction (xSync,
   xCommit or xRollback follow, with no xBegin); a rollback deletes the files it made */
static int vt_create(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **pzErr) {
    int rc = vt_init(db, aux, argc, argv, out, pzErr);
    if (rc == SQLITE_OK) ((tb_vtab *)*out)->created = 1;
    return rc;
}

/* the sidecar lets go of the table before it replies (closing it writes its memtable to Parquet
   when this was its last connection), so the table's files are complete once sqlite3_close
   returns; a lost or dead sidecar is not waited for */
static void say_goodbye(tb_vtab *v) {
    if (v->conn.fd < 0) return;
    char *err = NULL;
    if (tb_drain(v, &err) == SQLITE_OK) {
        tb_frame(&v->req, TB_DISCONNECT);
        tb_request(&v->conn, &v->req, &err);
    }
    sqlite3_free(err);
}

static int vt_disconnect(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_forget_rowids(v);
    say_goodbye(v);
    tb_close(&v->conn);
    tb_buf_free(&v->open_req);
    tb_buf_free(&v->wbuf);
    tb_buf_free(&v->req);
    sqlite3_free(v->poison);
    sqlite3_free(v->key);
    sqlite3_free(v->text_col);
    sqlite3_free(v);
    return SQLITE_OK;
}

/* DROP TABLE: the sidecar deletes the table's files (xDisconnect keeps them) */
static int vt_destroy(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    int rc = tb_ensure_conn(v);
    if (rc == SQLITE_OK) {
        char *e = NULL;
        if (drain_write(v, &e) != SQLITE_OK) sqlite3_free(e); /* the table goes away anyway */
        rc = simple(v, TB_DESTROY, 0, 0);
    }
    /* SQLite keeps the table and reports only the code (it drops zErrMsg of xDestroy): the
       sidecar answers SQLITE_LOCKED while other connections have the table open */
    if (rc != SQLITE_OK) return rc;
    return vt_disconnect(vt);
}

/* ---------------------------------------------------------------- writes */

static int begin_tx(tb_vtab *v);

/* SQLite skips xBegin for a table created inside the current transaction: begin on first use */
static int ensure_tx(tb_vtab *v) {
    return v->in_tx ? SQLITE_OK : begin_tx(v);
}

/* the key of the row a DELETE or UPDATE addresses: the key itself, or for composite keys the
   values that tb_rowid() recorded under the rowid */
static int put_old_key(tb_vtab *v, sqlite3_value *id) {
    if (v->nkey == 1) {
        tb_value(&v->wbuf, id, 0);
        return SQLITE_OK;
    }
    sqlite3_int64 r = sqlite3_value_int64(id);
    if (r < 1 || r > v->nrowkeys) {
        return tb_set_err(&v->base, SQLITE_ERROR, sqlite3_mprintf("tonbo: rowid %lld does not address a row read in this "
                          "transaction (rowids of tables with a composite key are not stable)", (long long)r));
    }
    tb_raw(&v->wbuf, v->rowkeys[r - 1].p, v->rowkeys[r - 1].len);
    return SQLITE_OK;
}

/* Whether this write is the first of its statement. SQLite adds a statement's row count to
   sqlite3_total_changes() when the statement ends, and a statement whose write here succeeded
   counts at least that row: so a later write with the count unchanged belongs to the same
   statement. Anything that may end a statement without counting (an error, a savepoint
   operation, the end of the transaction) clears stmt_open. */
static int first_write_of_statement(tb_vtab *v) {
    int changes = sqlite3_total_changes(v->db);
    int first = !v->stmt_open || changes != v->stmt_changes;
    v->stmt_open = 1;
    v->stmt_changes = changes;
    return first;
}

static int vt_update_op(tb_vtab *v, int argc, sqlite3_value **argv);

static int vt_update(sqlite3_vtab *vt, int argc, sqlite3_value **argv, sqlite3_int64 *rowid) {
    tb_vtab *v = (tb_vtab *)vt;
    *rowid = 0;
    int rc = vt_update_op(v, argc, argv);
    if (rc != SQLITE_OK) v->stmt_open = 0; /* the statement fails here */
    return rc;
}

static int vt_update_op(tb_vtab *v, int argc, sqlite3_value **argv) {
    int rc = tb_check_poison(v);
    if (rc == SQLITE_OK) rc = ensure_tx(v);
    if (rc != SQLITE_OK) return rc;
    if (v->wcount == 0) {
        tb_frame(&v->wbuf, TB_WRITE);
        tb_i32(&v->wbuf, 0);
    }
    int mode = sqlite3_vtab_on_conflict(v->db);
    int replace = mode == SQLITE_REPLACE, ignore = mode == SQLITE_IGNORE;
    size_t start = v->wbuf.len;
    if (argc == 1) {
        tb_u8(&v->wbuf, TB_W_DELETE);
        rc = put_old_key(v, argv[0]);
    } else if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        tb_u8(&v->wbuf, replace ? TB_W_REPLACE : ignore ? TB_W_IGNORE : TB_W_INSERT);
        for (int i = 0; i < v->ncol; i++) tb_col_value(v, &v->wbuf, i, argv[2 + i], 0);
    } else {
        tb_u8(&v->wbuf, replace ? TB_W_UPDATE_REPLACE : ignore ? TB_W_UPDATE_IGNORE : TB_W_UPDATE);
        rc = put_old_key(v, argv[0]);
        for (int i = 0; i < v->ncol; i++) tb_col_value(v, &v->wbuf, i, argv[2 + i], sqlite3_value_nochange(argv[2 + i]));
    }
    if (rc != SQLITE_OK) {
        v->wbuf.len = start; /* drop this operation, keep the ones before it */
        return rc;
    }
    if (v->wbuf.oom) {
        tb_buf_reset(&v->wbuf);
        v->wcount = 0;
        return SQLITE_NOMEM;
    }
    v->wcount++;
    /* Inside BEGIN ... COMMIT the first write of each statement is applied now, with its reply
       awaited: a single-row statement (a duplicate key, a value its column cannot hold) then
       fails itself, as on a native table, and the transaction goes on (the failed write was not
       applied). Later writes of a multi-row statement are batched and checked at its end (its
       savepoint's release). Outside a transaction the commit at the statement's end checks. */
    if (first_write_of_statement(v) && !sqlite3_get_autocommit(v->db)) {
        tb_patch_i32(&v->wbuf, 5, v->wcount);
        v->wcount = 0;
        rc = tb_vrequest(v, &v->wbuf);
        tb_buf_reset(&v->wbuf);
        return rc;
    }
    return v->wbuf.len >= TB_WRITE_BATCH ? send_writes_ahead(v) : SQLITE_OK;
}

/* ---------------------------------------------------------------- transactions */

/* xBegin: SQLite calls it only for tables that existed before the transaction */
static int vt_begin(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    v->created = 0;
    return begin_tx(v);
}

static int begin_tx(tb_vtab *v) {
    int rc = tb_ensure_conn(v);
    if (rc != SQLITE_OK) return rc;
    rc = simple(v, TB_BEGIN, 0, 0);
    if (rc == SQLITE_IOERR && v->conn.fd < 0 && tb_ensure_conn(v) == SQLITE_OK) {
        rc = simple(v, TB_BEGIN, 0, 0); /* the sidecar died since the last statement: nothing depends on it yet */
        if (rc == SQLITE_OK) tb_clear_err(v);
    }
    if (rc != SQLITE_OK) return rc;
    v->in_tx = 1;
    v->sp_depth = 0;
    v->synced = 0;
    v->stmt_open = 0;
    return SQLITE_OK;
}

/* commits here, where SQLite still reports errors (those of xCommit are ignored) */
static int vt_sync(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    if (!v->in_tx) return SQLITE_OK;
    int rc = tb_check_poison(v);
    if (rc == SQLITE_OK) rc = tb_flush_writes(v);
    if (rc == SQLITE_OK) rc = simple(v, TB_COMMIT, 0, 0);
    if (rc == SQLITE_OK) {
        v->synced = 1;
        tb_forget_rowids(v);
    }
    return rc;
}

static int vt_commit(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    int rc = SQLITE_OK;
    v->created = 0;
    if (v->in_tx && !v->synced) rc = vt_sync(vt);
    v->in_tx = v->synced = 0;
    v->sp_depth = 0;
    v->stmt_open = 0;
    return rc;
}

static int vt_rollback(sqlite3_vtab *vt) {
    tb_vtab *v = (tb_vtab *)vt;
    tb_forget_rowids(v);
    tb_buf_reset(&v->wbuf);
    v->wcount = 0;
    char *e = NULL;
    if (drain_write(v, &e) != SQLITE_OK) sqlite3_free(e); /* rolled back anyway */
    sqlite3_free(v->poison);
    v->poison = NULL;
    int was = v->in_tx && !v->synced;
    v->in_tx = v->synced = 0;
    v->sp_depth = 0;
    v->stmt_open = 0;
    if (was && v->conn.fd >= 0) simple(v, TB_ROLLBACK, 0, 0);
    if (v->created && v->conn.fd >= 0 && simple(v, TB_DESTROY, 0, 0) == SQLITE_OK) {
        /* the CREATE is undone: its files go too (unless another connection opened the table
           meanwhile: then DESTROY refuses and they stay); the session holds nothing now */
        tb_close(&v->conn);
    }
    v->created = 0;
    return SQLITE_OK;
}

/* A savepoint operation that lost the sidecar: SQLite shows only "disk I/O error" for these (it
   drops their message), so the loss poisons the transaction instead and the next statement on
   the table, or the COMMIT, fails with the reason; only ROLLBACK recovers. */
static int lost_at_savepoint(tb_vtab *v, int rc) {
    if (rc == SQLITE_OK || v->conn.fd >= 0 || !v->in_tx) return rc;
    sqlite3_free(v->poison);
    v->poison = sqlite3_mprintf("%s", LOST_IN_TX);
    return SQLITE_OK;
}

static int vt_savepoint(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    v->stmt_open = 0;
    int rc = tb_check_poison(v);
    if (rc == SQLITE_OK) rc = ensure_tx(v);
    if (rc == SQLITE_OK) rc = tb_flush_writes(v);
    if (rc == SQLITE_OK) rc = simple(v, TB_SAVEPOINT, n, 1);
    if (rc == SQLITE_OK) v->sp_depth = n + 1;
    return lost_at_savepoint(v, rc);
}

static int vt_release(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    v->stmt_open = 0;
    if (!v->in_tx) return SQLITE_OK;
    int rc = tb_flush_writes(v);
    if (rc == SQLITE_OK) rc = simple(v, TB_RELEASE, n, 1);
    if (rc == SQLITE_OK && v->sp_depth > n) v->sp_depth = n;
    return lost_at_savepoint(v, rc);
}

static int vt_rollback_to(sqlite3_vtab *vt, int n) {
    tb_vtab *v = (tb_vtab *)vt;
    v->stmt_open = 0;
    tb_buf_reset(&v->wbuf);
    v->wcount = 0;
    char *e = NULL;
    if (drain_write(v, &e) != SQLITE_OK) sqlite3_free(e); /* undone by this rollback */
    sqlite3_free(v->poison);
    v->poison = NULL;
    if (v->sp_depth > n + 1) v->sp_depth = n + 1;
    return v->in_tx ? lost_at_savepoint(v, simple(v, TB_ROLLBACK_TO, n, 1)) : SQLITE_OK;
}

static sqlite3_module tonbo_module = {
    2,                /* iVersion: savepoints */
    vt_create,        /* xCreate */
    vt_init,          /* xConnect */
    tb_best_index,
    vt_disconnect,
    vt_destroy,
    tb_open,
    tb_close_cursor,
    tb_filter,
    tb_next,
    tb_eof,
    tb_column,
    tb_rowid,
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
