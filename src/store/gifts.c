#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/gifts.h"
#include "store/orders.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

int store_gift_stock(struct store *st, const char *sku, int64_t *qty, bool *known,
                     struct sd_err *err)
{
    /* a gift is new goods: the new stock of its SKU (stock.c) */
    struct db_stmt *s = db_prep(st, "SELECT qty_new FROM stock WHERE sku = :sku");
    db_bind_text(s, ":sku", sku);
    int rc = db_step(st, s, err);
    *known = rc == DB_ROW;
    *qty = *known ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_gift_stock_list(struct store *st, struct gift_stock_row *out, int n, int *found,
                          struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT sku, qty_new FROM stock ORDER BY sku LIMIT :n");
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        utf8_copy(out[k].sku, sizeof out[k].sku, db_col_text(s, 0));
        out[k++].qty = db_col_int(s, 1);
    }
    db_reset(s);
    *found = k;
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_gift_spent(struct store *st, const char *month, int64_t *cost, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT coalesce(sum(cost), 0) FROM gifts WHERE run_date >= "
                                  ":m || '-01' AND run_date <= :m || '-31'");
    db_bind_text(s, ":m", month);
    int rc = db_step(st, s, err);
    *cost = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_gift_candidates(struct store *st, const char *rule, int min_tier, bool birthday,
                          const char *period0, const char *period1,
                          const struct order_filter *goodwill, int64_t lo, int64_t hi,
                          struct gift_candidate **out, size_t *n, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT m.id, m.birthday, m.tier, CASE WHEN m.name <> '' THEN m.name ELSE "
                  "m.buyer_id END, ");
    /* A birthday can fall in either of two periods (around New Year): which ones had their
     * gift is the caller's to weigh. Other rules skip every member who had it already. */
    if (birthday)
        sb_adds(&sql, "EXISTS (SELECT 1 FROM gifts g WHERE g.rule = :rule AND g.member_id = "
                      "m.id AND g.period = :p0), EXISTS (SELECT 1 FROM gifts g WHERE g.rule = "
                      ":rule AND g.member_id = m.id AND g.period = :p1)");
    else
        sb_adds(&sql, "0, 0");
    sb_adds(&sql, " FROM members m WHERE m.merged_into IS NULL AND m.tier >= :min_tier AND "
                  "m.id >= :lo AND m.id < :hi");
    if (birthday)
        sb_adds(&sql, " AND m.birthday <> ''");
    else
        sb_adds(&sql, " AND NOT EXISTS (SELECT 1 FROM gifts g WHERE g.rule = :rule AND "
                      "g.member_id = m.id AND g.period = :p0)");
    char *pattern = NULL;
    if (goodwill) {
        sb_adds(&sql, " AND m.id IN (SELECT o.member_id FROM orders o LEFT JOIN members m ON "
                      "m.id = o.member_id WHERE o.member_id IS NOT NULL AND o.gift = 0");
        order_filter_sql(st, &sql, goodwill, &pattern);
        sb_adds(&sql, ")");
    }
    sb_adds(&sql, " ORDER BY m.id");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    db_bind_text(s, ":rule", rule);
    db_bind_text(s, ":p0", period0);
    if (birthday)
        db_bind_text(s, ":p1", period1 ? period1 : period0);
    db_bind_int(s, ":min_tier", min_tier);
    db_bind_int(s, ":lo", lo);
    db_bind_int(s, ":hi", hi);
    if (goodwill)
        order_filter_bind(s, goodwill, pattern);
    free(pattern);
    size_t k = 0, cap = 0;
    struct gift_candidate *v = NULL;
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (k == cap) {
            cap = cap ? cap * 2 : 64;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct gift_candidate *c = &v[k++];
        memset(c, 0, sizeof *c);
        c->member_id = db_col_int(s, 0);
        utf8_copy(c->birthday, sizeof c->birthday, db_col_text(s, 1));
        c->tier = (int)db_col_int(s, 2);
        utf8_copy(c->name, sizeof c->name, db_col_text(s, 3));
        c->had0 = db_col_int(s, 4) != 0;
        c->had1 = db_col_int(s, 5) != 0;
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        free(v);
        return err ? (int)err->code : SD_STORE;
    }
    *out = v;
    *n = k;
    return SD_OK;
}

int store_gift_add(struct store *st, struct gift *g, struct sd_err *err)
{
    db_require_write(st, "store_gift_add");
    struct db_stmt *s = db_prep(st, "INSERT INTO gifts (rule, member_id, period, order_id, cost, "
                                    "run_date, created_at) VALUES (:rule, :m, :period, :o, :cost, "
                                    ":day, :at) RETURNING id");
    db_bind_text(s, ":day", g->run_date);
    db_bind_text(s, ":rule", g->rule);
    db_bind_int(s, ":m", g->member_id);
    db_bind_text(s, ":period", g->period);
    db_bind_int(s, ":o", g->order_id);
    db_bind_int(s, ":cost", g->cost);
    db_bind_int(s, ":at", g->created_at);
    return db_insert_id(st, s, &g->id, err);
}

int store_gift_stock_moves(struct store *st, int64_t lo, int64_t hi, const char *sku,
                           const char *reason, const char *login, int64_t at, struct sd_err *err)
{
    db_require_write(st, "store_gift_stock_moves");
    struct db_stmt *s = db_prep(st, "INSERT INTO stock_moves (at, sku, condition, delta, kind, "
                                    "order_id, reason, login) SELECT :at, :sku, 'new', -1, 'gift', "
                                    "order_id, :reason, :login FROM gifts WHERE id >= :lo AND id "
                                    "<= :hi ORDER BY id");
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":sku", sku);
    db_bind_text(s, ":reason", reason);
    db_bind_text(s, ":login", login);
    db_bind_int(s, ":lo", lo);
    db_bind_int(s, ":hi", hi);
    int rc = db_exec_stmt(st, s, err);
    if (rc == SD_REFUSED && err && strstr(err->msg, "qty_")) /* a count's CHECK: >= 0 */
        return sd_fail(err, SD_REFUSED, _("the %s stock of %s cannot go below 0"), "new", sku);
    return rc;
}

int store_gifts_list(struct store *st, int64_t member_id, int64_t from, int64_t to,
                     struct gift *out, int n, int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(
        st, "SELECT g.id, g.member_id, g.order_id, g.cost, g.created_at, g.rule, g.period, g.run_date, "
            "o.number, CASE WHEN m.name <> '' THEN m.name ELSE m.buyer_id END, "
            "coalesce((SELECT sku FROM order_lines l WHERE l.order_id = o.id ORDER BY line_no "
            "LIMIT 1), '') FROM gifts g JOIN orders o ON o.id = g.order_id JOIN members m ON "
            "m.id = g.member_id WHERE (:m = 0 OR g.member_id = :m) AND (:to = 0 OR "
            "(g.created_at >= :from AND g.created_at < :to)) ORDER BY g.created_at DESC, g.id "
            "DESC LIMIT :n");
    db_bind_int(s, ":m", member_id);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct gift *g = &out[k++];
        memset(g, 0, sizeof *g);
        g->id = db_col_int(s, 0);
        g->member_id = db_col_int(s, 1);
        g->order_id = db_col_int(s, 2);
        g->cost = db_col_int(s, 3);
        g->created_at = db_col_int(s, 4);
        utf8_copy(g->rule, sizeof g->rule, db_col_text(s, 5));
        utf8_copy(g->period, sizeof g->period, db_col_text(s, 6));
        utf8_copy(g->run_date, sizeof g->run_date, db_col_text(s, 7));
        utf8_copy(g->order_number, sizeof g->order_number, db_col_text(s, 8));
        utf8_copy(g->member_name, sizeof g->member_name, db_col_text(s, 9));
        utf8_copy(g->sku, sizeof g->sku, db_col_text(s, 10));
    }
    db_reset(s);
    *found = k;
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_gift_failure_add(struct store *st, const char *run_date, const char *rule,
                           int64_t member_id, const char *reason, struct sd_err *err)
{
    db_require_write(st, "store_gift_failure_add");
    struct db_stmt *s = db_prep(st, "INSERT INTO gift_failures (run_date, rule, member_id, reason) "
                                  "VALUES (:d, :rule, :m, :reason) ON CONFLICT (run_date, rule, "
                                  "member_id) DO UPDATE SET reason = excluded.reason");
    db_bind_text(s, ":d", run_date);
    db_bind_text(s, ":rule", rule);
    db_bind_int(s, ":m", member_id);
    db_bind_text(s, ":reason", reason);
    return db_exec_stmt(st, s, err);
}

int store_gift_failures_of(struct store *st, const char *run_date, struct gift_failure_row *out,
                           int n, int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT f.rule, f.member_id, coalesce(m.name, ''), f.reason "
                                  "FROM gift_failures f LEFT JOIN members m ON m.id = "
                                  "f.member_id WHERE f.run_date = :d ORDER BY f.rule, "
                                  "f.member_id LIMIT :n");
    db_bind_text(s, ":d", run_date);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct gift_failure_row *f = &out[k++];
        memset(f, 0, sizeof *f);
        utf8_copy(f->rule, sizeof f->rule, db_col_text(s, 0));
        f->member_id = db_col_int(s, 1);
        utf8_copy(f->member, sizeof f->member, db_col_text(s, 2));
        utf8_copy(f->reason, sizeof f->reason, db_col_text(s, 3));
    }
    db_reset(s);
    *found = k;
    return rc == DB_DONE || rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}
