#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/money.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/die.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Stores with an open transaction are rolled back by the fatal path. */
#define MAX_OPEN 8
static struct store *open_stores[MAX_OPEN];

static void rollback_all(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_stores[i] && open_stores[i]->in_txn)
            db_engine_rollback(open_stores[i]);
}

void store_track(struct store *st, bool on)
{
    static bool hooked;
    if (!hooked) {
        die_add_hook(rollback_all);
        hooked = true;
    }
    for (int i = 0; i < MAX_OPEN; i++) {
        if (on && !open_stores[i]) {
            open_stores[i] = st;
            return;
        }
        if (!on && open_stores[i] == st) {
            open_stores[i] = NULL;
            return;
        }
    }
}

void store_set_cancel(struct store *st, bool (*cb)(void *), void *arg)
{
    st->cancel_cb = cb;
    st->cancel_arg = arg;
    db_engine_set_cancel(st, cb != NULL);
}

void store_set_tick(struct store *st, void (*tick)(void *, int64_t), void *arg)
{
    st->tick = tick;
    st->tick_arg = arg;
}

void db_bind_int_or_null(struct db_stmt *s, const char *name, int64_t v)
{
    if (v)
        db_bind_int(s, name, v);
    else
        db_bind_null(s, name);
}

void db_bind_text_or_null(struct db_stmt *s, const char *name, const char *v)
{
    if (v && *v)
        db_bind_text(s, name, v);
    else
        db_bind_null(s, name);
}

int db_step_row(struct store *st, struct db_stmt *s, struct sd_err *err)
{
    int rc = db_step(st, s, err);
    if (rc == DB_ROW)
        return SD_OK;
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return err ? (int)err->code : SD_STORE;
}

int db_insert_id(struct store *st, struct db_stmt *s, int64_t *id, struct sd_err *err)
{
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *id = db_col_int(s, 0);
        db_reset(s); /* every change is made at the first step */
        return SD_OK;
    }
    db_reset(s);
    if (rc == DB_DONE)
        die("internal: an INSERT ... RETURNING gave no row");
    return err ? (int)err->code : SD_STORE;
}

void db_require_write(struct store *st, const char *what)
{
    if (!st->in_txn || !st->write_txn)
        die("internal: %s outside a write transaction", what);
}

static int begin(struct store *st, bool write, const char *file, int line,
                 struct sd_err *err)
{
    if (st->in_txn)
        die("internal: transaction begun at %s:%d while one from %s is open", file, line,
            st->txn_where);
    if (write && st->readonly)
        return st->ro_reason[0] ? sd_fail(err, SD_IO, "%s", st->ro_reason)
                                : sd_fail(err, SD_IO, _("the shop database is open read-only"));
    int rc = db_engine_begin(st, write, err);
    if (rc)
        return rc;
    st->in_txn = true;
    st->fts_from = 0;
    st->audit_added = false;
    st->write_txn = write;
    snprintf(st->txn_where, sizeof st->txn_where, "%s:%d", file, line);
    return SD_OK;
}

int store_begin_at(struct store *st, const char *file, int line, struct sd_err *err)
{
    return begin(st, true, file, line, err);
}

int store_begin_read_at(struct store *st, const char *file, int line, struct sd_err *err)
{
    return begin(st, false, file, line, err);
}

int store_commit(struct store *st, struct sd_err *err)
{
    if (!st->in_txn)
        die("internal: commit without a transaction");
    int rc;
    if (st->fts_from && !st->fts_hold) {
        /* the search index takes this transaction's new orders in one statement */
        /* (PostgreSQL keeps its indexes itself: fts_from stays 0 there) */
        struct db_stmt *s = db_prep(st, "INSERT INTO order_search(rowid, search_text) SELECT "
                                        "id, search_text FROM orders WHERE id >= :from");
        db_bind_int(s, ":from", st->fts_from);
        if (!(rc = db_exec_stmt(st, s, err))) {
            s = db_prep(st, "INSERT INTO order_grams(rowid, grams) SELECT id, "
                            "sd_grams(search_text) FROM orders WHERE id >= :from");
            db_bind_int(s, ":from", st->fts_from);
            rc = db_exec_stmt(st, s, err);
        }
        st->fts_from = 0;
        if (rc) {
            store_rollback(st);
            return rc;
        }
    }
    /* the head this transaction leaves, for the hook once it is committed */
    struct audit_seal head = {0};
    /* (the last row: on PostgreSQL audit_head moves at commit) */
    bool moved = st->audit_added && st->audit_hook && store_audit_tail(st, &head, NULL) == SD_OK;
    st->audit_added = false;
    if ((rc = db_engine_commit(st, err))) {
        st->in_txn = false;
        return rc;
    }
    st->in_txn = false;
    if (moved)
        st->audit_hook(st->audit_hook_arg, store_label(st), head.id, head.hash);
    return SD_OK;
}

void store_rollback(struct store *st)
{
    if (!st || !st->in_txn)
        return;
    db_engine_rollback(st);
    st->in_txn = false;
    st->fts_from = 0;
    st->fts_hold = false;
    st->audit_added = false;
    free(st->find_ahead); /* what was asked ahead went with the transaction */
    st->find_ahead = NULL;
}

const char *store_txn_where(const struct store *st)
{
    return st && st->in_txn ? st->txn_where : NULL;
}

int64_t store_data_version(struct store *st)
{
    return db_engine_data_version(st);
}

int store_schema_version(struct store *st)
{
    return db_engine_schema_version(st);
}

int64_t store_schema_cookie(struct store *st)
{
    return db_engine_schema_cookie(st);
}

int store_latest_version(void)
{
    return schema_migration_count;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

bool store_is_readonly(const struct store *st)
{
    return st->readonly;
}

int store_check_integrity(struct store *st, struct strbuf *out, struct sd_err *err)
{
    int problems = 0, rc;
    if ((rc = db_engine_integrity(st, out, &problems, err)))
        return rc;
    struct db_stmt *s;
    /* what the payments trigger keeps on each order agrees with the payments */
    s = db_prep_once(st, "SELECT o.number, o.shop_refunded, p.total FROM orders o JOIN (SELECT "
                         "order_id, sum(amount) AS total FROM payments GROUP BY order_id) p ON "
                         "p.order_id = o.id WHERE o.shop_refunded <> p.total UNION ALL SELECT "
                         "number, shop_refunded, 0 FROM orders WHERE shop_refunded <> 0 AND id "
                         "NOT IN (SELECT order_id FROM payments) LIMIT 20");
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        sb_addf(out, "refunds: order %s says %lld refunded, its payments %lld\n", db_col_text(s, 0),
                (long long)db_col_int(s, 1), (long long)db_col_int(s, 2));
        problems++;
    }
    db_finalize(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    /* the platform's refunds and the shop's, counted once, never above what was paid */
    s = db_prep_once(st, "SELECT number, currency, total, refunded, platform_refunded, "
                         "shop_refunded - shop_via_platform, shop_via_platform, refunded <> "
                         "shop_refunded - shop_via_platform + max(platform_refunded, "
                         "shop_via_platform) OR shop_via_platform <> (SELECT coalesce(sum(amount), "
                         "0) FROM payments p WHERE p.order_id = orders.id AND p.via_platform = 1) "
                         "FROM orders WHERE refunded > total OR refunded <> shop_refunded - "
                         "shop_via_platform + max(platform_refunded, shop_via_platform) OR "
                         "(shop_via_platform <> 0 AND shop_via_platform <> (SELECT "
                         "coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = orders.id "
                         "AND p.via_platform = 1)) LIMIT 20");
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        const struct currency *cur = currency_find(db_col_text(s, 1));
        char m[5][48];
        for (int i = 0; i < 5 && cur; i++)
            money_format(db_col_int(s, i == 0 ? 2 : i + 2), cur, MONEY_SYMBOL | MONEY_GROUP, m[i],
                         sizeof m[i]);
        if (!cur) {
            sb_addf(out, _("refunds: order %s is in an unknown currency %s\n"), db_col_text(s, 0),
                    db_col_text(s, 1));
        } else if (db_col_int(s, 7)) {
            sb_addf(out, _("refunds: order %s: what was refunded does not add up (changed outside "
                           "shopdesk)\n"),
                    db_col_text(s, 0));
        } else {
            /* L10N: refunded, paid, the platform's refunds, the shop's by other means, the
             * shop's through the platform */
            sb_addf(out, _("refunds: order %s: %s refunded of the %s paid (the platform %s; the "
                           "shop %s, and %s through the platform)\n"),
                    db_col_text(s, 0), m[1], m[0], m[2], m[3], m[4]);
        }
        problems++;
    }
    db_finalize(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    if (problems)
        return sd_fail(
            err, SD_STORE,
            P_("%d problem found in the database", "%d problems found in the database", problems),
            problems);
    return SD_OK;
}

static void free_triggers(struct trigger_list *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->name[i]);
        free(t->sql[i]);
    }
    free(t->name);
    free(t->sql);
}

static const char *find_trigger(const struct trigger_list *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->name[i], name))
            return t->sql[i];
    return NULL;
}

/* The triggers the migrations up to version have leave, read from their text: statements
 * split where SQLite says one is complete; CREATE TRIGGER adds (SQLite keeps its text as
 * written, without the semicolon), DROP TRIGGER removes. No database needed: the review runs
 * this every day. */
static void add_trigger(void *arg, const char *name, const char *sql)
{
    struct trigger_list *t = arg;
    t->name = xrealloc(t->name, (t->n + 1) * sizeof *t->name);
    t->sql = xrealloc(t->sql, (t->n + 1) * sizeof *t->sql);
    t->name[t->n] = xstrdup(name);
    t->sql[t->n++] = xstrdup(sql);
}

static void expected_triggers(struct store *st, int have, struct trigger_list *t)
{
    memset(t, 0, sizeof *t);
    if (DB_PG(st)) { /* the schema's own list: PostgreSQL keeps function bodies as written */
        schema_pg_expected(add_trigger, t);
        return;
    }
    size_t cap = 0;
    struct strbuf stmt = STRBUF_INIT;
    for (int v = 0; v < have; v++) {
        for (const char *p = schema_migrations[v].sql; *p; p++) {
            sb_addch(&stmt, *p);
            if (*p != ';' || !db_sql_complete(sb_str(&stmt)))
                continue;
            const char *q = sb_str(&stmt);
            while (*q == ' ' || *q == '\n')
                q++;
            char name[128];
            if (sscanf(q, "CREATE TRIGGER %127s", name) == 1) {
                if (t->n == cap) {
                    cap = cap ? cap * 2 : 32;
                    t->name = xrealloc(t->name, cap * sizeof *t->name);
                    t->sql = xrealloc(t->sql, cap * sizeof *t->sql);
                }
                size_t len = strlen(q);
                while (len > 0 && (q[len - 1] == ';' || q[len - 1] == '\n' || q[len - 1] == ' '))
                    len--;
                t->name[t->n] = xstrdup(name);
                t->sql[t->n++] = xstrndup(q, len);
            } else if (sscanf(q, "DROP TRIGGER %127[^; \n]", name) == 1) {
                for (size_t i = 0; i < t->n; i++)
                    if (!strcmp(t->name[i], name)) {
                        free(t->name[i]);
                        free(t->sql[i]);
                        t->name[i] = t->name[t->n - 1];
                        t->sql[i] = t->sql[t->n - 1];
                        t->n--;
                        break;
                    }
            }
            sb_reset(&stmt);
        }
    }
    sb_free(&stmt);
}

int store_check_triggers(struct store *st, struct strbuf *out, struct sd_err *err)
{
    int have = store_schema_version(st);
    if (have > schema_migration_count)
        have = schema_migration_count;
    struct trigger_list want, got = {0};
    expected_triggers(st, have, &want);
    int rc;
    if ((rc = db_engine_triggers(st, &got, err))) {
        free_triggers(&want);
        free_triggers(&got);
        return -1;
    }
    /* a first import set the search triggers aside while it runs: not missing */
    char *aside = NULL;
    struct db_stmt *q = db_prep_once(st, DB_SQL(st,
                                                "SELECT group_concat(ddl, ';') FROM imports "
                                                "WHERE state = 'running'",
                                                "SELECT string_agg(ddl, ';') FROM imports "
                                                "WHERE state = 'running'"));
    if (db_step(st, q, NULL) == DB_ROW)
        aside = db_col_dup(q, 0);
    db_finalize(q);
    int problems = 0;
    for (size_t i = 0; i < want.n; i++) {
        const char *sql = find_trigger(&got, want.name[i]);
        if (!sql && aside && strstr(aside, want.sql[i]))
            continue;
        if (!sql)
            sb_addf(out, _("trigger %s is missing: what it guarded can be changed without a "
                           "trace\n"),
                    want.name[i]);
        else if (strcmp(sql, want.sql[i]) != 0)
            sb_addf(out, _("trigger %s is not as shopdesk made it\n"), want.name[i]);
        else
            continue;
        problems++;
    }
    for (size_t i = 0; i < got.n; i++)
        if (!find_trigger(&want, got.name[i])) {
            sb_addf(out, _("trigger %s was added outside shopdesk\n"), got.name[i]);
            problems++;
        }
    free_triggers(&want);
    free_triggers(&got);
    free(aside);
    return problems;
}

char *store_kv_get(struct store *st, const char *key)
{
    struct db_stmt *s = db_prep(st, "SELECT value FROM kv WHERE key = :key");
    db_bind_text(s, ":key", key);
    char *v = NULL;
    if (db_step(st, s, NULL) == DB_ROW)
        v = db_col_dup(s, 0);
    db_reset(s);
    return v;
}

int store_kv_set(struct store *st, const char *key, const char *value, struct sd_err *err)
{
    db_require_write(st, "store_kv_set");
    struct db_stmt *s = db_prep(st, "INSERT INTO kv (key, value) VALUES (:key, :value) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    db_bind_text(s, ":key", key);
    db_bind_text(s, ":value", value);
    return db_exec_stmt(st, s, err);
}

int db_int_column(struct store *st, struct db_stmt *s, int64_t **out, size_t *n, struct sd_err *err)
{
    size_t cap = 64, k = 0;
    int64_t *v = xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (k == cap) {
            cap *= 2;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[k++] = db_col_int(s, 0);
    }
    db_reset(s);
    if (rc != DB_DONE) {
        free(v);
        return err ? (int)err->code : SD_STORE;
    }
    *out = v;
    *n = k;
    return SD_OK;
}
