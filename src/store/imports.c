#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/imports.h"
#include "store/store_int.h"
#include "util/utf8.h"

int store_import_begin(struct store *st, const char *file, const char *sha256,
                       const char *format, const char *login, const char *host, int64_t pid,
                       int64_t pid_start, bool running, int64_t *id, struct sd_err *err)
{
    db_require_write(st, "store_import_begin");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO imports (file, sha256, format, started_at, login, host, pid, pid_start, "
            "state) VALUES (:file, :sha, :format, :now, :login, :host, :pid, :pid_start, "
            ":state) RETURNING id");
    db_bind_text(s, ":file", file);
    db_bind_text(s, ":sha", sha256);
    db_bind_text(s, ":format", format);
    db_bind_int(s, ":now", clock_now());
    db_bind_text(s, ":login", login);
    db_bind_text(s, ":host", host);
    db_bind_int(s, ":pid", pid);
    db_bind_int(s, ":pid_start", pid_start);
    db_bind_text(s, ":state", running ? "running" : "done");
    int rc = db_insert_id(st, s, id, err);
    if (rc)
        return rc;
    st->import_id = *id;
    return SD_OK;
}

int store_import_set_ddl(struct store *st, int64_t id, const char *ddl, struct sd_err *err)
{
    db_require_write(st, "store_import_set_ddl");
    struct db_stmt *s = db_prep(st, "UPDATE imports SET ddl = :ddl WHERE id = :id");
    db_bind_text(s, ":ddl", ddl);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

void store_import_use(struct store *st, int64_t id)
{
    st->import_id = id;
}

int store_import_keep(struct store *st, int64_t import_id, int64_t order_id, struct sd_err *err)
{
    db_require_write(st, "store_import_keep");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO import_undo (import_id, order_id, status, receiver, phone, "
            "address, goods, shipping, total, platform_refunded, paid_at, shipped_at, "
            "delivered_at, cancelled_at, cancel_reason, courier, tracking, search_text, "
            "updated_at) SELECT :import, id, status, receiver, phone, address, goods, shipping, "
            "total, platform_refunded, paid_at, shipped_at, delivered_at, cancelled_at, "
            "cancel_reason, courier, tracking, search_text, updated_at FROM orders WHERE id = "
            ":order ON CONFLICT DO NOTHING");
    db_bind_int(s, ":import", import_id);
    db_bind_int(s, ":order", order_id);
    return db_exec_stmt(st, s, err);
}

int store_import_done(struct store *st, int64_t id, int64_t imported, int64_t updated,
                      struct sd_err *err)
{
    db_require_write(st, "store_import_done");
    struct db_stmt *s = db_prep(st, "UPDATE imports SET state = 'done', finished_at = :now, "
                                  "imported = :imported, updated = :updated WHERE id = :id");
    db_bind_int(s, ":now", clock_now());
    db_bind_int(s, ":imported", imported);
    db_bind_int(s, ":updated", updated);
    db_bind_int(s, ":id", id);
    int rc = db_exec_stmt(st, s, err);
    if (rc)
        return rc;
    struct db_stmt *d = db_prep(st, "DELETE FROM import_undo WHERE import_id = :id");
    db_bind_int(d, ":id", id);
    return db_exec_stmt(st, d, err);
}

/* An order added by the import that staff have worked on since: it stays. */
#define WORKED_ON                                                                                  \
    "(EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id) "                                 \
    "OR EXISTS (SELECT 1 FROM refunds r WHERE r.replacement_order_id = o.id) "                     \
    "OR EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id) "                                \
    "OR EXISTS (SELECT 1 FROM compensations c WHERE c.order_id = o.id) "                           \
    "OR EXISTS (SELECT 1 FROM gifts g WHERE g.order_id = o.id))"

int store_import_undo(struct store *st, int64_t id, int64_t *removed, int64_t *restored,
                      int64_t *kept, int64_t **members, size_t *nmembers, struct sd_err *err)
{
    db_require_write(st, "store_import_undo");
    *removed = *restored = *kept = 0;
    *members = NULL;
    *nmembers = 0;
    int rc;
    /* the members whose orders change */
    struct db_stmt *m = db_prep(
        st, "SELECT DISTINCT member_id FROM orders WHERE member_id IS NOT NULL AND (import_id = "
            ":id OR id IN (SELECT order_id FROM import_undo WHERE import_id = :id)) ORDER BY 1");
    db_bind_int(m, ":id", id);
    if ((rc = db_int_column(st, m, members, nmembers, err)))
        return rc;
    /* orders there before: what they were */
    struct db_stmt *u = db_prep(
        st, "UPDATE orders SET (status, receiver, phone, address, goods, shipping, total, "
            "platform_refunded, paid_at, shipped_at, delivered_at, cancelled_at, cancel_reason, "
            "courier, tracking, search_text, updated_at) = (SELECT status, receiver, phone, "
            "address, goods, shipping, total, platform_refunded, paid_at, shipped_at, "
            "delivered_at, cancelled_at, cancel_reason, courier, tracking, search_text, "
            "updated_at FROM import_undo u WHERE u.import_id = :id AND u.order_id = orders.id) "
            "WHERE id IN (SELECT order_id FROM import_undo WHERE import_id = :id)");
    db_bind_int(u, ":id", id);
    if ((rc = db_exec_stmt(st, u, err)))
        return rc;
    *restored = db_changes(st);
    /* the platform's refunded figure went back: what left the shop follows it */
    struct db_stmt *r = db_prep(
        st, "UPDATE orders SET refunded = shop_refunded - shop_via_platform + "
            "max(platform_refunded, shop_via_platform) WHERE id IN (SELECT order_id FROM "
            "import_undo WHERE import_id = :id)");
    db_bind_int(r, ":id", id);
    if ((rc = db_exec_stmt(st, r, err)))
        return rc;
    struct db_stmt *k = db_prep(st, "SELECT count(*) FROM orders o WHERE o.import_id = :id AND "
                                  WORKED_ON);
    db_bind_int(k, ":id", id);
    if ((rc = db_step_row(st, k, err)) != SD_OK)
        return rc;
    *kept = db_col_int(k, 0);
    db_reset(k);
    static const char *const drop[] = {
        "UPDATE ratings SET order_id = NULL WHERE order_id IN (SELECT o.id FROM orders o WHERE "
        "o.import_id = :id AND NOT " WORKED_ON ")",
        "DELETE FROM order_lines WHERE order_id IN (SELECT o.id FROM orders o WHERE o.import_id "
        "= :id AND NOT " WORKED_ON ")",
        "DELETE FROM orders AS o WHERE o.import_id = :id AND NOT " WORKED_ON,
        /* members it added that nothing else refers to, with their tier history */
        "DELETE FROM tier_history WHERE member_id IN (SELECT id FROM members m WHERE "
        "m.import_id = :id AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.member_id = m.id) "
        "AND NOT EXISTS (SELECT 1 FROM gifts g WHERE g.member_id = m.id) AND NOT EXISTS "
        "(SELECT 1 FROM gift_failures f WHERE f.member_id = m.id) AND NOT EXISTS (SELECT 1 "
        "FROM members x WHERE x.merged_into = m.id))",
        "DELETE FROM members AS m WHERE m.import_id = :id AND NOT EXISTS (SELECT 1 FROM orders "
        "o WHERE o.member_id = m.id) AND NOT EXISTS (SELECT 1 FROM gifts g WHERE g.member_id = "
        "m.id) AND NOT EXISTS (SELECT 1 FROM gift_failures f WHERE f.member_id = m.id) AND NOT "
        "EXISTS (SELECT 1 FROM members x WHERE x.merged_into = m.id)",
        "DELETE FROM import_undo WHERE import_id = :id",
        "UPDATE imports SET state = 'undone', finished_at = :now WHERE id = :id",
    };
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++) {
        struct db_stmt *s = db_prep(st, drop[i]);
        db_bind_int(s, ":id", id);
        if (strstr(drop[i], ":now"))
            db_bind_int(s, ":now", clock_now());
        if ((rc = db_exec_stmt(st, s, err)))
            return rc;
        if (i == 2)
            *removed = db_changes(st);
    }
    /* what a first import set aside comes back: each statement whose object is missing
     * (the rows are gone, so this is quick), then the search index over what is left */
    char *ddl = NULL;
    struct db_stmt *q = db_prep(st, "SELECT ddl FROM imports WHERE id = :id");
    db_bind_int(q, ":id", id);
    if (db_step_row(st, q, NULL) == SD_OK) {
        ddl = db_col_dup(q, 0);
        db_reset(q);
    }
    if (ddl && ddl[0]) {
        char *save = NULL;
        for (char *stmt = strtok_r(ddl, ";", &save); stmt; stmt = strtok_r(NULL, ";", &save)) {
            while (*stmt == '\n' || *stmt == ' ')
                stmt++;
            if (!*stmt)
                continue;
            /* a trigger's body holds ";": put the statement back together up to its END */
            struct strbuf full = STRBUF_INIT;
            sb_adds(&full, stmt);
            if (!strncmp(stmt, "CREATE TRIGGER", 14))
                while (!strstr(sb_str(&full), "END") && (stmt = strtok_r(NULL, ";", &save))) {
                    sb_addch(&full, ';');
                    sb_adds(&full, stmt);
                }
            char *e = NULL;
            struct sd_err xe = {0};
            int x = db_exec_msg(st, sb_str(&full), &e, &xe);
            bool exists = x && e && strstr(e, "already exists");
            free(e);
            sb_free(&full);
            if (x && !exists) {
                free(ddl);
                if (err)
                    *err = xe;
                return x;
            }
        }
        if ((rc = db_search_index_rebuild(st, err))) {
            free(ddl);
            return rc;
        }
    }
    free(ddl);
    /* members removed above are no one's tier to recompute */
    size_t w = 0;
    struct db_stmt *e = db_prep(st, "SELECT 1 FROM members WHERE id = :id");
    for (size_t i = 0; i < *nmembers; i++) {
        db_bind_int(e, ":id", (*members)[i]);
        int got = db_step(st, e, err);
        db_reset(e);
        if (got == DB_ROW)
            (*members)[w++] = (*members)[i];
        else if (got != DB_DONE)
            return err ? (int)err->code : SD_STORE;
    }
    *nmembers = w;
    return SD_OK;
}

int store_imports_running(struct store *st, struct import_row *out, int max, int *n,
                          struct sd_err *err)
{
    *n = 0;
    struct db_stmt *s = db_prep(st, "SELECT id, file, login, host, pid, pid_start, started_at FROM "
                                  "imports WHERE state = 'running' ORDER BY id");
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && *n < max) {
        struct import_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        utf8_copy(r->file, sizeof r->file, db_col_text(s, 1));
        utf8_copy(r->login, sizeof r->login, db_col_text(s, 2));
        utf8_copy(r->host, sizeof r->host, db_col_text(s, 3));
        r->pid = db_col_int(s, 4);
        r->pid_start = db_col_int(s, 5);
        r->started_at = db_col_int(s, 6);
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    return SD_OK;
}

int64_t store_tier_history_last(struct store *st)
{
    return db_query_int(st, "SELECT coalesce(max(id), 0) FROM tier_history");
}

int store_tier_moved_since(struct store *st, int64_t after, int64_t *members, struct sd_err *err)
{
    struct db_stmt *s =
        db_prep(st, "SELECT count(DISTINCT member_id) FROM tier_history WHERE id > :after");
    db_bind_int(s, ":after", after);
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
    *members = db_col_int(s, 0);
    db_reset(s);
    return SD_OK;
}
