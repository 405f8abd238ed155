#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/refunds.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void refund_clear(struct refund *r)
{
    free(r->reason);
    free(r->note);
    free(r->requested_by);
    free(r->reviewed_by);
    free(r->review_note);
    free(r->auto_rule);
    free(r->return_tracking);
    free(r->received_by);
    free(r->paid_by);
    memset(r, 0, sizeof *r);
}

int store_refund_get(struct store *st, int64_t id, struct refund *r, struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    sqlite3_stmt *s = db_prep(
        st, "SELECT id, order_id, kind, status, amount, shipping_amount, reason, note, "
            "requested_at, requested_by, reviewed_at, reviewed_by, review_note, auto_rule, "
            "needs_owner, duplicate_of, return_tracking, received_at, received_by, condition, "
            "ready_at, paid_at, paid_by, replacement_order_id, updated_at FROM refunds "
            "WHERE id = :id");
    db_bind_int(s, ":id", id);
    int rc = db_step(st, s, err);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc == SQLITE_DONE)
            return sd_fail(err, SD_NOT_FOUND, NULL);
        return err ? (int)err->code : SD_STORE;
    }
    int i = 0;
    r->id = db_col_int(s, i++);
    r->order_id = db_col_int(s, i++);
    int k = refund_kind_parse(db_col_text(s, i++));
    r->kind = k < 0 ? KIND_REFUND : (enum refund_kind)k;
    int st_ = refund_status_parse(db_col_text(s, i++));
    r->status = st_ < 0 ? REFUND_REQUESTED : (enum refund_status)st_;
    r->amount = db_col_int(s, i++);
    r->shipping_amount = db_col_int(s, i++);
    r->reason = xstrdup(db_col_text(s, i++));
    r->note = xstrdup(db_col_text(s, i++));
    r->requested_at = db_col_int(s, i++);
    r->requested_by = xstrdup(db_col_text(s, i++));
    r->reviewed_at = db_col_int(s, i++);
    r->reviewed_by = xstrdup(db_col_text(s, i++));
    r->review_note = xstrdup(db_col_text(s, i++));
    r->auto_rule = xstrdup(db_col_text(s, i++));
    r->needs_owner = db_col_int(s, i++) != 0;
    r->duplicate_of = db_col_int(s, i++);
    r->return_tracking = xstrdup(db_col_text(s, i++));
    r->received_at = db_col_int(s, i++);
    r->received_by = xstrdup(db_col_text(s, i++));
    r->condition = (int)db_col_int(s, i++);
    r->ready_at = db_col_int(s, i++);
    r->paid_at = db_col_int(s, i++);
    r->paid_by = xstrdup(db_col_text(s, i++));
    r->replacement_order_id = db_col_int(s, i++);
    r->updated_at = db_col_int(s, i++);
    sqlite3_reset(s);
    return SD_OK;
}

#define REFUND_ROW_SELECT                                                                          \
    "SELECT r.id, r.order_id, r.amount, r.shipping_amount, r.requested_at, r.ready_at, "          \
    "r.paid_at, r.kind, r.status, coalesce(m.tier, 0) AS tier, r.needs_owner, o.number, "         \
    "o.buyer, r.reason, o.currency"
#define REFUND_ROW_FROM                                                                            \
    " FROM refunds r JOIN orders o ON o.id = r.order_id LEFT JOIN members m ON m.id = "           \
    "o.member_id "
#define REFUND_ROW_COLS REFUND_ROW_SELECT REFUND_ROW_FROM

static void read_row(sqlite3_stmt *s, struct refund_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->order_id = db_col_int(s, 1);
    r->amount = db_col_int(s, 2);
    r->shipping_amount = db_col_int(s, 3);
    r->requested_at = db_col_int(s, 4);
    r->ready_at = db_col_int(s, 5);
    r->paid_at = db_col_int(s, 6);
    int k = refund_kind_parse(db_col_text(s, 7));
    r->kind = k < 0 ? KIND_REFUND : (enum refund_kind)k;
    int st = refund_status_parse(db_col_text(s, 8));
    r->status = st < 0 ? REFUND_REQUESTED : (enum refund_status)st;
    r->tier = (int)db_col_int(s, 9);
    r->needs_owner = db_col_int(s, 10) != 0;
    utf8_copy(r->number, sizeof r->number, db_col_text(s, 11));
    utf8_copy(r->buyer, sizeof r->buyer, db_col_text(s, 12));
    utf8_copy(r->reason, sizeof r->reason, db_col_text(s, 13));
    utf8_copy(r->currency, sizeof r->currency, db_col_text(s, 14));
}

int store_refunds_page(struct store *st, enum refund_view view, const struct refund_row *from,
                       bool forward, bool inclusive, int n, struct refund_row *out,
                       struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    /* Each view has a sort key (k1, k2, id) and its own WHERE. The queue puts the oldest
     * deadline first and, at the same moment, the higher tier. */
    const char *k1, *k2, *where;
    bool asc;
    switch (view) {
    case REFUNDS_QUEUE:
        k1 = "r.ready_at";
        k2 = "-coalesce(m.tier, 0)";
        where = "(r.status = 'received' OR (r.status = 'approved' AND r.ready_at IS NOT NULL))";
        asc = true;
        break;
    case REFUNDS_REVIEW:
        k1 = "r.requested_at";
        k2 = "0";
        where = "r.status = 'requested'";
        asc = true;
        break;
    case REFUNDS_RETURNS:
        k1 = "r.requested_at";
        k2 = "0";
        where = "r.status = 'awaiting_return'";
        asc = true;
        break;
    default:
        k1 = "r.requested_at";
        k2 = "0";
        where = "1";
        asc = false;
    }
    sb_addf(&sql, "SELECT * FROM (" REFUND_ROW_SELECT ", %s AS k1, %s AS k2" REFUND_ROW_FROM
                  "WHERE %s)",
            k1, k2, where);
    /* list order is asc or desc; forward follows it, backward goes against it */
    bool up = asc == forward;
    if (from)
        sb_addf(&sql, " WHERE (k1, k2, id) %s (:k1, :k2, :id)",
                up ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<"));
    sb_addf(&sql, " ORDER BY k1 %s, k2 %s, id %s LIMIT :n", up ? "ASC" : "DESC",
            up ? "ASC" : "DESC", up ? "ASC" : "DESC");
    sqlite3_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    if (from) {
        int64_t k1v = view == REFUNDS_QUEUE ? from->ready_at : from->requested_at;
        int64_t k2v = view == REFUNDS_QUEUE ? -from->tier : 0;
        db_bind_int(s, ":k1", k1v);
        db_bind_int(s, ":k2", k2v);
        db_bind_int(s, ":id", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = SQLITE_DONE;
    while (count < n && (rc = db_step(st, s, err)) == SQLITE_ROW)
        read_row(s, &out[count++]);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}

int store_refund_queue_counts(struct store *st, int64_t deadline_before, int *waiting,
                              int *overdue, struct sd_err *err)
{
    sqlite3_stmt *s = db_prep(st, "SELECT count(*), coalesce(sum(ready_at < :before), 0) FROM "
                                  "refunds WHERE status = 'received' OR (status = 'approved' "
                                  "AND ready_at IS NOT NULL)");
    db_bind_int(s, ":before", deadline_before);
    int rc = db_step(st, s, err);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return err ? (int)err->code : SD_STORE;
    }
    *waiting = (int)db_col_int(s, 0);
    *overdue = (int)db_col_int(s, 1);
    sqlite3_reset(s);
    return SD_OK;
}

int store_refunds_of_order(struct store *st, int64_t order_id, struct refund_row *out, int n,
                           struct sd_err *err)
{
    sqlite3_stmt *s = db_prep(st, REFUND_ROW_COLS "WHERE r.order_id = :o ORDER BY r.id LIMIT :n");
    db_bind_int(s, ":o", order_id);
    db_bind_int(s, ":n", n);
    int count = 0, rc = SQLITE_DONE;
    while (count < n && (rc = db_step(st, s, err)) == SQLITE_ROW)
        read_row(s, &out[count++]);
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}
