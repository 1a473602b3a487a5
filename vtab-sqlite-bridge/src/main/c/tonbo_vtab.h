/*
 * Shared state of the tonbo virtual-table module (tonbo_vtab.c: connection, create/connect,
 * writes, transactions, registration; tonbo_cursor.c: planning and scans). A vtab and its cursors
 * are used by one thread at a time (SQLite serializes calls on a database connection).
 */
#ifndef TONBO_VTAB_H
#define TONBO_VTAB_H

#include "sqlite3ext.h"
#include "tonbo_wire.h"

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
    unsigned char *text_col; /* per column: 1 for a text column (TB_CLASS_TEXT) */
    tb_buf wbuf;      /* buffered WRITE frame */
    uint32_t wcount;
    int in_tx, synced;
    int created;      /* made by CREATE VIRTUAL TABLE in a transaction not yet committed */
    int sp_depth;     /* savepoints open on the sidecar: 1 + the highest level, 0 if none */
    /* statement tracking for vt_update: whether the last write's statement may still be running,
       and sqlite3_total_changes() at that write (it moves when a statement that wrote ends) */
    int stmt_open;
    int stmt_changes;
    char *poison;     /* a buffered write failed inside an explicit transaction */
    /* composite keys: rowid i (1-based) -> the row's key values (tagged), and back through a hash
       table of rowids (0: empty slot), so that a key read twice gets the same rowid (SQLite
       removes duplicates by rowid, e.g. in an OR of two indexed terms). Kept for the
       transaction, or outside one until the last cursor closes. */
    tb_buf *rowkeys;
    sqlite3_int64 nrowkeys, caprowkeys;
    sqlite3_int64 *rowidx;
    sqlite3_int64 idxcap;
    int ncursors;     /* open cursors */
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
    int *ship;        /* the shipped columns in row order */
    int nship;
} tb_cursor;

/* sets zErrMsg (taking msg) and returns rc */
int tb_set_err(sqlite3_vtab *vt, int rc, char *msg);
/* reads the prefetched reply of another cursor before a new request goes out */
int tb_drain(tb_vtab *v, char **err);
/* one request/reply on the vtab's connection; errors go to zErrMsg */
int tb_vrequest(tb_vtab *v, tb_buf *b);
/* tb_value for a value bound for column col (-1: none) of v: see tonbo_vtab.c */
void tb_col_value(tb_vtab *v, tb_buf *b, int col, sqlite3_value *x, int nochange);
/* reconnects after a lost sidecar when no transaction depends on the old connection */
int tb_ensure_conn(tb_vtab *v);
void tb_clear_err(tb_vtab *v);
/* sends the buffered WRITE frame, if any */
int tb_flush_writes(tb_vtab *v);
/* fails if a buffered write of this transaction failed earlier */
int tb_check_poison(tb_vtab *v);

/* forgets the rowid -> key map (end of a transaction) */
void tb_forget_rowids(tb_vtab *v);

int tb_best_index(sqlite3_vtab *vt, sqlite3_index_info *info);
int tb_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out);
int tb_close_cursor(sqlite3_vtab_cursor *cur);
int tb_filter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr, int argc, sqlite3_value **argv);
int tb_next(sqlite3_vtab_cursor *cur);
int tb_eof(sqlite3_vtab_cursor *cur);
int tb_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i);
int tb_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid);

#endif
