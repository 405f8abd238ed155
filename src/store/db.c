/* The statement helpers of store_int.h, each handed to the engine that holds the store or the
 * statement (db_sqlite.c, db_pg.c), and the choice of engine when a shop is opened. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/die.h"
#include "util/xalloc.h"

bool db_is_pg_target(const char *t)
{
    if (!strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11))
        return true;
    /* libpq's "key=value ..." form, beginning with one of its keywords */
    static const char *const keys[] = {"host", "hostaddr", "port", "dbname", "user", "password",
                                       "passfile", "service", "sslmode", "sslcert", "sslkey",
                                       "sslrootcert", "connect_timeout", "application_name",
                                       "options", "target_session_attrs", NULL};
    while (*t == ' ')
        t++;
    for (const char *const *k = keys; *k; k++) {
        size_t n = strlen(*k);
        if (!strncmp(t, *k, n) && (t[n] == '=' || (t[n] == ' ' && strchr(t + n, '='))))
            return true;
    }
    return false;
}

const char *store_take_notice(struct store *st)
{
    static char taken[sizeof st->notice];
    if (!st->notice[0])
        return NULL;
    memcpy(taken, st->notice, sizeof taken);
    st->notice[0] = '\0';
    return taken;
}

bool store_target_is_server(const char *target)
{
    return db_is_pg_target(target);
}

static void (*guard_enter)(void), (*guard_leave)(void);

void store_set_connect_guard(void (*enter)(void), void (*leave)(void))
{
    guard_enter = enter;
    guard_leave = leave;
}

void db_connect_enter(void)
{
    if (guard_enter)
        guard_enter();
}

void db_connect_leave(void)
{
    if (guard_leave)
        guard_leave();
}

const char *store_label(const struct store *st)
{
    return st->label ? st->label : st->path;
}

int store_open(const char *target, int flags, struct store **out, struct sd_err *err)
{
    *out = NULL;
    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(target);
    int rc = db_is_pg_target(target) ? db_pg_open(st, flags, err) : db_sqlite_open(st, flags, err);
    if (rc) {
        free(st->path);
        free(st->label);
        free(st);
        return rc;
    }
    *out = st;
    return SD_OK;
}

void store_free(struct store **pst)
{
    struct store *st = *pst;
    if (!st)
        return;
    store_rollback(st);
    for (int i = 0; i < st->ncache; i++)
        st->drv->finalize(st->cache[i].stmt);
    store_track(st, false);
    st->drv->close(st);
    free(st->find_ahead);
    free(st->path);
    free(st->label);
    free(st);
    *pst = NULL;
}

struct db_stmt *db_prep(struct store *st, const char *sql)
{
    for (int i = 0; i < st->ncache; i++) {
        if (st->cache[i].sql == sql) {
            st->drv->clear(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
    }
    if (st->ncache >= STMT_CACHE)
        die("internal: statement cache full");
    struct db_stmt *s = st->drv->prep(st, sql, true);
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].stmt = s;
    st->ncache++;
    return s;
}

struct db_stmt *db_prep_kept(struct store *st, const char *sql)
{
    for (int i = 0; i < st->ncache; i++)
        if (st->cache[i].sql == sql)
            return st->cache[i].stmt;
    return db_prep(st, sql);
}

struct db_stmt *db_prep_once(struct store *st, const char *sql)
{
    return st->drv->prep(st, sql, false);
}

void db_bind_text(struct db_stmt *s, const char *name, const char *v)
{
    s->drv->bind_text(s, name, v);
}

void db_bind_int(struct db_stmt *s, const char *name, int64_t v)
{
    s->drv->bind_int(s, name, v);
}

void db_bind_null(struct db_stmt *s, const char *name)
{
    s->drv->bind_null(s, name);
}

void db_bind_blob(struct db_stmt *s, const char *name, const void *v, size_t len)
{
    s->drv->bind_blob(s, name, v, len);
}

int db_step(struct store *st, struct db_stmt *s, struct sd_err *err)
{
    return st->drv->step(st, s, err);
}

int db_exec_later(struct store *st, struct db_stmt *s, struct sd_err *err)
{
    if (st->batch && st->in_txn && st->drv->exec_later)
        return st->drv->exec_later(st, s, err);
    return db_exec_stmt(st, s, err);
}

int db_exec_copy(struct store *st, struct db_stmt *s, int rank, struct sd_err *err)
{
    if (st->batch && st->in_txn && st->drv->exec_copy)
        return st->drv->exec_copy(st, s, rank, err);
    return db_exec_later(st, s, err);
}

int db_send(struct store *st, struct db_stmt *s, struct sd_err *err)
{
    if (st->batch && st->in_txn && st->drv->send)
        return st->drv->send(st, s, err);
    return SD_OK;
}

void db_stmt_past_kept(struct db_stmt *s)
{
    if (s->drv->past_kept)
        s->drv->past_kept(s);
}

int db_next_id(struct store *st, const char *table, int64_t *id, struct sd_err *err)
{
    *id = 0;
    if (st->batch && st->in_txn && st->drv->next_id)
        return st->drv->next_id(st, table, id, err);
    return SD_OK;
}

int64_t store_round_trips(struct store *st)
{
    return st->drv->round_trips ? st->drv->round_trips(st) : 0;
}

void store_batch_writes(struct store *st, bool on)
{
    st->batch = on;
}

int db_exec_stmt(struct store *st, struct db_stmt *s, struct sd_err *err)
{
    int rc = st->drv->step(st, s, err);
    if (rc == DB_ROW || rc == DB_DONE) {
        s->drv->reset(s);
        return SD_OK;
    }
    return err ? (int)err->code : SD_STORE;
}

const char *db_col_text(struct db_stmt *s, int i)
{
    return s->drv->col_text(s, i);
}

int64_t db_col_int(struct db_stmt *s, int i)
{
    return s->drv->col_int(s, i);
}

bool db_col_null(struct db_stmt *s, int i)
{
    return s->drv->col_null(s, i);
}

int db_col_count(struct db_stmt *s)
{
    return s->drv->col_count(s);
}

const char *db_col_name(struct db_stmt *s, int i)
{
    return s->drv->col_name(s, i);
}

bool db_col_is_int(struct db_stmt *s, int i)
{
    return s->drv->col_is_int(s, i);
}

char *db_col_dup(struct db_stmt *s, int i)
{
    return s->drv->col_null(s, i) ? NULL : xstrdup(s->drv->col_text(s, i));
}

const void *db_col_blob(struct db_stmt *s, int i, size_t *len)
{
    return s->drv->col_blob(s, i, len);
}

void db_reset(struct db_stmt *s)
{
    s->drv->reset(s);
}

void db_finalize(struct db_stmt *s)
{
    if (s)
        s->drv->finalize(s);
}

bool db_has_param(struct db_stmt *s, const char *name)
{
    return s->drv->has_param(s, name);
}

int64_t db_changes(struct store *st)
{
    return st->drv->changes(st);
}

int db_exec(struct store *st, const char *sql, struct sd_err *err)
{
    char *msg = NULL;
    int rc = st->drv->exec(st, sql, &msg, err);
    free(msg);
    return rc;
}

int db_exec_msg(struct store *st, const char *sql, char **msg, struct sd_err *err)
{
    return st->drv->exec(st, sql, msg, err);
}

int64_t db_query_int(struct store *st, const char *sql)
{
    struct db_stmt *s = st->drv->prep(st, sql, false);
    int64_t v = 0;
    if (st->drv->step(st, s, NULL) == DB_ROW)
        v = st->drv->col_int(s, 0);
    st->drv->finalize(s);
    return v;
}

int db_engine_begin(struct store *st, bool write, struct sd_err *err)
{
    return st->drv->begin(st, write, err);
}

int db_engine_commit(struct store *st, struct sd_err *err)
{
    return st->drv->commit(st, err);
}

void db_engine_rollback(struct store *st)
{
    st->drv->rollback(st);
}

void db_engine_set_cancel(struct store *st, bool on)
{
    st->drv->set_cancel(st, on);
}

int64_t db_engine_data_version(struct store *st)
{
    return st->drv->data_version(st);
}

int db_engine_schema_version(struct store *st)
{
    return st->drv->schema_version(st);
}

int64_t db_engine_schema_cookie(struct store *st)
{
    return st->drv->schema_cookie(st);
}

int db_engine_integrity(struct store *st, struct strbuf *out, int *problems, struct sd_err *err)
{
    return st->drv->integrity(st, out, problems, err);
}

int db_engine_triggers(struct store *st, struct trigger_list *t, struct sd_err *err)
{
    return st->drv->triggers(st, t, err);
}

void store_idle(struct store *st)
{
    st->drv->idle(st);
}
