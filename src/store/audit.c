#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/audit.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/sha256.h"

static const char genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Length-prefixed fields, so no choice of text can make two rows hash alike. */
static void put(struct digest *c, const char *s)
{
    char len[24];
    if (!s) {
        digest_add(c, "-;", 2);
        return;
    }
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    digest_add(c, len, (size_t)n);
    digest_add(c, s, strlen(s));
    digest_add(c, ";", 1);
}

static void put_int(struct digest *c, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    put(c, buf);
}

void audit_hash(const char *prev, const struct audit_row *r, char out[65])
{
    struct digest c;
    unsigned char d[32];
    digest_begin(&c);
    put(&c, prev);
    put_int(&c, r->id);
    put_int(&c, r->at);
    put(&c, r->login);
    put(&c, r->as_login);
    put(&c, r->action);
    put(&c, r->entity);
    put(&c, r->entity_id);
    put_int(&c, r->order_id);
    put(&c, r->before);
    put(&c, r->after);
    digest_end(&c, d);
    sha256_to_hex(d, out);
}

int store_audit_add(struct store *st, const struct audit_entry *e, struct sd_err *err)
{
    db_require_write(st, "store_audit_add");
    /* Inside BEGIN IMMEDIATE no other writer can append between this read and the insert. */
    /* the last row of the table b-tree, one seek whatever the planner's statistics say: with
     * stale ANALYZE figures (taken when the log was small) SQLite planned a scan of an index
     * for every audited write */
    struct db_stmt *s = db_prep(st, "SELECT id, hash FROM audit NOT INDEXED ORDER BY id DESC "
                                  "LIMIT 1");
    int64_t last_id = 0;
    char prev[65];
    memcpy(prev, genesis, sizeof prev);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        last_id = db_col_int(s, 0);
        snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
    } else if (rc != DB_DONE) {
        return err ? err->code : SD_STORE;
    }
    db_reset(s);

    struct audit_row r = {
        .id = last_id + 1,
        .at = clock_now(),
        .login = e->login,
        .as_login = e->as_login,
        .action = e->action,
        .entity = e->entity,
        .entity_id = e->entity_id,
        .order_id = e->order_id,
        .before = e->before,
        .after = e->after,
    };
    char hash[65];
    audit_hash(prev, &r, hash);
    s = db_prep(st, "INSERT INTO audit (id, at, login, as_login, action, entity, entity_id, "
                    "order_id, before, after, prev_hash, hash) VALUES (:id, :at, :login, "
                    ":as_login, :action, :entity, :entity_id, :order_id, :before, :after, "
                    ":prev_hash, :hash)");
    db_bind_int(s, ":id", r.id);
    db_bind_int(s, ":at", r.at);
    db_bind_text(s, ":login", r.login);
    db_bind_text(s, ":as_login", r.as_login);
    db_bind_text(s, ":action", r.action);
    db_bind_text(s, ":entity", r.entity);
    db_bind_text(s, ":entity_id", r.entity_id);
    db_bind_int_or_null(s, ":order_id", r.order_id);
    db_bind_text(s, ":before", r.before);
    db_bind_text(s, ":after", r.after);
    db_bind_text(s, ":prev_hash", prev);
    db_bind_text(s, ":hash", hash);
    int status = db_exec_stmt(st, s, err);
    if (status == SD_OK)
        st->audit_added = true;
    return status;
}

int store_audit_actor(struct store *st, const char *action, const char *entity,
                      const char *entity_id, char login[64], char as_login[64],
                      struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT login, coalesce(as_login, '') FROM audit WHERE "
                                  "entity = :entity AND entity_id = :entity_id AND action = "
                                  ":action ORDER BY id DESC LIMIT 1");
    db_bind_text(s, ":entity", entity);
    db_bind_text(s, ":entity_id", entity_id);
    db_bind_text(s, ":action", action);
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
    snprintf(login, 64, "%s", db_col_text(s, 0));
    snprintf(as_login, 64, "%s", db_col_text(s, 1));
    db_reset(s);
    return SD_OK;
}

static int seal_row(struct store *st, struct db_stmt *s, struct audit_seal *out,
                    struct sd_err *err)
{
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
    out->id = db_col_int(s, 0);
    snprintf(out->hash, sizeof out->hash, "%s", db_col_text(s, 1));
    db_reset(s);
    return SD_OK;
}

int store_audit_head(struct store *st, struct audit_seal *head, struct sd_err *err)
{
    return seal_row(st, db_prep(st, "SELECT id, hash FROM audit_head WHERE one = 1"), head,
                    err);
}

int store_audit_tail(struct store *st, struct audit_seal *tail, struct sd_err *err)
{
    return seal_row(st,
                    db_prep(st, "SELECT id, hash FROM audit NOT INDEXED ORDER BY id DESC LIMIT 1"),
                    tail, err);
}

int store_audit_hash_of(struct store *st, int64_t id, char hash[65], struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT id, hash FROM audit WHERE id = :id");
    db_bind_int(s, ":id", id);
    struct audit_seal row;
    int rc = seal_row(st, s, &row, err);
    if (!rc)
        memcpy(hash, row.hash, 65);
    return rc;
}

void store_set_audit_hook(struct store *st, audit_commit_hook hook, void *arg)
{
    st->audit_hook = hook;
    st->audit_hook_arg = arg;
}

static const char *nullable(struct db_stmt *s, int i)
{
    return db_col_null(s, i) ? NULL : db_col_text(s, i);
}

static void read_row(struct db_stmt *s, struct audit_row *r)
{
    r->id = db_col_int(s, 0);
    r->at = db_col_int(s, 1);
    r->login = nullable(s, 2);
    r->as_login = nullable(s, 3);
    r->action = nullable(s, 4);
    r->entity = nullable(s, 5);
    r->entity_id = nullable(s, 6);
    r->order_id = db_col_int(s, 7);
    r->before = nullable(s, 8);
    r->after = nullable(s, 9);
    r->prev_hash = nullable(s, 10);
    r->hash = nullable(s, 11);
}

#define AUDIT_COLS                                                                                 \
    "SELECT id, at, login, as_login, action, entity, entity_id, order_id, before, after, "        \
    "prev_hash, hash FROM audit "

int store_audit_walk(struct store *st, int64_t order_id, const char *entity,
                     const char *entity_id, audit_cb cb, void *arg, struct sd_err *err)
{
    struct db_stmt *s;
    if (order_id > 0) {
        s = db_prep(st, AUDIT_COLS "WHERE order_id = :order_id ORDER BY id");
        db_bind_int(s, ":order_id", order_id);
    } else if (entity && entity_id) {
        s = db_prep(st, AUDIT_COLS "WHERE entity = :entity AND entity_id = :entity_id "
                                   "ORDER BY id");
        db_bind_text(s, ":entity", entity);
        db_bind_text(s, ":entity_id", entity_id);
    } else {
        s = db_prep(st, AUDIT_COLS "ORDER BY id");
    }
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct audit_row r;
        read_row(s, &r);
        if (cb(&r, arg))
            break;
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? err->code : SD_STORE;
    return SD_OK;
}

static int broken_at(int64_t id, int64_t *bad_id, struct sd_err *err)
{
    *bad_id = id;
    return sd_fail(err, SD_STORE,
                   _("the audit log is broken at row %lld: it was changed, removed or inserted "
                     "outside shopdesk"),
                   (long long)id);
}

int store_audit_seal_check(struct store *st, const struct audit_seal *seal, int64_t *bad_id,
                           struct sd_err *err)
{
    /* the sealed row must still be there with the hash it had: rewriting the chain before it
     * changes that hash */
    struct db_stmt *q = db_prep(st, "SELECT hash FROM audit WHERE id = :id");
    db_bind_int(q, ":id", seal->id);
    int rc = db_step(st, q, err);
    bool same = rc == DB_ROW && !db_col_null(q, 0) && !strcmp(db_col_text(q, 0), seal->hash);
    db_reset(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? err->code : SD_STORE;
    return same ? SD_OK : broken_at(seal->id, bad_id, err);
}

int store_audit_verify(struct store *st, int64_t *bad_id, int64_t *rows, struct sd_err *err)
{
    return store_audit_verify_from(st, NULL, bad_id, rows, NULL, err);
}

int store_audit_verify_from(struct store *st, const struct audit_seal *from, int64_t *bad_id,
                            int64_t *rows, struct audit_seal *last, struct sd_err *err)
{
    char prev[65];
    memcpy(prev, genesis, sizeof prev);
    int64_t count = 0, expect_id = 0;
    int rc, status = SD_OK;
    *bad_id = 0;
    if (rows)
        *rows = 0;
    if (from && from->id > 0) {
        if ((rc = store_audit_seal_check(st, from, bad_id, err)))
            return rc;
        memcpy(prev, from->hash, sizeof prev);
        expect_id = from->id + 1;
    }
    if (last) {
        last->id = from ? from->id : 0;
        memcpy(last->hash, prev, sizeof last->hash);
    }
    struct db_stmt *s = db_prep(st, AUDIT_COLS "WHERE id > :after ORDER BY id");
    db_bind_int(s, ":after", from ? from->id : 0);
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct audit_row r;
        read_row(s, &r);
        if (++count % 8192 == 0 && st->tick)
            st->tick(st->tick_arg, count);
        char h[65];
        audit_hash(prev, &r, h);
        bool id_ok = expect_id == 0 || r.id == expect_id;
        if (!id_ok || !r.prev_hash || strcmp(r.prev_hash, prev) != 0 || !r.hash ||
            strcmp(r.hash, h) != 0) {
            /* A missing row shows as a gap: name the row after it. */
            status = broken_at(r.id, bad_id, err);
            break;
        }
        memcpy(prev, r.hash, sizeof prev);
        expect_id = r.id + 1;
        if (last) {
            last->id = r.id;
            memcpy(last->hash, prev, sizeof last->hash);
        }
    }
    db_reset(s);
    if (rows)
        *rows = count;
    if (status == SD_OK && rc != DB_DONE)
        return err ? err->code : SD_STORE;
    return status;
}
