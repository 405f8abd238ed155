#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/tier.h"
#include "core/money.h"
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
    "below_since, frequency, monetary, last_order_at, merged_into, created_at "                   \
    "FROM members "

static int get_one(struct store *st, struct db_stmt *s, struct member *m, struct sd_err *err)
{
    memset(m, 0, sizeof *m);
    int rc = db_step(st, s, err);
    if (rc != DB_ROW) {
        db_reset(s);
        if (rc == DB_DONE)
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
    m->frequency = db_col_int(s, i++);
    m->monetary = db_col_int(s, i++);
    m->last_order_at = db_col_int(s, i++);
    m->merged_into = db_col_int(s, i++);
    m->created_at = db_col_int(s, i++);
    m->recency_days = recency_days(m->last_order_at, clock_now());
    db_reset(s);
    return SD_OK;
}

int store_member_get(struct store *st, int64_t id, struct member *m, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, MEMBER_COLS "WHERE id = :id");
    db_bind_int(s, ":id", id);
    return get_one(st, s, m, err);
}

int store_member_find(struct store *st, const char *platform, const char *buyer_id,
                      struct member *m, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, MEMBER_COLS "WHERE platform = :platform AND buyer_id = :b");
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":b", buyer_id);
    return get_one(st, s, m, err);
}

int store_member_match(struct store *st, const char *platform, const char *buyer_id,
                       const char *name, const char *phone, int64_t *id, bool *created,
                       struct sd_err *err)
{
    db_require_write(st, "store_member_match");
    /* a buyer id merged into another member belongs to that member from then on */
    struct db_stmt *s = db_prep(st, "SELECT coalesce(merged_into, id), name, phone FROM members "
                                  "WHERE platform = :platform AND buyer_id = :b");
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":b", buyer_id);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *id = db_col_int(s, 0);
        bool fill_name = !*db_col_text(s, 1) && name && *name;
        bool fill_phone = !*db_col_text(s, 2) && phone && *phone;
        db_reset(s);
        *created = false;
        if (fill_name || fill_phone) {
            struct db_stmt *u = db_prep(st, "UPDATE members SET name = CASE WHEN name = '' THEN "
                                          ":name ELSE name END, phone = CASE WHEN phone = '' "
                                          "THEN :phone ELSE phone END WHERE id = :id");
            db_bind_text(u, ":name", name ? name : "");
            db_bind_text(u, ":phone", phone ? phone : "");
            db_bind_int(u, ":id", *id);
            return db_exec_stmt(st, u, err);
        }
        return SD_OK;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    /* batching on a server, the id is taken ahead and the row goes with the next round trip */
    int64_t ahead;
    if ((rc = db_next_id(st, "members", &ahead, err)))
        return rc;
    struct db_stmt *ins =
        ahead ? db_prep(st, "INSERT INTO members (id, platform, buyer_id, name, phone, "
                            "created_at, import_id) VALUES (:id, :platform, :b, :name, :phone, "
                            ":now, :import_id)")
              : db_prep(st, "INSERT INTO members (platform, buyer_id, name, phone, created_at, "
                            "import_id) VALUES (:platform, :b, :name, :phone, :now, :import_id) "
                            "RETURNING id");
    db_bind_text(ins, ":platform", platform);
    db_bind_text(ins, ":b", buyer_id);
    db_bind_text(ins, ":name", name ? name : "");
    db_bind_text(ins, ":phone", phone ? phone : "");
    db_bind_int(ins, ":now", clock_now());
    db_bind_int_or_null(ins, ":import_id", st->import_id);
    if (ahead) {
        db_bind_int(ins, ":id", ahead);
        *id = ahead;
        rc = db_exec_later(st, ins, err);
    } else {
        rc = db_insert_id(st, ins, id, err);
    }
    if (rc)
        return rc;
    *created = true;
    return SD_OK;
}

int store_members_page(struct store *st, const struct member_filter *f,
                       const struct member_row *from, bool forward, bool inclusive, int n,
                       struct member_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT id, coalesce(last_order_at, 0) AS lo, frequency, monetary, tier, "
                  "(SELECT count(*) FROM gifts g WHERE g.member_id = members.id), platform, "
                  "buyer_id, name, phone, tags FROM members WHERE merged_into IS NULL");
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
        /* a tag is matched as it is written: % and _ in it are no wildcards */
        sb_adds(&sql, " AND instr(',' || tags || ',', ',' || :tag || ',') > 0");
    if (from) {
        if (forward)
            sb_adds(&sql, inclusive ? " AND (lo, id) <= (:c, :i)" : " AND (lo, id) < (:c, :i)");
        else
            sb_adds(&sql, inclusive ? " AND (lo, id) >= (:c, :i)" : " AND (lo, id) > (:c, :i)");
    }
    sb_adds(&sql, forward ? " ORDER BY lo DESC, id DESC" : " ORDER BY lo ASC, id ASC");
    sb_adds(&sql, " LIMIT :n");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
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
    int count = 0, rc = DB_DONE;
    int64_t now = clock_now();
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct member_row *r = &out[count++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->last_order_at = db_col_int(s, 1);
        r->frequency = db_col_int(s, 2);
        r->monetary = db_col_int(s, 3);
        r->tier = (int)db_col_int(s, 4);
        r->gifts = (int)db_col_int(s, 5);
        r->recency_days = recency_days(r->last_order_at, now);
        utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 6));
        utf8_copy(r->buyer_id, sizeof r->buyer_id, db_col_text(s, 7));
        utf8_copy(r->name, sizeof r->name, db_col_text(s, 8));
        utf8_copy(r->phone, sizeof r->phone, db_col_text(s, 9));
        utf8_copy(r->tags, sizeof r->tags, db_col_text(s, 10));
    }
    if (count == n)
        rc = DB_DONE;
    db_finalize(s);
    return rc == DB_DONE ? count : -1;
}

int store_member_edit(struct store *st, const struct member *m, struct sd_err *err)
{
    db_require_write(st, "store_member_edit");
    struct db_stmt *s = db_prep(st, "UPDATE members SET name = :name, phone = :phone, birthday = "
                                  ":birthday, tags = :tags, notes = :notes WHERE id = :id");
    db_bind_text(s, ":name", m->name ? m->name : "");
    db_bind_text(s, ":phone", m->phone ? m->phone : "");
    db_bind_text(s, ":birthday", m->birthday ? m->birthday : "");
    db_bind_text(s, ":tags", m->tags ? m->tags : "");
    db_bind_text(s, ":notes", m->notes ? m->notes : "");
    db_bind_int(s, ":id", m->id);
    int rc = db_exec_stmt(st, s, err);
    if (!rc && db_changes(st) == 0)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return rc;
}

int store_member_merge(struct store *st, int64_t from, int64_t into, struct sd_err *err)
{
    db_require_write(st, "store_member_merge");
    struct db_stmt *s = db_prep(st, "UPDATE orders SET member_id = :into WHERE member_id = :from");
    db_bind_int(s, ":into", into);
    db_bind_int(s, ":from", from);
    int rc = db_exec_stmt(st, s, err);
    if (rc)
        return rc;
    /* a gift the other member already has for the same rule and period stays where it was */
    s = db_prep(st, "UPDATE gifts SET member_id = :into WHERE member_id = :from AND NOT EXISTS "
                    "(SELECT 1 FROM gifts g WHERE g.member_id = :into AND g.rule = gifts.rule "
                    "AND g.period = gifts.period)");
    db_bind_int(s, ":into", into);
    db_bind_int(s, ":from", from);
    if ((rc = db_exec_stmt(st, s, err)))
        return rc;
    /* into keeps what it has; what it lacks comes from from; tags are joined */
    struct member f, t;
    if ((rc = store_member_get(st, from, &f, err)))
        return rc;
    if ((rc = store_member_get(st, into, &t, err))) {
        member_clear(&f);
        return rc;
    }
    struct strbuf tags = STRBUF_INIT, notes = STRBUF_INIT;
    sb_adds(&tags, t.tags);
    char *list = xstrdup(f.tags), *save = NULL;
    for (char *tag = strtok_r(list, ",", &save); tag; tag = strtok_r(NULL, ",", &save)) {
        if (!*tag)
            continue;
        bool have = false;
        char *copy = xstrdup(t.tags), *s2 = NULL;
        for (char *x = strtok_r(copy, ",", &s2); x && !have; x = strtok_r(NULL, ",", &s2))
            have = !strcmp(x, tag);
        free(copy);
        if (!have)
            sb_addf(&tags, "%s%s", tags.len ? "," : "", tag);
    }
    free(list);
    sb_adds(&notes, t.notes);
    if (f.notes[0])
        sb_addf(&notes, "%s%s", notes.len ? "\n" : "", f.notes);
    struct member m = t;
    m.name = t.name[0] ? t.name : f.name;
    m.phone = t.phone[0] ? t.phone : f.phone;
    m.birthday = t.birthday[0] ? t.birthday : f.birthday;
    m.tags = (char *)sb_str(&tags);
    m.notes = (char *)sb_str(&notes);
    rc = store_member_edit(st, &m, err);
    sb_free(&tags);
    sb_free(&notes);
    member_clear(&f);
    member_clear(&t);
    if (rc)
        return rc;
    s = db_prep(st, "UPDATE members SET merged_into = :into, frequency = 0, monetary = 0, "
                    "last_order_at = NULL WHERE id = :from");
    db_bind_int(s, ":into", into);
    db_bind_int(s, ":from", from);
    return db_exec_stmt(st, s, err);
}

int store_members_same_phone(struct store *st, int64_t id, struct member_row *out, int n,
                             int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT o.id, coalesce(o.last_order_at, 0), o.frequency, "
                                  "o.monetary, o.tier, o.platform, o.buyer_id, o.name, o.phone "
                                  "FROM members m JOIN members o ON o.phone = m.phone AND o.id "
                                  "<> m.id WHERE m.id = :id AND m.phone <> '' AND o.merged_into "
                                  "IS NULL ORDER BY o.id LIMIT :n");
    db_bind_int(s, ":id", id);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    int64_t now = clock_now();
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct member_row *r = &out[k++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->last_order_at = db_col_int(s, 1);
        r->frequency = db_col_int(s, 2);
        r->monetary = db_col_int(s, 3);
        r->tier = (int)db_col_int(s, 4);
        r->recency_days = recency_days(r->last_order_at, now);
        utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 5));
        utf8_copy(r->buyer_id, sizeof r->buyer_id, db_col_text(s, 6));
        utf8_copy(r->name, sizeof r->name, db_col_text(s, 7));
        utf8_copy(r->phone, sizeof r->phone, db_col_text(s, 8));
    }
    db_reset(s);
    *found = k;
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

/* The two streams of an RFM pass, each in member order. The orders one reads only the
 * orders_rfm covering index (its WHERE is the index's, so SQLite may use it). An exact pass
 * reads every paid order (R needs the last one, however old); a window pass reads only the
 * window's orders and takes R of members with none from what was stored, which every change
 * to their orders keeps exact (imports, cancels and merges recompute the member). */
#define RFM_MEMBERS                                                                                \
    "SELECT id, tier, coalesce(tier_since, 0), coalesce(below_since, 0), "                        \
    "coalesce(last_order_at, 0), frequency, monetary FROM members WHERE merged_into IS NULL"
#define RFM_ORDERS_EXACT                                                                           \
    "SELECT member_id, max(paid_at), count(*) FILTER (WHERE paid_at >= :from), "                  \
    "coalesce(sum(total - refunded) FILTER (WHERE paid_at >= :from AND currency = :home), 0), "   \
    "count(*) FILTER (WHERE paid_at >= :from AND currency <> :home) "                             \
    "FROM orders INDEXED BY orders_rfm WHERE status <> 'cancelled' AND gift = 0 AND paid_at IS " \
    "NOT NULL AND paid_at <= :until"
static const char rfm_members[] = RFM_MEMBERS " AND id >= :lo AND id < :hi ORDER BY id";
static const char rfm_orders_exact[] =
    RFM_ORDERS_EXACT " AND member_id >= :lo AND member_id < :hi GROUP BY member_id ORDER BY "
                     "member_id";
static const char rfm_orders_window[] =
    "SELECT member_id, max(paid_at), count(*), coalesce(sum(total - refunded) FILTER (WHERE "
    "currency = :home), 0), count(*) FILTER (WHERE currency <> :home) FROM orders "
    "INDEXED BY orders_rfm WHERE status <> 'cancelled' AND gift = 0 AND paid_at IS NOT NULL AND "
    "member_id >= :lo AND member_id < :hi AND paid_at >= :from AND paid_at <= :until GROUP BY "
    "member_id ORDER BY member_id";
/* the rare member with orders in other currencies: their sums, one row a currency */
static const char rfm_foreign[] =
    "SELECT currency, sum(total - refunded) FROM orders INDEXED BY orders_rfm WHERE status <> "
    "'cancelled' AND gift = 0 AND paid_at IS NOT NULL AND member_id = :m AND paid_at >= :from "
    "AND paid_at <= :until AND currency <> :home GROUP BY currency";
/* a member's last paid order up to until, for the rare member a window pass cannot vouch for */
static const char rfm_last_one[] =
    "SELECT max(paid_at) FROM orders INDEXED BY orders_rfm WHERE status <> 'cancelled' AND "
    "gift = 0 AND paid_at IS NOT NULL AND member_id = :m AND paid_at <= :until";

/* the same for every member of a range at once: on a server each lookup is a round trip */
static const char rfm_last_range[] =
    "SELECT member_id, max(paid_at) FROM orders WHERE status <> 'cancelled' AND gift = 0 AND "
    "paid_at IS NOT NULL AND member_id >= :lo AND member_id < :hi AND paid_at <= :until GROUP "
    "BY member_id ORDER BY member_id";

/* Step a grouped stream: its current member id, or INT64_MAX at the end. */
static int64_t advance(struct store *st, struct db_stmt *s, int *rc, struct sd_err *err)
{
    *rc = db_step(st, s, err);
    if (*rc == DB_ROW)
        return db_col_int(s, 0);
    return INT64_MAX;
}

static int last_paid_of(struct store *st, int64_t member, int64_t until, int64_t *last,
                        struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, rfm_last_one);
    db_bind_int(s, ":m", member);
    db_bind_int(s, ":until", until);
    int rc = db_step(st, s, err);
    *last = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

/* The member's orders in other currencies, converted where a rate is given. */
static int foreign_net(struct store *st, int64_t member, int64_t from, int64_t until,
                       const struct rfm_money *money, int64_t *net, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, rfm_foreign);
    db_bind_int(s, ":m", member);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":until", until);
    db_bind_text(s, ":home", money->home->code);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        const struct currency *cur = currency_find(db_col_text(s, 0));
        for (size_t i = 0; cur && i < money->nrates; i++) {
            int64_t v;
            if (money->rates[i].cur == cur &&
                money_convert(db_col_int(s, 1), cur, money->home, money->rates[i].micro, &v))
                money_add(*net, v, net);
        }
    }
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_member_spent(struct store *st, int64_t member_id, int64_t from, int64_t until,
                       char codes[][4], int64_t *amounts, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT currency, sum(total - refunded) AS net FROM orders "
                                  "INDEXED BY orders_rfm WHERE status <> 'cancelled' AND gift = "
                                  "0 AND paid_at IS NOT NULL AND member_id = :m AND paid_at >= "
                                  ":from AND paid_at <= :until GROUP BY currency ORDER BY net "
                                  "DESC");
    db_bind_int(s, ":m", member_id);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":until", until);
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        snprintf(codes[k], 4, "%s", db_col_text(s, 0));
        amounts[k++] = db_col_int(s, 1);
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_rfm_scan(struct store *st, int64_t window_from, int64_t until, int64_t lo,
                   int64_t hi, bool exact, const struct rfm_money *money, rfm_cb cb, void *ctx,
                   struct sd_err *err)
{
    bool window = !exact;
    struct db_stmt *m = db_prep(st, rfm_members);
    struct db_stmt *o = db_prep(st, window ? rfm_orders_window : rfm_orders_exact);
    db_bind_int(o, ":from", window_from);
    db_bind_int(o, ":until", until);
    db_bind_text(o, ":home", money->home->code);
    struct db_stmt *all[] = {m, o};
    for (int i = 0; i < 2; i++) {
        db_bind_int(all[i], ":lo", lo);
        db_bind_int(all[i], ":hi", hi);
    }
    int rm = DB_DONE, ro = DB_DONE, rl = DB_DONE, status = SD_OK;
    int64_t oid = advance(st, o, &ro, err);
    /* on PostgreSQL the members a window pass cannot vouch for are looked up in one pass */
    struct db_stmt *l = NULL;
    int64_t lid = INT64_MAX;
    if (window && DB_PG(st)) {
        l = db_prep(st, rfm_last_range);
        db_bind_int(l, ":lo", lo);
        db_bind_int(l, ":hi", hi);
        db_bind_int(l, ":until", until);
        lid = advance(st, l, &rl, err);
        if (rl != DB_ROW && rl != DB_DONE) {
            db_reset(o);
            return err ? (int)err->code : SD_STORE;
        }
    }
    for (;;) {
        if (ro != DB_ROW && ro != DB_DONE) {
            status = err ? (int)err->code : SD_STORE;
            break;
        }
        rm = db_step(st, m, err);
        if (rm != DB_ROW) {
            if (rm != DB_DONE)
                status = err ? (int)err->code : SD_STORE;
            break;
        }
        struct rfm_member r = {0};
        r.id = db_col_int(m, 0);
        r.tier = (int)db_col_int(m, 1);
        r.tier_since = db_col_int(m, 2);
        r.below_since = db_col_int(m, 3);
        r.last_order_at = db_col_int(m, 4);
        r.frequency = db_col_int(m, 5);
        r.monetary = db_col_int(m, 6);
        /* groups of members merged away (none once their orders moved) are passed over */
        while (oid < r.id)
            oid = advance(st, o, &ro, err);
        if (oid == r.id) {
            r.last_paid = db_col_int(o, 1);
            r.paid_count = db_col_int(o, 2);
            r.paid_net = db_col_int(o, 3);
            if (db_col_int(o, 4) > 0 && money->nrates &&
                (status = foreign_net(st, r.id, window_from, until, money, &r.paid_net, err)))
                break;
        } else if (window && r.last_order_at) {
            /* nothing in the window: the stored last order stands when it is older than the
             * window; otherwise an order of the window went (cancelled), so look it up */
            r.last_paid = r.last_order_at;
            if (l && (r.last_order_at >= window_from || r.last_order_at > until)) {
                while (lid < r.id)
                    lid = advance(st, l, &rl, err);
                if (rl != DB_ROW && rl != DB_DONE) {
                    status = err ? (int)err->code : SD_STORE;
                    break;
                }
                r.last_paid = lid == r.id ? db_col_int(l, 1) : 0;
            } else if (r.last_order_at >= window_from || r.last_order_at > until) {
                if ((status = last_paid_of(st, r.id, until, &r.last_paid, err)))
                    break;
            }
        }
        if ((status = cb(ctx, &r)))
            break;
    }
    db_reset(m);
    db_reset(o);
    if (l)
        db_reset(l);
    return status;
}

int store_member_save_rfm(struct store *st, const struct rfm_member *m, struct sd_err *err)
{
    db_require_write(st, "store_member_save_rfm");
    struct db_stmt *s = db_prep(st, "UPDATE members SET tier = :tier, tier_since = :since, "
                                  "below_since = :below, last_order_at = :last, frequency = :f, "
                                  "monetary = :m WHERE id = :id");
    db_bind_int(s, ":tier", m->tier);
    db_bind_int_or_null(s, ":since", m->tier_since);
    db_bind_int_or_null(s, ":below", m->below_since);
    db_bind_int_or_null(s, ":last", m->last_order_at);
    db_bind_int(s, ":f", m->frequency);
    db_bind_int(s, ":m", m->monetary);
    db_bind_int(s, ":id", m->id);
    return db_exec_later(st, s, err);
}

int store_tier_history_add(struct store *st, const struct tier_change *c, struct sd_err *err)
{
    db_require_write(st, "store_tier_history_add");
    struct db_stmt *s = db_prep(st, "INSERT INTO tier_history (member_id, at, from_tier, to_tier, "
                                  "reason) VALUES (:m, :at, :from, :to, :reason)");
    db_bind_int(s, ":m", c->member_id);
    db_bind_int(s, ":at", c->at);
    db_bind_int(s, ":from", c->from);
    db_bind_int(s, ":to", c->to);
    db_bind_text(s, ":reason", c->reason);
    return db_exec_later(st, s, err);
}

int store_tier_history(struct store *st, int64_t member_id, struct tier_change *out, int n,
                       int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT at, from_tier, to_tier, reason FROM tier_history "
                                  "WHERE member_id = :m ORDER BY at DESC, id DESC LIMIT :n");
    db_bind_int(s, ":m", member_id);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct tier_change *c = &out[k++];
        c->member_id = member_id;
        c->at = db_col_int(s, 0);
        c->from = (int)db_col_int(s, 1);
        c->to = (int)db_col_int(s, 2);
        utf8_copy(c->reason, sizeof c->reason, db_col_text(s, 3));
    }
    db_reset(s);
    *found = k;
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_members_per_tier(struct store *st, int64_t *counts, int n, struct sd_err *err)
{
    for (int i = 0; i < n; i++)
        counts[i] = 0;
    struct db_stmt *s = db_prep(st, "SELECT tier, count(*) FROM members WHERE merged_into IS NULL "
                                  "GROUP BY tier");
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        int64_t t = db_col_int(s, 0);
        if (t >= 0 && t < n)
            counts[t] = db_col_int(s, 1);
    }
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_member_address(struct store *st, int64_t member_id, char **receiver, char **phone,
                         char **address, struct sd_err *err)
{
    /* the newest paid order first, walking the member's index backwards: usually one row */
    struct db_stmt *s = db_prep(st, "SELECT receiver, phone, address FROM orders WHERE member_id "
                                  "= :m AND address <> '' ORDER BY paid_at DESC, id DESC LIMIT 1");
    db_bind_int(s, ":m", member_id);
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
    *receiver = xstrdup(db_col_text(s, 0));
    *phone = xstrdup(db_col_text(s, 1));
    *address = xstrdup(db_col_text(s, 2));
    db_reset(s);
    return SD_OK;
}

int store_members_by_buyer(struct store *st, const char *buyer_id, int64_t *ids, int max,
                           int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT coalesce(merged_into, id) FROM members WHERE buyer_id "
                                  "= :b ORDER BY id LIMIT :n");
    db_bind_text(s, ":b", buyer_id);
    db_bind_int(s, ":n", max);
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW)
        ids[k++] = db_col_int(s, 0);
    db_reset(s);
    *found = k;
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int64_t store_members_max_id(struct store *st)
{
    return db_query_int(st, "SELECT coalesce(max(id), 0) FROM members");
}
