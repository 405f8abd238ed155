#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/disputes.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/utf8.h"

static int outcome_of(const char *s)
{
    int o = dispute_outcome_parse(s);
    return o < 0 ? DISPUTE_OPEN : o;
}

int store_dispute_insert(struct store *st, struct dispute *d, struct sd_err *err)
{
    db_require_write(st, "store_dispute_insert");
    struct db_stmt *s = db_prep(st, "INSERT INTO disputes (order_id, refund_id, kind, ref, "
                                    "opened_at, due_at, claim, answer, answered_at, answered_by, "
                                    "outcome, responsible, closed_at, closed_by, created_at, "
                                    "created_by) VALUES (:order, :refund, :kind, :ref, :opened, "
                                    ":due, :claim, :answer, :answered, :answered_by, :outcome, "
                                    ":resp, :closed, :closed_by, :created, :by) RETURNING id");
    db_bind_int(s, ":order", d->order_id);
    db_bind_int_or_null(s, ":refund", d->refund_id);
    db_bind_text(s, ":kind", d->kind);
    db_bind_text(s, ":ref", d->ref);
    db_bind_int(s, ":opened", d->opened_at);
    db_bind_int(s, ":due", d->due_at);
    db_bind_text(s, ":claim", d->claim);
    db_bind_text(s, ":answer", d->answer);
    db_bind_int_or_null(s, ":answered", d->answered_at);
    db_bind_text_or_null(s, ":answered_by", d->answered_at ? d->answered_by : NULL);
    db_bind_text(s, ":outcome",
                 d->outcome == DISPUTE_OPEN ? "open" : dispute_outcome_key(d->outcome));
    db_bind_text(s, ":resp", d->responsible);
    db_bind_int_or_null(s, ":closed", d->outcome == DISPUTE_OPEN ? 0 : d->closed_at);
    db_bind_text_or_null(s, ":closed_by", d->outcome == DISPUTE_OPEN ? NULL : d->closed_by);
    db_bind_int(s, ":created", d->created_at);
    db_bind_text(s, ":by", d->created_by);
    return db_insert_id(st, s, &d->id, err);
}

#define DISPUTE_COLUMNS                                                                            \
    "d.id, d.order_id, coalesce(d.refund_id, 0), o.number, o.platform, o.buyer, d.kind, "          \
    "d.ref, d.opened_at, d.due_at, d.claim, d.answer, coalesce(d.answered_at, 0), "                \
    "coalesce(d.answered_by, ''), d.outcome, d.responsible, coalesce(d.closed_at, 0), "            \
    "coalesce(d.closed_by, ''), d.created_at, d.created_by, (SELECT count(*) FROM "                \
    "dispute_evidence e WHERE e.dispute_id = d.id) FROM disputes d JOIN orders o ON o.id = "       \
    "d.order_id"

static void read_dispute(struct db_stmt *s, struct dispute *d)
{
    memset(d, 0, sizeof *d);
    d->id = db_col_int(s, 0);
    d->order_id = db_col_int(s, 1);
    d->refund_id = db_col_int(s, 2);
    utf8_copy(d->number, sizeof d->number, db_col_text(s, 3));
    utf8_copy(d->platform, sizeof d->platform, db_col_text(s, 4));
    utf8_copy(d->buyer, sizeof d->buyer, db_col_text(s, 5));
    utf8_copy(d->kind, sizeof d->kind, db_col_text(s, 6));
    utf8_copy(d->ref, sizeof d->ref, db_col_text(s, 7));
    d->opened_at = db_col_int(s, 8);
    d->due_at = db_col_int(s, 9);
    utf8_copy(d->claim, sizeof d->claim, db_col_text(s, 10));
    utf8_copy(d->answer, sizeof d->answer, db_col_text(s, 11));
    d->answered_at = db_col_int(s, 12);
    utf8_copy(d->answered_by, sizeof d->answered_by, db_col_text(s, 13));
    d->outcome = (enum dispute_outcome)outcome_of(db_col_text(s, 14));
    utf8_copy(d->responsible, sizeof d->responsible, db_col_text(s, 15));
    d->closed_at = db_col_int(s, 16);
    utf8_copy(d->closed_by, sizeof d->closed_by, db_col_text(s, 17));
    d->created_at = db_col_int(s, 18);
    utf8_copy(d->created_by, sizeof d->created_by, db_col_text(s, 19));
    d->evidence = (int)db_col_int(s, 20);
}

int store_dispute_get(struct store *st, int64_t id, struct dispute *out, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT " DISPUTE_COLUMNS " WHERE d.id = :id");
    db_bind_int(s, ":id", id);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW)
        read_dispute(s, out);
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, _("no dispute #%lld"), (long long)id);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_dispute_find(struct store *st, int64_t order_id, const char *ref, const char *kind,
                       int64_t opened_at, int64_t *id, struct sd_err *err)
{
    struct db_stmt *s =
        ref && *ref ? db_prep(st, "SELECT id FROM disputes WHERE order_id = :order AND ref = :ref")
                    : db_prep(st, "SELECT id FROM disputes WHERE order_id = :order AND kind = "
                                  ":kind AND opened_at = :opened AND ref = '' ORDER BY id LIMIT 1");
    db_bind_int(s, ":order", order_id);
    if (ref && *ref) {
        db_bind_text(s, ":ref", ref);
    } else {
        db_bind_text(s, ":kind", kind);
        db_bind_int(s, ":opened", opened_at);
    }
    int rc = db_step(st, s, err);
    *id = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_dispute_answer(struct store *st, int64_t id, const char *text, int64_t at,
                         const char *login, struct sd_err *err)
{
    db_require_write(st, "store_dispute_answer");
    struct db_stmt *s = db_prep(st, "UPDATE disputes SET answer = :text, answered_at = :at, "
                                    "answered_by = :login WHERE id = :id AND outcome = 'open'");
    db_bind_text(s, ":text", text);
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":login", login);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

int store_dispute_close(struct store *st, int64_t id, enum dispute_outcome o,
                        const char *responsible, int64_t at, const char *login, struct sd_err *err)
{
    db_require_write(st, "store_dispute_close");
    struct db_stmt *s = db_prep(st, "UPDATE disputes SET outcome = :o, responsible = :resp, "
                                    "closed_at = :at, closed_by = :login WHERE id = :id AND "
                                    "outcome = 'open'");
    db_bind_text(s, ":o", dispute_outcome_key(o));
    db_bind_text(s, ":resp", responsible ? responsible : "");
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":login", login);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

int store_dispute_evidence_add(struct store *st, int64_t id, const char *path, const char *sha256,
                               int64_t at, const char *login, struct sd_err *err)
{
    db_require_write(st, "store_dispute_evidence_add");
    struct db_stmt *s = db_prep(st, "INSERT INTO dispute_evidence (dispute_id, path, sha256, "
                                    "added_at, added_by) VALUES (:id, :path, :sha, :at, :login) "
                                    "ON CONFLICT (dispute_id, path) DO UPDATE SET sha256 = "
                                    "excluded.sha256, added_at = excluded.added_at, added_by = "
                                    "excluded.added_by");
    db_bind_int(s, ":id", id);
    db_bind_text(s, ":path", path);
    db_bind_text(s, ":sha", sha256);
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":login", login);
    return db_exec_stmt(st, s, err);
}

int store_dispute_evidence(struct store *st, int64_t id, char paths[][512], char sha[][65], int n,
                           struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT path, sha256 FROM dispute_evidence WHERE "
                                    "dispute_id = :id ORDER BY added_at, path LIMIT :n");
    db_bind_int(s, ":id", id);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        utf8_copy(paths[k], 512, db_col_text(s, 0));
        utf8_copy(sha[k], 65, db_col_text(s, 1));
        k++;
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_dispute_list(struct store *st, const struct dispute_filter *f, struct dispute *out, int n,
                       struct sd_err *err)
{
    struct db_stmt *s =
        f->open_only
            ? db_prep(st, "SELECT " DISPUTE_COLUMNS " WHERE d.outcome = 'open' AND (:order = 0 "
                          "OR d.order_id = :order) AND (:from = 0 OR d.opened_at >= :from) AND "
                          "(:to = 0 OR d.opened_at < :to) ORDER BY d.answered_at IS NOT NULL, "
                          "d.due_at, d.id LIMIT :n")
            : db_prep(st, "SELECT " DISPUTE_COLUMNS " WHERE (:order = 0 OR d.order_id = :order) "
                          "AND (:from = 0 OR d.opened_at >= :from) AND (:to = 0 OR d.opened_at "
                          "< :to) ORDER BY d.opened_at DESC, d.id DESC LIMIT :n");
    db_bind_int(s, ":order", f->order_id);
    db_bind_int(s, ":from", f->from);
    db_bind_int(s, ":to", f->to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_dispute(s, &out[k++]);
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_dispute_open_counts(struct store *st, int64_t now, int64_t *open, int64_t *overdue,
                              struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT count(*), count(*) FILTER (WHERE answered_at IS "
                                    "NULL AND due_at < :now) FROM disputes WHERE outcome = 'open'");
    db_bind_int(s, ":now", now);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *open = db_col_int(s, 0);
        *overdue = db_col_int(s, 1);
    }
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_dispute_counts(struct store *st, int64_t start, int64_t end, int64_t line_from,
                         struct dispute_counts *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    /* as things stood at the end of the period: what happened after it is not yet known */
    struct db_stmt *s = db_prep(
        st,
        "SELECT count(*) FILTER (WHERE opened_at >= :s), "
        "count(*) FILTER (WHERE answered_at >= :s AND answered_at < :e), "
        "count(*) FILTER (WHERE answered_at >= :s AND answered_at < :e AND answered_at <= "
        "due_at), "
        "count(*) FILTER (WHERE closed_at >= :s AND closed_at < :e AND outcome = 'lost'), "
        "count(*) FILTER (WHERE closed_at >= :s AND closed_at < :e AND outcome = 'won'), "
        "count(*) FILTER (WHERE closed_at >= :s AND closed_at < :e AND outcome = 'withdrawn'), "
        "count(*) FILTER (WHERE (closed_at IS NULL OR closed_at >= :e) AND (answered_at IS NULL "
        "OR answered_at >= :e) AND due_at < :e) "
        "FROM disputes WHERE opened_at < :e AND (opened_at >= :s OR closed_at IS NULL OR "
        "closed_at >= :s OR answered_at >= :s)");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        out->opened = db_col_int(s, 0);
        out->answered = db_col_int(s, 1);
        out->answered_in_time = db_col_int(s, 2);
        out->lost = db_col_int(s, 3);
        out->won = db_col_int(s, 4);
        out->withdrawn = db_col_int(s, 5);
        out->overdue = db_col_int(s, 6);
    }
    db_reset(s);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    /* the line: of the disputes opened in the window that are decided, answered or past
     * their deadline by its end, those neither lost nor answered late (or not at all) */
    s = db_prep(st, "SELECT count(*), count(*) FILTER (WHERE NOT ((outcome = 'lost' AND "
                    "coalesce(closed_at, :e) < :e) OR (coalesce(answered_at, :e) < :e AND "
                    "answered_at > due_at) OR ((answered_at IS NULL OR answered_at >= :e) AND "
                    "due_at < :e AND NOT (coalesce(closed_at, :e) < :e AND closed_at <= due_at)))) "
                    "FROM disputes WHERE opened_at >= :f AND opened_at < :e AND (closed_at < :e OR "
                    "answered_at < :e OR due_at < :e)");
    db_bind_int(s, ":f", line_from);
    db_bind_int(s, ":e", end);
    rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        out->measured = db_col_int(s, 0);
        out->good = db_col_int(s, 1);
    }
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}
