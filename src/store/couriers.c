#include "config.h"

#include <string.h>

#include "store/couriers.h"
#include "store/store_int.h"
#include "util/utf8.h"

int store_courier_orders(struct store *st, int64_t from, int64_t to,
                         int (*cb)(const struct courier_order *o, void *arg), void *arg,
                         struct sd_err *err)
{
    struct db_stmt *s =
        db_prep(st, "SELECT o.courier, o.address, o.shipped_at, coalesce(o.delivered_at, 0), "
                    "coalesce((SELECT g.rating FROM ratings g WHERE g.platform = o.platform AND "
                    "g.number = o.number), 0), "
                    "(SELECT count(*) FROM disputes d WHERE d.order_id = o.id), "
                    "(SELECT count(*) FROM refunds r WHERE r.order_id = o.id AND r.reason IN "
                    "('not_received', 'damaged', 'late')) "
                    "FROM orders o WHERE o.shipped_at >= :from AND o.shipped_at < :to AND "
                    "o.courier <> '' ORDER BY o.shipped_at, o.id");
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct courier_order o;
        utf8_copy(o.courier, sizeof o.courier, db_col_text(s, 0));
        utf8_copy(o.address, sizeof o.address, db_col_text(s, 1));
        o.shipped_at = db_col_int(s, 2);
        o.delivered_at = db_col_int(s, 3);
        o.rating = (int)db_col_int(s, 4);
        o.disputes = (int)db_col_int(s, 5);
        o.delivery_refunds = (int)db_col_int(s, 6);
        if (cb(&o, arg)) {
            rc = DB_DONE;
            break;
        }
    }
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_courier_mystery(struct store *st, int64_t from, int64_t to,
                          void (*cb)(const char *target, int64_t score, void *arg), void *arg,
                          struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT target, score FROM mystery_reports WHERE "
                                    "target_kind = 'courier' AND score IS NOT NULL AND "
                                    "submitted_at >= :from AND submitted_at < :to");
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW)
        cb(db_col_text(s, 0), db_col_int(s, 1), arg);
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_deliveries(struct store *st, int64_t from, int64_t to,
                     void (*cb)(const char *courier, int64_t shipped, int64_t delivered,
                                void *arg),
                     void *arg, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT courier, shipped_at, delivered_at FROM orders WHERE "
                                    "delivered_at >= :from AND delivered_at < :to AND "
                                    "shipped_at IS NOT NULL");
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW)
        cb(db_col_text(s, 0), db_col_int(s, 1), db_col_int(s, 2), arg);
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}
