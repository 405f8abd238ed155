#include "config.h"

#include <string.h>

#include "core/clock.h"
#include "store/pricing.h"
#include "store/store_int.h"
#include "util/utf8.h"

int store_price_set(struct store *st, const char *sku, int64_t price, int64_t at,
                    const char *login, int64_t *id, struct sd_err *err)
{
    db_require_write(st, "store_price_set");
    struct db_stmt *s = db_prep(st, "INSERT INTO sku_prices (sku, price, at, login) VALUES (:sku, "
                                  ":price, :at, :login) RETURNING id");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":price", price);
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":login", login);
    return db_insert_id(st, s, id, err);
}

int store_price_points(struct store *st, const char *sku, int64_t from, int64_t to,
                       const char *home, struct price_point *out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(
        st, "SELECT o.paid_at, l.price, o.currency, o.number FROM order_lines l JOIN orders o "
            "ON o.id = l.order_id WHERE l.sku = :sku AND o.paid_at > :from AND o.paid_at <= :to "
            "AND o.status <> 'cancelled' AND o.gift = 0 AND l.qty > 0 AND l.price > 0 UNION ALL "
            "SELECT at, price, :home, '' FROM sku_prices WHERE sku = :sku AND at > :from AND at "
            "<= :to ORDER BY 1 LIMIT :n");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    db_bind_text(s, ":home", home);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct price_point *p = &out[k++];
        p->at = db_col_int(s, 0);
        p->price = db_col_int(s, 1);
        utf8_copy(p->currency, sizeof p->currency, db_col_text(s, 2));
        utf8_copy(p->source, sizeof p->source, db_col_text(s, 3));
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_protect_lines(struct store *st, int64_t since, protect_cb cb, void *ctx,
                        struct sd_err *err)
{
    struct db_stmt *s = db_prep_once(
        st, "SELECT l.id, o.id, o.member_id, o.paid_at, l.price, l.qty, m.tier, l.sku, o.number, "
            "o.currency FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN members m ON "
            "m.id = o.member_id WHERE o.paid_at >= :since AND o.status <> 'cancelled' AND o.gift "
            "= 0 AND l.sku <> '' AND l.qty > 0 AND l.price > 0 ORDER BY l.sku, o.paid_at, l.id");
    db_bind_int(s, ":since", since);
    int rc, status = SD_OK;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct protect_line l;
        memset(&l, 0, sizeof l);
        l.line_id = db_col_int(s, 0);
        l.order_id = db_col_int(s, 1);
        l.member_id = db_col_int(s, 2);
        l.paid_at = db_col_int(s, 3);
        l.price = db_col_int(s, 4);
        l.qty = db_col_int(s, 5);
        l.tier = (int)db_col_int(s, 6);
        utf8_copy(l.sku, sizeof l.sku, db_col_text(s, 7));
        utf8_copy(l.number, sizeof l.number, db_col_text(s, 8));
        utf8_copy(l.currency, sizeof l.currency, db_col_text(s, 9));
        if ((status = cb(ctx, &l)))
            break;
    }
    if (!status && rc != DB_DONE)
        status = err ? (int)err->code : SD_STORE;
    db_finalize(s);
    return status;
}

int store_offer_lowest(struct store *st, int64_t line_id, int64_t *price, bool *any,
                       struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT min(new_price), count(*) FROM price_offers WHERE "
                                  "line_id = :l");
    db_bind_int(s, ":l", line_id);
    int rc = db_step(st, s, err);
    *any = rc == DB_ROW && db_col_int(s, 1) > 0;
    *price = *any ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_offer_add(struct store *st, const struct price_offer *o, struct sd_err *err)
{
    db_require_write(st, "store_offer_add");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO price_offers (line_id, order_id, was_price, new_price, qty, amount, "
            "source, dropped_at, refund_id, created_at) VALUES (:line, :order, :was, :new, :qty, "
            ":amount, :source, :dropped, :refund, :now)");
    db_bind_int(s, ":line", o->line_id);
    db_bind_int(s, ":order", o->order_id);
    db_bind_int(s, ":was", o->was_price);
    db_bind_int(s, ":new", o->new_price);
    db_bind_int(s, ":qty", o->qty);
    db_bind_int(s, ":amount", o->amount);
    db_bind_text(s, ":source", o->source);
    db_bind_int(s, ":dropped", o->dropped_at);
    db_bind_int(s, ":refund", o->refund_id);
    db_bind_int(s, ":now", clock_now());
    return db_exec_stmt(st, s, err);
}
