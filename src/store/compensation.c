#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/compensation.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"

int store_comp_batch_find(struct store *st, const char *key, struct comp_batch *b,
                          struct sd_err *err)
{
    /* key may be b->key itself: bound before b is cleared */
    struct db_stmt *s = db_prep(
        st, "SELECT b.id, b.key, b.filter, b.amount, b.reason, b.created_at, b.created_by, "
            "(SELECT count(*) FROM compensations c WHERE c.batch_id = b.id), (SELECT "
            "coalesce(sum(amount), 0) FROM compensations c WHERE c.batch_id = b.id), b.currency "
            "FROM compensation_batches b WHERE b.key = :key");
    db_bind_text(s, ":key", key);
    int rc = db_step(st, s, err);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? sd_fail(err, SD_NOT_FOUND, NULL)
                                 : (err ? (int)err->code : SD_STORE);
    }
    memset(b, 0, sizeof *b);
    b->id = db_col_int(s, 0);
    utf8_copy(b->key, sizeof b->key, db_col_text(s, 1));
    utf8_copy(b->filter, sizeof b->filter, db_col_text(s, 2));
    b->amount = db_col_int(s, 3);
    utf8_copy(b->reason, sizeof b->reason, db_col_text(s, 4));
    b->created_at = db_col_int(s, 5);
    utf8_copy(b->created_by, sizeof b->created_by, db_col_text(s, 6));
    b->orders = db_col_int(s, 7);
    b->total = db_col_int(s, 8);
    utf8_copy(b->currency, sizeof b->currency, db_col_text(s, 9));
    db_reset(s);
    return SD_OK;
}

static void selection(struct store *st, struct strbuf *sql, const struct order_filter *f,
                      char **pattern)
{
    /* a cancelled order's money went back: nothing to make good */
    sb_adds(sql, " FROM orders o LEFT JOIN members m ON m.id = o.member_id WHERE o.gift = 0 "
                 "AND o.status <> 'cancelled'");
    struct order_filter g = *f;
    g.paid_only = true;
    order_filter_sql(st, sql, &g, pattern);
}

int store_comp_count(struct store *st, const struct order_filter *f, int64_t *count,
                     struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    char *pattern;
    sb_adds(&sql, "SELECT count(*)");
    selection(st, &sql, f, &pattern);
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    order_filter_bind(s, f, pattern);
    free(pattern);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW)
        *count = db_col_int(s, 0);
    db_finalize(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_comp_create(struct store *st, struct comp_batch *b, const struct order_filter *f,
                      struct sd_err *err)
{
    db_require_write(st, "store_comp_create");
    struct db_stmt *ins = db_prep(st, "INSERT INTO compensation_batches (key, filter, amount, "
                                    "reason, created_at, created_by, currency) VALUES (:key, "
                                    ":filter, :amount, :reason, :at, :by, :currency) RETURNING id");
    db_bind_text(ins, ":currency", b->currency);
    db_bind_text(ins, ":key", b->key);
    db_bind_text(ins, ":filter", b->filter);
    db_bind_int(ins, ":amount", b->amount);
    db_bind_text(ins, ":reason", b->reason);
    db_bind_int(ins, ":at", b->created_at);
    db_bind_text(ins, ":by", b->created_by);
    int rc = db_insert_id(st, ins, &b->id, err);
    if (rc)
        return rc;
    struct strbuf sql = STRBUF_INIT;
    char *pattern;
    sb_adds(&sql, "INSERT INTO compensations (batch_id, order_id, amount, created_at) "
                  "SELECT :batch, o.id, :amount, :at");
    selection(st, &sql, f, &pattern);
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    order_filter_bind(s, f, pattern);
    free(pattern);
    db_bind_int(s, ":batch", b->id);
    db_bind_int(s, ":amount", b->amount);
    db_bind_int(s, ":at", b->created_at);
    rc = db_exec_stmt(st, s, err);
    db_finalize(s);
    if (rc)
        return rc;
    b->orders = db_changes(st);
    b->total = b->orders * b->amount;
    return SD_OK;
}

int store_comp_orders(struct store *st, int64_t batch_id, comp_order_cb cb, void *arg,
                      struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT order_id FROM compensations WHERE batch_id = :b "
                                  "ORDER BY order_id");
    db_bind_int(s, ":b", batch_id);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        int stop = cb(db_col_int(s, 0), arg);
        if (stop) {
            db_reset(s);
            return stop; /* the callback's status */
        }
    }
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}
