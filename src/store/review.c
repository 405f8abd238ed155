#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/orders.h"
#include "core/clock.h"
#include "store/disputes.h"
#include "store/review.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* One row of integers from a cached statement bound with :s and :e (either may be absent
 * from the SQL: bound only when present). */
static int ints(struct store *st, const char *sql, int64_t start, int64_t end, int64_t *out,
                int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, sql);
    if (db_has_param(s, ":s"))
        db_bind_int(s, ":s", start);
    if (db_has_param(s, ":e"))
        db_bind_int(s, ":e", end);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW)
        for (int i = 0; i < n; i++)
            out[i] = db_col_int(s, i);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    return SD_OK;
}

/* ints() for a statement that also names the shop's currency (:home). */
static int ints_home(struct store *st, const char *sql, int64_t start, int64_t end,
                     const char *home, int64_t *out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, sql);
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_text(s, ":home", home);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW)
        for (int i = 0; i < n; i++)
            out[i] = db_col_int(s, i);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    return SD_OK;
}

static struct review_money *money_slot(struct review_money *out, int *k, int n, const char *cur)
{
    for (int i = 0; i < *k; i++)
        if (!strcmp(out[i].currency, cur))
            return &out[i];
    if (*k == n)
        return NULL;
    struct review_money *m = &out[(*k)++];
    memset(m, 0, sizeof *m);
    snprintf(m->currency, sizeof m->currency, "%s", cur);
    return m;
}

int store_review_currencies(struct store *st, int64_t start, int64_t end, const char *home,
                            struct review_money *out, int n, struct sd_err *err)
{
    int k = 0, rc;
    struct db_stmt *s = db_prep(st, "SELECT currency, count(*), sum(total) FROM orders WHERE "
                                  "paid_at >= :s AND paid_at < :e AND gift = 0 AND currency <> "
                                  ":home GROUP BY currency ORDER BY currency");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_text(s, ":home", home);
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct review_money *m = money_slot(out, &k, n, db_col_text(s, 0));
        if (m) {
            m->paid_orders = db_col_int(s, 1);
            m->revenue = db_col_int(s, 2);
        }
    }
    db_reset(s);
    if (rc != DB_DONE)
        return -1;
    s = db_prep(st, "SELECT o.currency, count(*) FILTER (WHERE p.kind = 'refund'), sum(p.amount) FROM "
                    "payments p "
                    "JOIN orders o ON o.id = p.order_id WHERE p.at >= :s AND p.at < :e AND "
                    "o.currency <> :home GROUP BY o.currency ORDER BY o.currency");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_text(s, ":home", home);
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct review_money *m = money_slot(out, &k, n, db_col_text(s, 0));
        if (m) {
            m->refunds_paid = db_col_int(s, 1);
            m->refunded = db_col_int(s, 2);
        }
    }
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_review_day(struct store *st, int64_t start, int64_t end, const char *home,
                     struct review_day *d, int64_t **ship_times, size_t *nship,
                     int64_t **refund_times, size_t *nrefund, struct sd_err *err)
{
    *ship_times = *refund_times = NULL;
    *nship = *nrefund = 0;
    int64_t v[8];
    int rc;
    if ((rc = ints(st, "SELECT count(*) FROM orders WHERE created_at >= :s AND created_at < :e",
                   start, end, v, 1, err)))
        return rc;
    d->orders = v[0];
    /* delivery promises ending that day: kept (shipped by then), or missed once ended */
    struct db_stmt *pq = db_prep(st, "SELECT count(*) FILTER (WHERE shipped_at IS NOT NULL AND "
                                   "shipped_at <= promise_by), count(*) FILTER (WHERE "
                                   "(shipped_at IS NULL OR shipped_at > promise_by) AND "
                                   "promise_by <= :now) FROM orders WHERE promise_by > :s AND "
                                   "promise_by <= :e AND status <> 'cancelled'");
    db_bind_int(pq, ":s", start);
    db_bind_int(pq, ":e", end);
    db_bind_int(pq, ":now", clock_now());
    rc = db_step(st, pq, err);
    if (rc == DB_ROW) {
        d->promises_kept = db_col_int(pq, 0);
        d->promises_missed = db_col_int(pq, 1);
    }
    db_reset(pq);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    if ((rc = ints_home(st, "SELECT count(*), coalesce(sum(total) FILTER (WHERE currency = "
                            ":home), 0) FROM orders WHERE paid_at >= :s AND paid_at < :e AND "
                            "gift = 0",
                        start, end, home, v, 2, err)))
        return rc;
    d->paid_orders = v[0];
    d->revenue = v[1];
    if ((rc = ints(st, "SELECT count(*) FROM refunds WHERE requested_at >= :s AND requested_at < :e",
                   start, end, v, 1, err)))
        return rc;
    d->refunds_requested = v[0];
    if ((rc = ints(st, "SELECT count(*) FILTER (WHERE status <> 'rejected'), count(*) "
                       "FILTER (WHERE status = 'rejected') FROM refunds WHERE reviewed_at >= :s AND reviewed_at < :e",
                   start, end, v, 2, err)))
        return rc;
    d->refunds_approved = v[0];
    d->refunds_rejected = v[1];
    if ((rc = ints_home(st, "SELECT count(*) FILTER (WHERE p.kind = 'refund'), coalesce(sum(p.amount) "
                            "FILTER (WHERE o.currency = :home), 0), count(*) FILTER (WHERE "
                            "p.kind = 'refund' AND p.late = 0) FROM payments p JOIN orders o ON o.id "
                            "= p.order_id WHERE p.at >= :s AND p.at < :e",
                        start, end, home, v, 3, err)))
        return rc;
    d->refunds_paid = v[0];
    d->refunded = v[1];
    d->paid_within_sla = v[2];
    if ((rc = ints(st, "SELECT count(score), coalesce(sum(score), 0), count(*) FROM "
                       "mystery_reports WHERE submitted_at >= :s AND submitted_at < :e",
                   start, end, v, 3, err)))
        return rc;
    d->mystery_filed = v[2];
    d->mystery_score = v[0] ? (v[1] * 2 + v[0]) / (2 * v[0]) : -1;
    /* consultation: the service staff as a customer meets them, over the last 30 days */
    if ((rc = ints(st, "SELECT count(score), coalesce(sum(score), 0) FROM mystery_reports WHERE "
                       "submitted_at >= :s AND submitted_at < :e AND target_kind = 'staff'",
                   end - 30 * 86400, end, v, 2, err)))
        return rc;
    d->consultation = v[0] ? (v[1] * 2 + v[0]) / (2 * v[0]) : -1;
    if ((rc = ints(st, "SELECT count(*), coalesce(sum(cost), 0) FROM gifts WHERE created_at >= :s "
                       "AND created_at < :e",
                   start, end, v, 2, err)))
        return rc;
    d->gifts_created = v[0];
    d->gifts_cost = v[1];
    if ((rc = ints(st, "SELECT count(*) FILTER (WHERE to_tier > from_tier), count(*) "
                       "FILTER (WHERE to_tier < from_tier) FROM tier_history WHERE at >= :s AND at < :e",
                   start, end, v, 2, err)))
        return rc;
    d->tier_up = v[0];
    d->tier_down = v[1];
    if ((rc = ints(st, "SELECT count(*), coalesce(sum(rating), 0), count(*) FILTER (WHERE rating = 1), "
                       "count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3), "
                       "count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5) FROM ratings "
                       "WHERE rated_at >= :s AND rated_at < :e",
                   start, end, v, 7, err)))
        return rc;
    d->ratings = v[0];
    d->rating_sum = v[1];
    for (int i = 0; i < 5; i++)
        d->rating_dist[i] = v[2 + i];
    d->complaints = v[2] + v[3];
    struct dispute_counts dc;
    if ((rc = store_dispute_counts(st, start, end, end - 30 * 86400, &dc, err)))
        return rc;
    d->disputes_opened = dc.opened;
    d->disputes_answered = dc.answered;
    d->disputes_in_time = dc.answered_in_time;
    d->disputes_lost = dc.lost;
    d->disputes_measured = dc.measured;
    d->disputes_good = dc.good;

    if ((rc = store_ship_times(st, start, end, ship_times, nship, err)))
        return rc;
    d->shipped = (int64_t)*nship;
    struct db_stmt *s = db_prep(st, "SELECT p.at - r.ready_at FROM payments p JOIN refunds r ON r.id = "
                    "p.refund_id WHERE p.at >= :s AND p.at < :e AND p.kind = 'refund' AND "
                    "r.ready_at IS NOT NULL");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    if ((rc = db_int_column(st, s, refund_times, nrefund, err))) {
        free(*ship_times);
        *ship_times = NULL;
        return rc;
    }
    return SD_OK;
}

/* Disputes opened and orders paid (gifts aside) in [from, to): counts of index entries. */
static int window_counts(struct store *st, int64_t from, int64_t to, int64_t v[2],
                         struct sd_err *err)
{
    return ints(st, "SELECT (SELECT count(*) FROM disputes WHERE opened_at >= :s AND "
                    "opened_at < :e), (SELECT count(*) FROM orders WHERE paid_at >= :s AND "
                    "paid_at < :e) - (SELECT count(*) FROM orders WHERE gift <> 0 AND "
                    "paid_at >= :s AND paid_at < :e)",
                from, to, v, 2, err);
}

int store_review_windows(struct store *st, const int64_t *ends, int n, int64_t span,
                         int64_t *disputes, int64_t *orders, struct sd_err *err)
{
    int64_t v[2], gone[2];
    int rc;
    for (int i = 0; i < n; i++) {
        /* the first window whole; each next one the last plus what it gains at its end,
         * less what it loses at its start */
        if (i == 0 || ends[i] <= ends[i - 1] || ends[i] - ends[i - 1] >= span) {
            if ((rc = window_counts(st, ends[i] - span, ends[i], v, err)))
                return rc;
            disputes[i] = v[0];
            orders[i] = v[1];
            continue;
        }
        if ((rc = window_counts(st, ends[i - 1], ends[i], v, err)) ||
            (rc = window_counts(st, ends[i - 1] - span, ends[i] - span, gone, err)))
            return rc;
        disputes[i] = disputes[i - 1] + v[0] - gone[0];
        orders[i] = orders[i - 1] + v[1] - gone[1];
    }
    return SD_OK;
}

int store_review_empty_parcels(struct store *st, int64_t start, int64_t end,
                               struct empty_parcel *out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT r.id, r.received_at, o.number, "
                                  "coalesce(r.received_by, '') FROM refunds r JOIN orders o ON "
                                  "o.id = r.order_id WHERE r.received_at >= :s AND r.received_at "
                                  "< :e AND r.condition = 4 ORDER BY r.received_at, r.id LIMIT :n");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct empty_parcel *p = &out[k++];
        p->refund_id = db_col_int(s, 0);
        p->received_at = db_col_int(s, 1);
        utf8_copy(p->order, sizeof p->order, db_col_text(s, 2));
        utf8_copy(p->received_by, sizeof p->received_by, db_col_text(s, 3));
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_review_exceptions(struct store *st, int64_t start, int64_t end, const char *date,
                            const char *due_by, int64_t sla_s, const int unshipped_hours[2],
                            struct review_exceptions *x, struct sd_err *err)
{
    memset(x, 0, sizeof *x);
    int64_t v[2];
    int rc;
    /* ready and unpaid at the end of the day, past the SLA: still open now, or paid since */
    struct db_stmt *s = db_prep(st, "SELECT (SELECT count(*) FROM refunds WHERE (status = "
                                  "'received' OR (status = 'approved' AND ready_at IS NOT NULL)) "
                                  "AND ready_at < :due) + (SELECT count(*) FROM payments p JOIN "
                                  "refunds r ON r.id = p.refund_id WHERE p.kind = 'refund' AND "
                                  "p.at >= :e AND r.ready_at < :due)");
    db_bind_int(s, ":due", end - sla_s);
    db_bind_int(s, ":e", end);
    rc = db_step(st, s, err);
    if (rc == DB_ROW)
        x->refunds_overdue = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    /* 日清日毕: a parcel received today is refunded today */
    if ((rc = ints(st, "SELECT count(*) FROM refunds WHERE received_at >= :s AND received_at < :e "
                       "AND (paid_at IS NULL OR paid_at >= :e) AND status NOT IN ('exchanged', "
                       "'withdrawn', 'rejected')",
                   start, end, v, 1, err)))
        return rc;
    x->parcels_left = v[0];
    /* nothing came back that a buyer was refunded for: for the owner to look at */
    if ((rc = ints(st, "SELECT count(*) FROM refunds WHERE received_at >= :s AND received_at < :e "
                       "AND condition = 4",
                   start, end, v, 1, err)))
        return rc;
    x->parcels_empty = v[0];
    /* platform disputes left unanswered past their deadline */
    if ((rc = ints(st, "SELECT count(*) FROM disputes WHERE due_at < :e AND (answered_at IS NULL OR answered_at >= :e) AND (closed_at IS NULL OR "
                       "closed_at >= :e)",
                   start, end, v, 1, err)))
        return rc;
    x->disputes_overdue = v[0];
    /* the staff's disagreements wait for the owner */
    if ((rc = ints(st, "SELECT count(*) FROM performance_sheets WHERE disagreed_at < :e AND "
                       "signed_at IS NULL",
                   start, end, v, 1, err)))
        return rc;
    x->sheets_disagreed = v[0];
    /* paid and not shipped at the end of the day: still waiting now, shipped since, or
     * cancelled since without shipping */
    /* SQLite, without statistics, takes 10 orders a status for its estimate and would read
     * every paid order through the index by status (66,000 at M, one by one): the index of
     * the waiting orders by payment time is named. PostgreSQL has statistics. */
#define UNSHIPPED(from, c)                                                                       \
    "(SELECT count(*) FROM orders " from " WHERE shipped_at IS NULL AND status IN ('paid', "  \
    "'picked', 'packed') AND paid_at < " c ") + (SELECT count(*) FROM orders WHERE "           \
    "shipped_at >= :e AND paid_at < " c ") + (SELECT count(*) FROM orders WHERE cancelled_at " \
    ">= :e AND shipped_at IS NULL AND paid_at < " c ")"
    s = DB_PG(st) ? db_prep(st, "SELECT " UNSHIPPED("", ":c1") ", " UNSHIPPED("", ":c2"))
                  : db_prep(st, "SELECT " UNSHIPPED("INDEXED BY orders_unshipped", ":c1") ", "
                                UNSHIPPED("INDEXED BY orders_unshipped", ":c2"));
#undef UNSHIPPED
    db_bind_int(s, ":c1", end - (int64_t)unshipped_hours[0] * 3600);
    db_bind_int(s, ":c2", end - (int64_t)unshipped_hours[1] * 3600);
    db_bind_int(s, ":e", end);
    rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        x->unshipped[0] = db_col_int(s, 0);
        x->unshipped[1] = db_col_int(s, 1);
    }
    db_reset(s);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    if ((rc = ints(st, "SELECT count(*) FROM ratings WHERE rating <= 2 AND rated_at < :e AND "
                       "(replied_at IS NULL OR replied_at >= :e) AND (handled_at IS NULL OR "
                       "handled_at >= :e)",
                   start, end, v, 1, err)))
        return rc;
    x->low_ratings_open = v[0];
    s = db_prep(st, "SELECT count(*) FROM mystery_actions WHERE due <= :day AND (status = 'open' "
                    "OR updated_at >= :e)");
    db_bind_text(s, ":day", due_by);
    db_bind_int(s, ":e", end);
    rc = db_step(st, s, err);
    if (rc == DB_ROW)
        x->actions_overdue = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    s = db_prep(st, "SELECT count(*) FROM gift_failures WHERE run_date = :day");
    db_bind_text(s, ":day", date);
    rc = db_step(st, s, err);
    if (rc == DB_ROW)
        x->gifts_failed = db_col_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    /* shop.yaml's changes that day, through the audit log's entity index (a few rows) */
    if ((rc = ints(st, "SELECT count(*) FILTER (WHERE action = 'settings.unaccepted'), count(*) "
                       "FILTER (WHERE action = 'settings.accept') FROM audit WHERE entity = "
                       "'settings' AND entity_id = 'shop.yaml' AND at >= :s AND at < :e",
                   start, end, v, 2, err)))
        return rc;
    x->settings_unaccepted = v[0];
    x->settings_accepted = v[1];
    return SD_OK;
}

int store_review_ratings(struct store *st, int64_t start, int64_t end, struct review_rating *out,
                         int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT rating, rated_at, replied_at IS NOT NULL, platform, "
                                  "number, comment FROM ratings WHERE rated_at >= :s AND rated_at "
                                  "< :e ORDER BY rating, rated_at, id LIMIT :n");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct review_rating *r = &out[k++];
        memset(r, 0, sizeof *r);
        r->rating = (int)db_col_int(s, 0);
        r->rated_at = db_col_int(s, 1);
        r->replied = db_col_int(s, 2) != 0;
        utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 3));
        utf8_copy(r->number, sizeof r->number, db_col_text(s, 4));
        utf8_copy(r->comment, sizeof r->comment, db_col_text(s, 5));
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_review_weakest(struct store *st, int64_t start, int64_t end,
                         struct review_criterion *out, int n, struct sd_err *err)
{
    /* the share in hundredths of a percent, rounded half up like the reports' own scores */
    struct db_stmt *s = db_prep(st, "SELECT criterion, min(section), (sum(points) * 20000 + "
                                  "sum(max_points)) / (2 * sum(max_points)), count(*) FROM "
                                  "mystery_scores WHERE report_id "
                                  "IN (SELECT id FROM mystery_reports WHERE submitted_at >= :s "
                                  "AND submitted_at < :e) AND points IS NOT NULL AND max_points > "
                                  "0 GROUP BY criterion ORDER BY 3, 1 LIMIT :n");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct review_criterion *c = &out[k++];
        memset(c, 0, sizeof *c);
        utf8_copy(c->criterion, sizeof c->criterion, db_col_text(s, 0));
        utf8_copy(c->section, sizeof c->section, db_col_text(s, 1));
        c->percent = db_col_int(s, 2);
        c->reports = db_col_int(s, 3);
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_review_actions(struct store *st, int64_t end, const char *date,
                         struct review_action *out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT text, owner, due FROM mystery_actions WHERE due <= :day "
                                  "AND (status = 'open' OR updated_at >= :e) ORDER BY due, id "
                                  "LIMIT :n");
    db_bind_text(s, ":day", date);
    db_bind_int(s, ":e", end);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct review_action *a = &out[k++];
        memset(a, 0, sizeof *a);
        utf8_copy(a->text, sizeof a->text, db_col_text(s, 0));
        utf8_copy(a->owner, sizeof a->owner, db_col_text(s, 1));
        utf8_copy(a->due, sizeof a->due, db_col_text(s, 2));
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_review_signoff_get(struct store *st, const char *date, struct review_signoff *out,
                             bool *found, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    struct db_stmt *s = db_prep(st, "SELECT login, at, note FROM review_signoffs WHERE date = :d");
    db_bind_text(s, ":d", date);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *found = true;
        utf8_copy(out->login, sizeof out->login, db_col_text(s, 0));
        out->at = db_col_int(s, 1);
        utf8_copy(out->note, sizeof out->note, db_col_text(s, 2));
    }
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : err ? (int)err->code : SD_STORE;
}

int store_review_signoff_add(struct store *st, const char *date,
                             const struct review_signoff *so, struct sd_err *err)
{
    db_require_write(st, "store_review_signoff_add");
    struct review_signoff had;
    bool found;
    int rc = store_review_signoff_get(st, date, &had, &found, err);
    if (rc)
        return rc;
    if (found)
        return sd_fail(err, SD_CONFLICT, _("the review of %s was signed off by %s already"), date,
                       had.login);
    struct db_stmt *s = db_prep(st, "INSERT INTO review_signoffs (date, login, at, note) VALUES "
                                  "(:d, :login, :at, :note)");
    db_bind_text(s, ":d", date);
    db_bind_text(s, ":login", so->login);
    db_bind_int(s, ":at", so->at);
    db_bind_text(s, ":note", so->note);
    return db_exec_stmt(st, s, err);
}
