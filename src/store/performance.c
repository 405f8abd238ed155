#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/performance.h"
#include "store/store_int.h"
#include "util/utf8.h"

void perf_sheet_clear(struct perf_sheet *p)
{
    free(p->figures);
    p->figures = NULL;
}

static int one(struct store *st, struct db_stmt *s, int64_t *v, int n, struct sd_err *err)
{
    int rc = db_step(st, s, err);
    for (int i = 0; rc == DB_ROW && i < n; i++)
        v[i] = db_col_null(s, i) ? -1 : db_col_int(s, i);
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_perf_figures(struct store *st, const char *login, int64_t from, int64_t to,
                       const char *day_from, const char *day_to, struct perf_figures *out,
                       struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t v[3];
    struct db_stmt *s = db_prep(st, "SELECT count(*) FROM refunds WHERE reviewed_by = :l AND "
                                    "reviewed_at >= :f AND reviewed_at < :t");
    db_bind_text(s, ":l", login);
    db_bind_int(s, ":f", from);
    db_bind_int(s, ":t", to);
    int rc = one(st, s, v, 1, err);
    if (rc)
        return rc;
    out->refunds_reviewed = v[0];
    s = db_prep(st, "SELECT count(*), count(*) FILTER (WHERE late = 0), count(*) FILTER (WHERE "
                    "late <> 0) FROM payments p WHERE kind = 'refund' AND p.by = :l AND at >= :f "
                    "AND at < :t");
    db_bind_text(s, ":l", login);
    db_bind_int(s, ":f", from);
    db_bind_int(s, ":t", to);
    if ((rc = one(st, s, v, 3, err)))
        return rc;
    out->refunds_paid = v[0];
    out->paid_in_sla = v[1];
    out->paid_late = v[2];
    s = db_prep(st, "SELECT count(*), count(*) FILTER (WHERE answered_at <= due_at) FROM "
                    "disputes WHERE answered_by = :l AND answered_at >= :f AND answered_at < :t");
    db_bind_text(s, ":l", login);
    db_bind_int(s, ":f", from);
    db_bind_int(s, ":t", to);
    if ((rc = one(st, s, v, 2, err)))
        return rc;
    out->disputes_answered = v[0];
    out->disputes_in_time = v[1];
    s = db_prep(st, "SELECT count(score), coalesce(sum(score), 0) FROM mystery_reports WHERE "
                    "target_kind = 'staff' AND target = :l AND status IN ('released', 'locked') "
                    "AND released_at >= :f AND released_at < :t");
    db_bind_text(s, ":l", login);
    db_bind_int(s, ":f", from);
    db_bind_int(s, ":t", to);
    if ((rc = one(st, s, v, 2, err)))
        return rc;
    out->mystery_reports = v[0];
    out->mystery_avg = v[0] ? (v[1] * 2 + v[0]) / (2 * v[0]) : -1;
    s = db_prep(st, "SELECT count(*) FROM ratings WHERE replied_by = :l AND rating <= 2 AND "
                    "replied_at >= :f AND replied_at < :t");
    db_bind_text(s, ":l", login);
    db_bind_int(s, ":f", from);
    db_bind_int(s, ":t", to);
    if ((rc = one(st, s, v, 1, err)))
        return rc;
    out->low_ratings_answered = v[0];
    s = db_prep(st, "SELECT c.consultations, c.inquiries, c.inquiry_orders, "
                    "c.first_response_ms, c.avg_response_ms, c.satisfaction FROM chat_stats c "
                    "JOIN staff_accounts a ON a.account = c.account WHERE a.login = :l AND "
                    "c.day >= :df AND c.day <= :dt");
    db_bind_text(s, ":l", login);
    db_bind_text(s, ":df", day_from);
    db_bind_text(s, ":dt", day_to);
    while ((rc = db_step(st, s, err)) == DB_ROW)
        chat_add(&out->chat, db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2),
                 db_col_null(s, 3) ? -1 : db_col_int(s, 3),
                 db_col_null(s, 4) ? -1 : db_col_int(s, 4),
                 db_col_null(s, 5) ? -1 : db_col_int(s, 5));
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_perf_get(struct store *st, const char *login, const char *month, struct perf_sheet *out,
                   struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    utf8_copy(out->login, sizeof out->login, login);
    utf8_copy(out->month, sizeof out->month, month);
    out->score = -1;
    struct db_stmt *s = db_prep(st, "SELECT score, comment, coalesce(scored_by, ''), "
                                    "coalesce(scored_at, 0), disagreement, "
                                    "coalesce(disagreed_at, 0), coalesce(signed_at, 0), figures "
                                    "FROM performance_sheets WHERE login = :l AND month = :m");
    db_bind_text(s, ":l", login);
    db_bind_text(s, ":m", month);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        out->exists = true;
        out->score = db_col_null(s, 0) ? -1 : (int)db_col_int(s, 0);
        utf8_copy(out->comment, sizeof out->comment, db_col_text(s, 1));
        utf8_copy(out->scored_by, sizeof out->scored_by, db_col_text(s, 2));
        out->scored_at = db_col_int(s, 3);
        utf8_copy(out->disagreement, sizeof out->disagreement, db_col_text(s, 4));
        out->disagreed_at = db_col_int(s, 5);
        out->signed_at = db_col_int(s, 6);
        out->figures = db_col_null(s, 7) ? NULL : db_col_dup(s, 7);
    }
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_perf_score(struct store *st, const char *login, const char *month, int score,
                     const char *comment, const char *by, int64_t at, struct sd_err *err)
{
    db_require_write(st, "store_perf_score");
    struct db_stmt *s = db_prep(st, "INSERT INTO performance_sheets (login, month, score, "
                                    "comment, scored_by, scored_at) VALUES (:l, :m, :score, "
                                    ":comment, :by, :at) ON CONFLICT (login, month) DO UPDATE "
                                    "SET score = excluded.score, comment = excluded.comment, "
                                    "scored_by = excluded.scored_by, scored_at = "
                                    "excluded.scored_at, disagreement = '', disagreed_at = NULL");
    db_bind_text(s, ":l", login);
    db_bind_text(s, ":m", month);
    db_bind_int(s, ":score", score);
    db_bind_text(s, ":comment", comment);
    db_bind_text(s, ":by", by);
    db_bind_int(s, ":at", at);
    return db_exec_stmt(st, s, err);
}

int store_perf_disagree(struct store *st, const char *login, const char *month, const char *note,
                        int64_t at, struct sd_err *err)
{
    db_require_write(st, "store_perf_disagree");
    struct db_stmt *s = db_prep(st, "UPDATE performance_sheets SET disagreement = :note, "
                                    "disagreed_at = :at WHERE login = :l AND month = :m");
    db_bind_text(s, ":note", note);
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":l", login);
    db_bind_text(s, ":m", month);
    return db_exec_stmt(st, s, err);
}

int store_perf_sign(struct store *st, const char *login, const char *month, const char *figures,
                    int64_t at, struct sd_err *err)
{
    db_require_write(st, "store_perf_sign");
    struct db_stmt *s = db_prep(st, "UPDATE performance_sheets SET signed_at = :at, figures = "
                                    ":figures WHERE login = :l AND month = :m");
    db_bind_int(s, ":at", at);
    db_bind_text(s, ":figures", figures);
    db_bind_text(s, ":l", login);
    db_bind_text(s, ":m", month);
    return db_exec_stmt(st, s, err);
}
