#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/tier.h"
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
    struct db_stmt *s = db_prep(
        st, "SELECT id, order_id, kind, status, amount, shipping_amount, reason, note, "
            "requested_at, requested_by, reviewed_at, reviewed_by, review_note, auto_rule, "
            "needs_owner, duplicate_of, return_tracking, received_at, received_by, condition, "
            "ready_at, paid_at, paid_by, replacement_order_id, updated_at FROM refunds "
            "WHERE id = :id");
    db_bind_int(s, ":id", id);
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
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
    db_reset(s);
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

static void read_row(struct db_stmt *s, struct refund_row *r)
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

int store_refunds_page(struct store *st, enum refund_view view, const int64_t *advance,
                       const struct refund_row *from, bool forward, bool inclusive, int n,
                       struct refund_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    /* Each view has a sort key (k1, k2, id) and its own WHERE. The queue puts the oldest
     * deadline first and, at the same moment, the higher tier. */
    const char *k1, *k2, *where;
    bool asc;
    switch (view) {
    case REFUNDS_QUEUE:
        /* a tier's priority moves its refunds up as if they were ready that much earlier */
        k1 = "r.ready_at - CASE coalesce(m.tier, 0) WHEN 1 THEN :a1 WHEN 2 THEN :a2 WHEN 3 "
             "THEN :a3 WHEN 4 THEN :a4 WHEN 5 THEN :a5 WHEN 6 THEN :a6 WHEN 7 THEN :a7 WHEN 8 "
             "THEN :a8 WHEN 9 THEN :a9 ELSE 0 END";
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
        where = "TRUE";
        asc = false;
    }
    sb_addf(&sql, "SELECT * FROM (" REFUND_ROW_SELECT ", %s AS k1, %s AS k2" REFUND_ROW_FROM
                  "WHERE %s) AS q",
            k1, k2, where);
    /* list order is asc or desc; forward follows it, backward goes against it */
    bool up = asc == forward;
    if (from)
        sb_addf(&sql, " WHERE (k1, k2, id) %s (:k1, :k2, :id)",
                up ? (inclusive ? ">=" : ">") : (inclusive ? "<=" : "<"));
    sb_addf(&sql, " ORDER BY k1 %s, k2 %s, id %s LIMIT :n", up ? "ASC" : "DESC",
            up ? "ASC" : "DESC", up ? "ASC" : "DESC");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    int64_t adv[TIER_MAX] = {0};
    if (view == REFUNDS_QUEUE) {
        if (advance)
            memcpy(adv, advance, sizeof adv);
        static const char *const names[] = {":a1", ":a2", ":a3", ":a4", ":a5",
                                            ":a6", ":a7", ":a8", ":a9"};
        for (int t = 1; t < TIER_MAX; t++)
            db_bind_int(s, names[t - 1], adv[t]);
    }
    if (from) {
        int t = from->tier >= 0 && from->tier < TIER_MAX ? from->tier : 0;
        int64_t k1v = view == REFUNDS_QUEUE ? from->ready_at - adv[t] : from->requested_at;
        int64_t k2v = view == REFUNDS_QUEUE ? -from->tier : 0;
        db_bind_int(s, ":k1", k1v);
        db_bind_int(s, ":k2", k2v);
        db_bind_int(s, ":id", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[count++]);
    db_finalize(s);
    return rc == DB_ROW || rc == DB_DONE ? count : -1;
}

int store_refund_queue_counts(struct store *st, int64_t deadline_before, int *waiting,
                              int *overdue, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT count(*), count(*) FILTER (WHERE ready_at < :before) "
                                  "FROM "
                                  "refunds WHERE status = 'received' OR (status = 'approved' "
                                  "AND ready_at IS NOT NULL)");
    db_bind_int(s, ":before", deadline_before);
    int rc = db_step(st, s, err);
    if (rc != DB_ROW) {
        db_reset(s);
        return err ? (int)err->code : SD_STORE;
    }
    *waiting = (int)db_col_int(s, 0);
    *overdue = (int)db_col_int(s, 1);
    db_reset(s);
    return SD_OK;
}

int store_refunds_of_member(struct store *st, int64_t member_id, struct refund_row *out, int n,
                            struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, REFUND_ROW_COLS "WHERE o.member_id = :m ORDER BY r.requested_at "
                                                  "DESC, r.id DESC LIMIT :n");
    db_bind_int(s, ":m", member_id);
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[count++]);
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? count : -1;
}

int store_refunds_of_order(struct store *st, int64_t order_id, struct refund_row *out, int n,
                           struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, REFUND_ROW_COLS "WHERE r.order_id = :o ORDER BY r.id LIMIT :n");
    db_bind_int(s, ":o", order_id);
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[count++]);
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? count : -1;
}

int store_refund_insert(struct store *st, struct refund *r, const struct refund_line *lines,
                        size_t n, struct sd_err *err)
{
    db_require_write(st, "store_refund_insert");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO refunds (order_id, kind, status, amount, shipping_amount, reason, note, "
            "requested_at, requested_by, needs_owner, duplicate_of, return_tracking, updated_at) "
            "VALUES (:order_id, :kind, :status, :amount, :shipping, :reason, :note, :at, :by, "
            ":needs_owner, :dup, :tracking, :at) RETURNING id");
    db_bind_int(s, ":order_id", r->order_id);
    db_bind_text(s, ":kind", refund_kind_key(r->kind));
    db_bind_text(s, ":status", refund_status_key(r->status));
    db_bind_int(s, ":amount", r->amount);
    db_bind_int(s, ":shipping", r->shipping_amount);
    db_bind_text(s, ":reason", r->reason);
    db_bind_text(s, ":note", r->note ? r->note : "");
    db_bind_int(s, ":at", r->requested_at);
    db_bind_text(s, ":by", r->requested_by);
    db_bind_int(s, ":needs_owner", r->needs_owner ? 1 : 0);
    db_bind_int_or_null(s, ":dup", r->duplicate_of);
    db_bind_text(s, ":tracking", r->return_tracking ? r->return_tracking : "");
    int rc = db_insert_id(st, s, &r->id, err);
    if (rc)
        return rc;
    struct db_stmt *l = db_prep(st, "INSERT INTO refund_lines (refund_id, line_id, qty, amount) "
                                  "VALUES (:r, :l, :q, :a)");
    for (size_t i = 0; i < n; i++) {
        db_bind_int(l, ":r", r->id);
        db_bind_int(l, ":l", lines[i].line_id);
        db_bind_int(l, ":q", lines[i].qty);
        db_bind_int(l, ":a", lines[i].amount);
        if ((rc = db_exec_stmt(st, l, err)))
            return rc;
    }
    return SD_OK;
}

int store_refund_update(struct store *st, const struct refund *r, struct sd_err *err)
{
    db_require_write(st, "store_refund_update");
    struct db_stmt *s = db_prep(
        st, "UPDATE refunds SET status = :status, reviewed_at = :reviewed_at, reviewed_by = "
            ":reviewed_by, review_note = :review_note, auto_rule = :auto_rule, received_at = "
            ":received_at, received_by = :received_by, condition = :condition, ready_at = "
            ":ready_at, paid_at = :paid_at, paid_by = :paid_by, replacement_order_id = "
            ":replacement, return_tracking = :tracking, updated_at = :now WHERE id = :id");
    db_bind_text(s, ":status", refund_status_key(r->status));
    db_bind_int_or_null(s, ":reviewed_at", r->reviewed_at);
    db_bind_text_or_null(s, ":reviewed_by", r->reviewed_by);
    db_bind_text(s, ":review_note", r->review_note ? r->review_note : "");
    db_bind_text_or_null(s, ":auto_rule", r->auto_rule);
    db_bind_int_or_null(s, ":received_at", r->received_at);
    db_bind_text_or_null(s, ":received_by", r->received_by);
    db_bind_int_or_null(s, ":condition", r->condition);
    db_bind_int_or_null(s, ":ready_at", r->ready_at);
    db_bind_int_or_null(s, ":paid_at", r->paid_at);
    db_bind_text_or_null(s, ":paid_by", r->paid_by);
    db_bind_int_or_null(s, ":replacement", r->replacement_order_id);
    db_bind_text(s, ":tracking", r->return_tracking ? r->return_tracking : "");
    db_bind_int(s, ":now", clock_now());
    db_bind_int(s, ":id", r->id);
    return db_exec_stmt(st, s, err);
}

int store_refund_lines(struct store *st, int64_t refund_id, struct refund_line **lines,
                       size_t *n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT rl.line_id, rl.qty, rl.amount, ol.sku, ol.title FROM "
                                  "refund_lines rl JOIN order_lines ol ON ol.id = rl.line_id "
                                  "WHERE rl.refund_id = :r ORDER BY ol.line_no");
    db_bind_int(s, ":r", refund_id);
    size_t cap = 4, k = 0;
    struct refund_line *l = xcalloc(cap, sizeof *l);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (k == cap) {
            cap *= 2;
            l = xrealloc(l, cap * sizeof *l);
        }
        l[k].line_id = db_col_int(s, 0);
        l[k].qty = db_col_int(s, 1);
        l[k].amount = db_col_int(s, 2);
        utf8_copy(l[k].sku, sizeof l[k].sku, db_col_text(s, 3));
        utf8_copy(l[k].title, sizeof l[k].title, db_col_text(s, 4));
        k++;
    }
    db_reset(s);
    if (rc != DB_DONE) {
        free(l);
        return err ? (int)err->code : SD_STORE;
    }
    *lines = l;
    *n = k;
    return SD_OK;
}

int store_payment_add(struct store *st, struct payment *p, struct sd_err *err)
{
    db_require_write(st, "store_payment_add");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO payments (order_id, refund_id, kind, amount, goods_amount, "
            "shipping_amount, method, reference, at, \"by\", late, reverses, via_platform) VALUES "
            "(:order_id, :refund_id, :kind, :amount, :goods, :shipping, :method, :ref, :at, :by, "
            ":late, :reverses, :via) RETURNING id");
    db_bind_int(s, ":order_id", p->order_id);
    db_bind_int_or_null(s, ":refund_id", p->refund_id);
    db_bind_text(s, ":kind", p->reversal ? "reversal" : "refund");
    db_bind_int(s, ":amount", p->amount);
    db_bind_int(s, ":goods", p->goods_amount);
    db_bind_int(s, ":shipping", p->shipping_amount);
    db_bind_text(s, ":method", p->method);
    db_bind_text(s, ":ref", p->reference);
    db_bind_int(s, ":at", p->at);
    db_bind_text(s, ":by", p->by);
    db_bind_int(s, ":late", p->late ? 1 : 0);
    db_bind_int_or_null(s, ":reverses", p->reverses);
    db_bind_int(s, ":via", p->via_platform ? 1 : 0);
    int rc = db_insert_id(st, s, &p->id, err);
    return rc;
}

int store_payment_of_refund(struct store *st, int64_t refund_id, struct payment *p,
                            bool *reversed, struct sd_err *err)
{
    memset(p, 0, sizeof *p);
    struct db_stmt *s = db_prep(
        st, "SELECT p.id, p.order_id, p.amount, p.goods_amount, p.shipping_amount, p.method, "
            "p.reference, p.at, p.by, p.late, EXISTS (SELECT 1 FROM payments r WHERE "
            "r.reverses = p.id), p.via_platform FROM payments p WHERE p.refund_id = :r AND "
            "p.kind = 'refund'");
    db_bind_int(s, ":r", refund_id);
    int rc = db_step_row(st, s, err);
    if (rc)
        return rc;
    p->id = db_col_int(s, 0);
    p->order_id = db_col_int(s, 1);
    p->refund_id = refund_id;
    p->amount = db_col_int(s, 2);
    p->goods_amount = db_col_int(s, 3);
    p->shipping_amount = db_col_int(s, 4);
    utf8_copy(p->method, sizeof p->method, db_col_text(s, 5));
    utf8_copy(p->reference, sizeof p->reference, db_col_text(s, 6));
    p->at = db_col_int(s, 7);
    utf8_copy(p->by, sizeof p->by, db_col_text(s, 8));
    p->late = db_col_int(s, 9) != 0;
    if (reversed)
        *reversed = db_col_int(s, 10) != 0;
    p->via_platform = db_col_int(s, 11) != 0;
    db_reset(s);
    return SD_OK;
}

int store_order_refunds(struct store *st, int64_t order_id, struct order_refunds *out,
                        struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s = db_prep(
        st, "SELECT (SELECT coalesce(sum(amount), 0) FROM payments WHERE order_id = :o), "
            "(SELECT coalesce(sum(shipping_amount), 0) FROM payments WHERE order_id = :o), "
            "(SELECT coalesce(sum(amount + shipping_amount), 0) FROM refunds WHERE order_id = :o "
            "  AND status IN ('requested', 'approved', 'awaiting_return', 'received')), "
            "(SELECT count(*) FROM refunds WHERE order_id = :o AND status IN ('requested', "
            "  'approved', 'awaiting_return', 'received')), "
            "(SELECT min(id) FROM refunds WHERE order_id = :o AND status IN ('requested', "
            "  'approved', 'awaiting_return', 'received'))");
    db_bind_int(s, ":o", order_id);
    int rc = db_step(st, s, err);
    if (rc != DB_ROW) {
        db_reset(s);
        return err ? (int)err->code : SD_STORE;
    }
    out->paid_out = db_col_int(s, 0);
    out->shipping_out = db_col_int(s, 1);
    out->open_asked = db_col_int(s, 2);
    out->open_requests = (int)db_col_int(s, 3);
    out->first_open = db_col_int(s, 4);
    db_reset(s);
    return SD_OK;
}

int64_t store_line_refunded_qty(struct store *st, int64_t line_id)
{
    struct db_stmt *s = db_prep(st, "SELECT coalesce(sum(rl.qty), 0) FROM refund_lines rl JOIN "
                                  "refunds r ON r.id = rl.refund_id WHERE rl.line_id = :l AND "
                                  "r.status NOT IN ('rejected', 'withdrawn')");
    db_bind_int(s, ":l", line_id);
    int64_t v = 0;
    if (db_step(st, s, NULL) == DB_ROW)
        v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

int store_risk_facts(struct store *st, int64_t member_id, const char *phone, const char *address,
                     struct risk_facts *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s = db_prep(
        st, "SELECT (SELECT count(*) FROM orders WHERE member_id = :m AND paid_at IS NOT NULL), "
            "(SELECT count(DISTINCT r.order_id) FROM refunds r JOIN orders o ON o.id = r.order_id "
            "  WHERE o.member_id = :m AND r.status NOT IN ('rejected', 'withdrawn')), "
            "(SELECT count(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE "
            "  o.member_id = :m AND (r.reason = 'empty_parcel' OR r.condition = 4)), "
            /* phone <> '' as the index says it, or the partial index is not taken */
            "(SELECT count(DISTINCT id) FROM members WHERE phone = :phone AND phone <> '' AND "
            "  id <> :m), "
            "(SELECT count(DISTINCT member_id) FROM orders WHERE address = :address AND "
            "  :address <> '' AND member_id <> :m)");
    db_bind_int(s, ":m", member_id);
    db_bind_text(s, ":phone", phone ? phone : "");
    db_bind_text(s, ":address", address ? address : "");
    int rc = db_step(st, s, err);
    if (rc != DB_ROW) {
        db_reset(s);
        return err ? (int)err->code : SD_STORE;
    }
    out->orders = db_col_int(s, 0);
    out->refunded_orders = db_col_int(s, 1);
    out->empty_claims = db_col_int(s, 2);
    out->shared_phone = db_col_int(s, 3);
    out->shared_address = db_col_int(s, 4);
    db_reset(s);
    return SD_OK;
}

int store_refunds_for_code(struct store *st, const char *code, int64_t *ids, int max, int *n,
                           struct sd_err *err)
{
    struct db_stmt *s = db_prep(
        /* x <> '' in the words of the partial indexes, or SQLite reads every refund */
        st, "SELECT id FROM refunds WHERE return_tracking = :c AND return_tracking <> '' UNION "
            "SELECT r.id FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.number = :c "
            "UNION SELECT r.id FROM refunds r JOIN orders o ON o.id = r.order_id WHERE "
            "o.tracking = :c AND o.tracking <> '' ORDER BY 1 DESC LIMIT :max");
    db_bind_text(s, ":c", code);
    db_bind_int(s, ":max", max);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW)
        ids[k++] = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    *n = k;
    return SD_OK;
}
