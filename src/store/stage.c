#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/stage.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct stage {
    sqlite3 *db;
    sqlite3_stmt *find, *key_add, *key_count, *row_add, *iter, *side_add, *side_get, *mark;
    int64_t orders, rows, next_grp, side_seq;
    /* the order rows are being added to: consecutive rows of one order cost no lookup */
    char *last_key;
    int64_t last_grp, last_n;
    bool last_dirty;
    int64_t iter_grp;
};

static int fail(struct stage *st, int rc, struct sd_err *err)
{
    return sd_fail(err, SD_IO, _("cannot keep the file's rows while reading it: %s"),
                   st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
}

static sqlite3_stmt *prep(struct stage *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        return NULL;
    return s;
}

int stage_open(struct stage **out, struct sd_err *err)
{
    *out = NULL;
    struct stage *st = xcalloc(1, sizeof *st);
    /* "": a private temporary file, made with a name no one can guess and removed on close */
    int rc = sqlite3_open_v2("", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db,
                          "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                          "PRAGMA cache_size = -2048; PRAGMA locking_mode = EXCLUSIVE; "
                          "CREATE TABLE keys (key TEXT PRIMARY KEY, grp INTEGER NOT NULL, "
                          "  n INTEGER NOT NULL) WITHOUT ROWID; "
                          "CREATE TABLE rows (grp INTEGER, seq INTEGER, line INTEGER, key TEXT, "
                          "  cells BLOB, PRIMARY KEY (grp, seq)) WITHOUT ROWID; "
                          "CREATE TABLE side (key TEXT, seq INTEGER, cells BLOB, "
                          "  PRIMARY KEY (key, seq)) WITHOUT ROWID; "
                          "CREATE TABLE marks (key TEXT PRIMARY KEY) WITHOUT ROWID; "
                          "BEGIN",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int status = fail(st, rc, err);
        stage_close(&st);
        return status;
    }
    st->find = prep(st, "SELECT grp, n FROM keys WHERE key = ?1");
    st->key_add = prep(st, "INSERT INTO keys (key, grp, n) VALUES (?1, ?2, 0)");
    st->key_count = prep(st, "UPDATE keys SET n = ?2 WHERE key = ?1");
    st->row_add = prep(st, "INSERT INTO rows (grp, seq, line, key, cells) VALUES (?1, ?2, ?3, "
                           "?4, ?5)");
    st->side_add = prep(st, "INSERT INTO side (key, seq, cells) VALUES (?1, ?2, ?3)");
    st->side_get = prep(st, "SELECT cells FROM side WHERE key = ?1 ORDER BY seq");
    st->mark = prep(st, "INSERT OR IGNORE INTO marks (key) VALUES (?1)");
    if (!st->mark || !st->find || !st->key_add || !st->key_count || !st->row_add || !st->side_add ||
        !st->side_get) {
        int status = fail(st, SQLITE_ERROR, err);
        stage_close(&st);
        return status;
    }
    *out = st;
    return SD_OK;
}

void stage_close(struct stage **pst)
{
    struct stage *st = *pst;
    if (!st)
        return;
    sqlite3_stmt *all[] = {st->find,    st->key_add,  st->key_count, st->row_add,
                           st->iter,    st->side_add, st->side_get,  st->mark};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(st->db);
    free(st->last_key);
    free(st);
    *pst = NULL;
}

static int step_done(struct stage *st, sqlite3_stmt *s, struct sd_err *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SD_OK : fail(st, rc, err);
}

/* Write the row count of the order rows were last added to. */
static int flush_last(struct stage *st, struct sd_err *err)
{
    if (!st->last_dirty)
        return SD_OK;
    st->last_dirty = false;
    sqlite3_bind_text(st->key_count, 1, st->last_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st->key_count, 2, st->last_n);
    return step_done(st, st->key_count, err);
}

int stage_add(struct stage *st, const char *key, long line, const void *cells, size_t len,
              int64_t *rows_of_order, struct sd_err *err)
{
    int rc;
    if (!st->last_key || strcmp(st->last_key, key) != 0) {
        if ((rc = flush_last(st, err)))
            return rc;
        free(st->last_key);
        st->last_key = xstrdup(key);
        sqlite3_bind_text(st->find, 1, key, -1, SQLITE_STATIC);
        int s = sqlite3_step(st->find);
        if (s == SQLITE_ROW) { /* an order seen before, further up the file */
            st->last_grp = sqlite3_column_int64(st->find, 0);
            st->last_n = sqlite3_column_int64(st->find, 1);
            sqlite3_reset(st->find);
        } else {
            sqlite3_reset(st->find);
            if (s != SQLITE_DONE)
                return fail(st, s, err);
            st->last_grp = ++st->next_grp;
            st->last_n = 0;
            sqlite3_bind_text(st->key_add, 1, key, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st->key_add, 2, st->last_grp);
            if ((rc = step_done(st, st->key_add, err)))
                return rc;
            st->orders++;
        }
    }
    st->last_n++;
    st->last_dirty = true;
    st->rows++;
    sqlite3_bind_int64(st->row_add, 1, st->last_grp);
    sqlite3_bind_int64(st->row_add, 2, st->rows);
    sqlite3_bind_int64(st->row_add, 3, line);
    sqlite3_bind_text(st->row_add, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st->row_add, 5, cells, (int)len, SQLITE_STATIC);
    if ((rc = step_done(st, st->row_add, err)))
        return rc;
    if (rows_of_order)
        *rows_of_order = st->last_n;
    return SD_OK;
}

int64_t stage_orders(const struct stage *st)
{
    return st->orders;
}

int64_t stage_rows(const struct stage *st)
{
    return st->rows;
}

int stage_rewind(struct stage *st, struct sd_err *err)
{
    int rc = flush_last(st, err);
    if (rc)
        return rc;
    if (!st->iter && !(st->iter = prep(st, "SELECT grp, line, key, cells FROM rows ORDER BY grp, "
                                           "seq")))
        return fail(st, SQLITE_ERROR, err);
    sqlite3_reset(st->iter);
    st->iter_grp = 0;
    return SD_OK;
}

int stage_next(struct stage *st, const char **key, long *line, const void **cells, size_t *len,
               bool *first, struct sd_err *err)
{
    int rc = sqlite3_step(st->iter);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st->iter);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st->iter);
        fail(st, rc, err);
        return -1;
    }
    int64_t grp = sqlite3_column_int64(st->iter, 0);
    *first = grp != st->iter_grp;
    st->iter_grp = grp;
    *line = (long)sqlite3_column_int64(st->iter, 1);
    *key = (const char *)sqlite3_column_text(st->iter, 2);
    *cells = sqlite3_column_blob(st->iter, 3);
    *len = (size_t)sqlite3_column_bytes(st->iter, 3);
    return 1;
}

int stage_side_add(struct stage *st, const char *key, const void *cells, size_t len,
                   struct sd_err *err)
{
    sqlite3_bind_text(st->side_add, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st->side_add, 2, ++st->side_seq);
    sqlite3_bind_blob(st->side_add, 3, cells, (int)len, SQLITE_STATIC);
    return step_done(st, st->side_add, err);
}

int stage_side_each(struct stage *st, const char *key, stage_side_cb cb, void *arg,
                    struct sd_err *err)
{
    sqlite3_bind_text(st->side_get, 1, key, -1, SQLITE_TRANSIENT);
    int rc, status = SD_OK;
    while ((rc = sqlite3_step(st->side_get)) == SQLITE_ROW) {
        status = cb(arg, sqlite3_column_blob(st->side_get, 0),
                    (size_t)sqlite3_column_bytes(st->side_get, 0));
        if (status)
            break;
    }
    sqlite3_reset(st->side_get);
    if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(st, rc, err);
    return status;
}

int stage_mark(struct stage *st, const char *key, bool *first, struct sd_err *err)
{
    sqlite3_bind_text(st->mark, 1, key, -1, SQLITE_STATIC);
    int rc = step_done(st, st->mark, err);
    *first = rc == SD_OK && sqlite3_changes(st->db) == 1;
    return rc;
}

void stage_shrink(struct stage *st)
{
    /* read in order from now on: a small cache does, and the memory goes back */
    sqlite3_exec(st->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
    sqlite3_db_release_memory(st->db);
}
