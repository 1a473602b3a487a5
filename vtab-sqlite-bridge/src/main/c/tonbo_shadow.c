/*
 * tonbo_shadow(table [, path]): creates "<table>_tonbo", a tonbo mirror of a native rowstore
 * table with a PRIMARY KEY, backfills it and keeps it in sync with AFTER INSERT/UPDATE/DELETE
 * triggers. "schema.table" names a table of an attached database: the mirror and the triggers
 * go to that database. All or nothing: runs inside a savepoint. Returns the mirror's name.
 */
#include <string.h>
#include "sqlite3ext.h"

SQLITE_EXTENSION_INIT3

typedef struct shadow_cols {
    char *cols;      /* "a","b" */
    char *news;      /* NEW."a",NEW."b" */
    char *key_match; /* "a"=OLD."a" AND ... */
    char *defs;      /* create_sql column definitions */
    int nkey;
} shadow_cols;

static int collect(sqlite3 *db, const char *schema, const char *table, shadow_cols *sc, char **err) {
    sqlite3_stmt *st = NULL;
    char *sql = sqlite3_mprintf("SELECT name, type, \"notnull\", pk FROM pragma_table_info(%Q, %Q) ORDER BY cid",
                                table, schema);
    int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        *err = sqlite3_mprintf("tonbo_shadow: %s", sqlite3_errmsg(db));
        return rc;
    }
    char *keys[64] = { 0 };
    int n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        int pk = sqlite3_column_int(st, 3);
        if (!type || !*type) {
            *err = sqlite3_mprintf("tonbo_shadow: column %s of %s has no declared type", name, table);
            rc = SQLITE_ERROR;
            break;
        }
        const char *sep = n ? "," : "";
        sc->cols = sqlite3_mprintf("%z%s\"%w\"", sc->cols, sep, name);
        sc->news = sqlite3_mprintf("%z%sNEW.\"%w\"", sc->news, sep, name);
        sc->defs = sqlite3_mprintf("%z%s\"%w\" %s%s", sc->defs, sep, name, type, sqlite3_column_int(st, 2) ? " not null" : "");
        if (pk > 0 && pk <= 64) keys[pk - 1] = sqlite3_mprintf("%s", name);
        n++;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
        if (n == 0) {
            *err = sqlite3_mprintf("tonbo_shadow: no table named %s in database %s", table, schema);
            rc = SQLITE_ERROR;
        }
    }
    char *pkdef = NULL;
    for (int i = 0; i < 64 && keys[i]; i++) {
        pkdef = sqlite3_mprintf("%z%s\"%w\"", pkdef, i ? "," : "", keys[i]);
        sc->key_match = sqlite3_mprintf("%z%s\"%w\" = OLD.\"%w\"", sc->key_match, i ? " AND " : "", keys[i], keys[i]);
        sc->nkey++;
    }
    for (int i = 0; i < 64; i++) sqlite3_free(keys[i]);
    if (rc == SQLITE_OK && sc->nkey == 0) {
        *err = sqlite3_mprintf("tonbo_shadow: table %s has no PRIMARY KEY; a tonbo mirror needs one", table);
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK) {
        sc->defs = sqlite3_mprintf("%z, primary key(%s)", sc->defs, pkdef);
        if (!sc->cols || !sc->news || !sc->defs || !sc->key_match) rc = SQLITE_NOMEM;
    }
    sqlite3_free(pkdef);
    return rc;
}

/* Whether a database of this name is attached to the connection. */
static int has_schema(sqlite3 *db, const char *name) {
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_database_list WHERE name = ?1 COLLATE NOCASE", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

static void fn_shadow(sqlite3_context *fc, int argc, sqlite3_value **argv) {
    sqlite3 *db = sqlite3_context_db_handle(fc);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name || !*name) {
        sqlite3_result_error(fc, "tonbo_shadow: needs a table name", -1);
        return;
    }
    /* "schema.table" when the part before the first dot is an attached database; else a table
       of "main" (whose own name may hold a dot) */
    char *schema = NULL;
    const char *table = name;
    const char *dot = strchr(name, '.');
    if (dot && dot > name && dot[1]) {
        char *first = sqlite3_mprintf("%.*s", (int)(dot - name), name);
        if (first && (has_schema(db, first) || sqlite3_stricmp(first, "temp") == 0)) {
            schema = first;
            table = dot + 1;
        } else {
            sqlite3_free(first);
        }
    }
    if (!schema) schema = sqlite3_mprintf("main");
    if (!schema) {
        sqlite3_result_error_nomem(fc);
        return;
    }
    if (sqlite3_stricmp(schema, "temp") == 0) {
        sqlite3_result_error(fc, "tonbo_shadow: a temporary table cannot be mirrored", -1);
        sqlite3_free(schema);
        return;
    }
    shadow_cols sc = { 0 };
    char *err = NULL;
    char *path = argc > 1 ? sqlite3_mprintf("%s", sqlite3_value_text(argv[1])) : sqlite3_mprintf("tonbo_shadow/%s", table);
    char *shadow = sqlite3_mprintf("%s_tonbo", table);
    int rc = (path && shadow) ? collect(db, schema, table, &sc, &err) : SQLITE_NOMEM;
    char *script = NULL;
    if (rc == SQLITE_OK) {
        char *create_sql = sqlite3_mprintf("create table \"%w\"(%s)", shadow, sc.defs);
        char *create = create_sql ? sqlite3_mprintf("SAVEPOINT tonbo_shadow;"
            "CREATE VIRTUAL TABLE \"%w\".\"%w\" USING tonbo(create_sql = %Q, path = %Q);", schema, shadow, create_sql, path)
            : NULL;
        /* the triggers live in the source's database, whose tables their bodies name unqualified */
        script = create_sql ? sqlite3_mprintf(
            "INSERT OR REPLACE INTO \"%w\".\"%w\"(%s) SELECT %s FROM \"%w\".\"%w\";"
            "CREATE TRIGGER \"%w\".\"%w_ai\" AFTER INSERT ON \"%w\" BEGIN INSERT OR REPLACE INTO \"%w\"(%s) VALUES(%s); END;"
            "CREATE TRIGGER \"%w\".\"%w_au\" AFTER UPDATE ON \"%w\" BEGIN DELETE FROM \"%w\" WHERE %s;"
            " INSERT OR REPLACE INTO \"%w\"(%s) VALUES(%s); END;"
            "CREATE TRIGGER \"%w\".\"%w_ad\" AFTER DELETE ON \"%w\" BEGIN DELETE FROM \"%w\" WHERE %s; END;"
            "RELEASE tonbo_shadow;",
            schema, shadow, sc.cols, sc.cols, schema, table,
            schema, shadow, table, shadow, sc.cols, sc.news,
            schema, shadow, table, shadow, sc.key_match, shadow, sc.cols, sc.news,
            schema, shadow, table, shadow, sc.key_match) : NULL;
        sqlite3_free(create_sql);
        rc = create && script ? sqlite3_exec(db, create, NULL, NULL, &err) : SQLITE_NOMEM;
        int created = rc == SQLITE_OK;
        if (created) rc = sqlite3_exec(db, script, NULL, NULL, &err);
        sqlite3_free(create);
        if (rc != SQLITE_OK) {
            if (created) { /* the mirror's files go with it (the rollback alone would keep them) */
                char *drop = sqlite3_mprintf("DROP TABLE \"%w\".\"%w\";", schema, shadow);
                if (drop) sqlite3_exec(db, drop, NULL, NULL, NULL);
                sqlite3_free(drop);
            }
            sqlite3_exec(db, "ROLLBACK TO tonbo_shadow; RELEASE tonbo_shadow;", NULL, NULL, NULL);
            /* a failure past a statement's first row reaches SQLite without its message (it
               drops it at the statement's end): say what it means */
            int vague = (rc & 0xff) == SQLITE_MISMATCH || (rc & 0xff) == SQLITE_CONSTRAINT;
            char *e = sqlite3_mprintf("tonbo_shadow(%s): %s%s", table, err ? err : sqlite3_errstr(rc),
                                      vague && (!err || !strstr(err, "tonbo")) ? " (a row of the table does not fit the"
                                      " mirror's column types: each value must fit its declared type; nothing was created)" : "");
            sqlite3_free(err);
            err = e;
        }
    }
    if (rc == SQLITE_OK) sqlite3_result_text(fc, shadow, -1, SQLITE_TRANSIENT);
    else if (err) sqlite3_result_error(fc, err, -1);
    else sqlite3_result_error_code(fc, rc);
    sqlite3_free(err);
    sqlite3_free(script);
    sqlite3_free(path);
    sqlite3_free(shadow);
    sqlite3_free(schema);
    sqlite3_free(sc.cols);
    sqlite3_free(sc.news);
    sqlite3_free(sc.key_match);
    sqlite3_free(sc.defs);
}

int tonbo_shadow_register(sqlite3 *db) {
    int rc = sqlite3_create_function_v2(db, "tonbo_shadow", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, fn_shadow, NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_create_function_v2(db, "tonbo_shadow", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, fn_shadow, NULL, NULL, NULL);
    }
    return rc;
}
