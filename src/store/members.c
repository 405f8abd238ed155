#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/members.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void member_clear(struct member *m)
{
    free(m->platform);
    free(m->buyer_id);
    free(m->name);
    free(m->phone);
    free(m->birthday);
    free(m->tags);
    free(m->notes);
    memset(m, 0, sizeof *m);
}

#define MEMBER_COLS                                                                                \
    "SELECT id, platform, buyer_id, name, phone, birthday, tags, notes, tier, tier_since, "       \
    "below_since, recency_days, frequency, monetary, last_order_at, merged_into, created_at "     \
    "FROM members "

static int get_one(struct store *st, sqlite3_stmt *s, struct member *m, struct sd_err *err)
{
    memset(m, 0, sizeof *m);
    int rc = db_step(st, s, err);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc == SQLITE_DONE)
            return sd_fail(err, SD_NOT_FOUND, NULL);
        return err ? err->code : SD_STORE;
    }
    int i = 0;
    m->id = db_col_int(s, i++);
    m->platform = xstrdup(db_col_text(s, i++));
    m->buyer_id = xstrdup(db_col_text(s, i++));
    m->name = xstrdup(db_col_text(s, i++));
    m->phone = xstrdup(db_col_text(s, i++));
    m->birthday = xstrdup(db_col_text(s, i++));
    m->tags = xstrdup(db_col_text(s, i++));
    m->notes = xstrdup(db_col_text(s, i++));
    m->tier = (int)db_col_int(s, i++);
    m->tier_since = db_col_int(s, i++);
    m->below_since = db_col_int(s, i++);
    m->recency_days = db_col_null(s, i) ? -1 : (int)db_col_int(s, i);
    i++;
    m->frequency = db_col_int(s, i++);
    m->monetary = db_col_int(s, i++);
    m->last_order_at = db_col_int(s, i++);
    m->merged_into = db_col_int(s, i++);
    m->created_at = db_col_int(s, i++);
    sqlite3_reset(s);
    return SD_OK;
}

int store_member_get(struct store *st, int64_t id, struct member *m, struct sd_err *err)
{
    sqlite3_stmt *s = db_prep(st, MEMBER_COLS "WHERE id = :id");
    db_bind_int(s, ":id", id);
    return get_one(st, s, m, err);
}

int store_member_find(struct store *st, const char *platform, const char *buyer_id,
                      struct member *m, struct sd_err *err)
{
    sqlite3_stmt *s = db_prep(st, MEMBER_COLS "WHERE platform = :platform AND buyer_id = :b");
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":b", buyer_id);
    return get_one(st, s, m, err);
}

int store_member_match(struct store *st, const char *platform, const char *buyer_id,
                       const char *name, const char *phone, int64_t *id, bool *created,
                       struct sd_err *err)
{
    db_require_write(st, "store_member_match");
    sqlite3_stmt *s = db_prep(st, "SELECT id, name, phone FROM members "
                                  "WHERE platform = :platform AND buyer_id = :b");
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":b", buyer_id);
    int rc = db_step(st, s, err);
    if (rc == SQLITE_ROW) {
        *id = db_col_int(s, 0);
        bool fill_name = !*db_col_text(s, 1) && name && *name;
        bool fill_phone = !*db_col_text(s, 2) && phone && *phone;
        sqlite3_reset(s);
        *created = false;
        if (fill_name || fill_phone) {
            sqlite3_stmt *u = db_prep(st, "UPDATE members SET name = CASE WHEN name = '' THEN "
                                          ":name ELSE name END, phone = CASE WHEN phone = '' "
                                          "THEN :phone ELSE phone END WHERE id = :id");
            db_bind_text(u, ":name", name ? name : "");
            db_bind_text(u, ":phone", phone ? phone : "");
            db_bind_int(u, ":id", *id);
            return db_exec_stmt(st, u, err);
        }
        return SD_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return err ? err->code : SD_STORE;
    sqlite3_stmt *ins = db_prep(st, "INSERT INTO members (platform, buyer_id, name, phone, "
                                    "created_at) VALUES (:platform, :b, :name, :phone, :now)");
    db_bind_text(ins, ":platform", platform);
    db_bind_text(ins, ":b", buyer_id);
    db_bind_text(ins, ":name", name ? name : "");
    db_bind_text(ins, ":phone", phone ? phone : "");
    db_bind_int(ins, ":now", clock_now());
    if ((rc = db_exec_stmt(st, ins, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    *created = true;
    return SD_OK;
}

int store_members_page(struct store *st, const struct member_filter *f,
                       const struct member_row *from, bool forward, bool inclusive, int n,
                       struct member_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT id, coalesce(last_order_at, 0) AS lo, frequency, monetary, tier, "
                  "coalesce(recency_days, -1), platform, buyer_id, name, phone, tags FROM members "
                  "WHERE merged_into IS NULL");
    char *pattern = NULL;
    if (f && f->search && *f->search) {
        struct strbuf p = STRBUF_INIT;
        sb_addch(&p, '%');
        for (const char *c = f->search; *c; c++) {
            if (*c == '%' || *c == '_' || *c == '\\')
                sb_addch(&p, '\\');
            sb_addch(&p, *c);
        }
        sb_addch(&p, '%');
        pattern = sb_detach(&p);
        sb_adds(&sql, " AND (name LIKE :p ESCAPE '\\' OR phone LIKE :p ESCAPE '\\' OR buyer_id "
                      "LIKE :p ESCAPE '\\')");
    }
    if (f && f->tier >= 0)
        sb_adds(&sql, " AND tier = :tier");
    if (f && f->tag && *f->tag)
        sb_adds(&sql, " AND (',' || tags || ',') LIKE '%,' || :tag || ',%'");
    if (from) {
        if (forward)
            sb_adds(&sql, inclusive ? " AND (lo, id) <= (:c, :i)" : " AND (lo, id) < (:c, :i)");
        else
            sb_adds(&sql, inclusive ? " AND (lo, id) >= (:c, :i)" : " AND (lo, id) > (:c, :i)");
    }
    sb_adds(&sql, forward ? " ORDER BY lo DESC, id DESC" : " ORDER BY lo ASC, id ASC");
    sb_adds(&sql, " LIMIT :n");
    sqlite3_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    if (pattern)
        db_bind_text(s, ":p", pattern);
    free(pattern);
    if (f && f->tier >= 0)
        db_bind_int(s, ":tier", f->tier);
    if (f && f->tag && *f->tag)
        db_bind_text(s, ":tag", f->tag);
    if (from) {
        db_bind_int(s, ":c", from->last_order_at);
        db_bind_int(s, ":i", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = SQLITE_DONE;
    while (count < n && (rc = db_step(st, s, err)) == SQLITE_ROW) {
        struct member_row *r = &out[count++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->last_order_at = db_col_int(s, 1);
        r->frequency = db_col_int(s, 2);
        r->monetary = db_col_int(s, 3);
        r->tier = (int)db_col_int(s, 4);
        r->recency_days = (int)db_col_int(s, 5);
        utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 6));
        utf8_copy(r->buyer_id, sizeof r->buyer_id, db_col_text(s, 7));
        utf8_copy(r->name, sizeof r->name, db_col_text(s, 8));
        utf8_copy(r->phone, sizeof r->phone, db_col_text(s, 9));
        utf8_copy(r->tags, sizeof r->tags, db_col_text(s, 10));
    }
    if (count == n)
        rc = SQLITE_DONE;
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? count : -1;
}
