#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mystery.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#include "store/mystery.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"

int store_mystery_page(struct store *st, const struct mystery_viewer *v,
                       const struct mystery_row *from, bool forward, bool inclusive, int n,
                       struct mystery_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT id, visited_at, coalesce(score, -1), critical_failed, shopper, "
                  "target_kind, target, scorecard, status FROM mystery_reports WHERE ");
    if (v->owner)
        sb_adds(&sql, "TRUE");
    else
        sb_adds(&sql, "((shopper = :login) OR (target_kind = 'staff' AND target = :login AND "
                      "status IN ('released', 'locked') AND released_at IS NOT NULL))");
    if (from)
        sb_addf(&sql, " AND (visited_at, id) %s (:c, :i)",
                forward ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">"));
    sb_addf(&sql, " ORDER BY visited_at %s, id %s LIMIT :n", forward ? "DESC" : "ASC",
            forward ? "DESC" : "ASC");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    if (!v->owner)
        db_bind_text(s, ":login", v->login);
    if (from) {
        db_bind_int(s, ":c", from->visited_at);
        db_bind_int(s, ":i", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct mystery_row *r = &out[count++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->visited_at = db_col_int(s, 1);
        r->score = (int)db_col_int(s, 2);
        r->critical_failed = db_col_int(s, 3) != 0;
        const char *shopper = db_col_text(s, 4);
        /* a target reading released feedback never learns who the shopper was */
        r->shopper_hidden = !v->owner && strcmp(shopper, v->login) != 0;
        utf8_copy(r->shopper, sizeof r->shopper, r->shopper_hidden ? "" : shopper);
        utf8_copy(r->target_kind, sizeof r->target_kind, db_col_text(s, 5));
        utf8_copy(r->target, sizeof r->target, db_col_text(s, 6));
        utf8_copy(r->scorecard, sizeof r->scorecard, db_col_text(s, 7));
        utf8_copy(r->status, sizeof r->status, db_col_text(s, 8));
    }
    db_finalize(s);
    return rc == DB_ROW || rc == DB_DONE ? count : -1;
}

int store_mystery_insert(struct store *st, struct mystery_report *r, const struct scorecard *sc,
                         int64_t now, struct sd_err *err)
{
    db_require_write(st, "store_mystery_insert");
    struct db_stmt *s = db_prep(
        st, "INSERT INTO mystery_reports (shopper, scorecard, scorecard_version, target_kind, "
            "target, channel, visited_at, persona, scenario, findings, status, score, "
            "critical_failed, created_at, submitted_at, updated_at) VALUES (:shopper, :card, "
            ":version, :kind, :target, :channel, :visited, :persona, :scenario, :findings, "
            ":status, :score, :critical, :now, :submitted, :now) RETURNING id");
    db_bind_text(s, ":shopper", r->shopper);
    db_bind_text(s, ":card", r->scorecard);
    db_bind_int(s, ":version", r->scorecard_version);
    db_bind_text(s, ":kind", mystery_target_key(r->target_kind));
    db_bind_text(s, ":target", r->target);
    db_bind_text(s, ":channel", r->channel ? r->channel : "");
    db_bind_int(s, ":visited", r->visited_at);
    db_bind_text(s, ":persona", r->persona ? r->persona : "");
    db_bind_text(s, ":scenario", r->scenario ? r->scenario : "");
    db_bind_text(s, ":findings", r->findings ? r->findings : "");
    db_bind_text(s, ":status", mystery_status_key(r->status));
    if (r->score.score < 0)
        db_bind_null(s, ":score");
    else
        db_bind_int(s, ":score", r->score.score);
    db_bind_int(s, ":critical", r->score.critical_failed);
    db_bind_int(s, ":now", now);
    db_bind_int_or_null(s, ":submitted", r->status == MYSTERY_SUBMITTED ? now : 0);
    int rc = db_insert_id(st, s, &r->id, err);
    if (rc)
        return rc;
    r->created_at = now;
    for (size_t i = 0; i < r->nanswers && !rc; i++) {
        const struct mystery_section *sec;
        const struct mystery_criterion *c = scorecard_criterion(sc, i, &sec);
        if (!r->answers[i].given)
            continue;
        char answer[16];
        mystery_answer_format(c, &r->answers[i], answer, sizeof answer);
        int64_t p = mystery_points(c, &r->answers[i]);
        s = db_prep(st, "INSERT INTO mystery_scores (report_id, criterion, section, answer, "
                        "points, max_points, evidence) VALUES (:r, :c, :s, :a, :p, :m, :e)");
        db_bind_int(s, ":r", r->id);
        db_bind_text(s, ":c", c->id);
        db_bind_text(s, ":s", sec->name);
        db_bind_text(s, ":a", answer);
        if (p < 0) {
            db_bind_null(s, ":p");
            db_bind_null(s, ":m");
        } else {
            db_bind_int(s, ":p", p);
            db_bind_int(s, ":m", mystery_max_points(c));
        }
        db_bind_text(s, ":e", r->notes && r->notes[i] ? r->notes[i] : "");
        rc = db_exec_stmt(st, s, err);
    }
    for (size_t i = 0; i < r->nfiles && !rc; i++) {
        s = db_prep(st, "INSERT INTO mystery_evidence (report_id, path, sha256) VALUES (:r, :p, "
                        ":h) ON CONFLICT (report_id, path) DO NOTHING");
        db_bind_int(s, ":r", r->id);
        db_bind_text(s, ":p", r->files[i].path);
        db_bind_text(s, ":h", r->files[i].sha256);
        rc = db_exec_stmt(st, s, err);
    }
    for (size_t i = 0; i < r->nactions && !rc; i++) {
        s = db_prep(st, "INSERT INTO mystery_actions (report_id, text, owner, due, status, "
                        "updated_at) VALUES (:r, :t, :o, :d, 'open', :now) RETURNING id");
        db_bind_int(s, ":r", r->id);
        db_bind_text(s, ":t", r->actions[i].text);
        db_bind_text(s, ":o", r->actions[i].owner);
        db_bind_text(s, ":d", r->actions[i].due);
        db_bind_int(s, ":now", now);
        rc = db_insert_id(st, s, &r->actions[i].id, err);
    }
    return rc;
}

int store_mystery_get(struct store *st, int64_t id, struct mystery_report *r, struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    struct db_stmt *s = db_prep(
        st, "SELECT shopper, scorecard, scorecard_version, target_kind, target, channel, "
            "visited_at, persona, scenario, findings, feedback, status, coalesce(score, -1), "
            "critical_failed, created_at, coalesce(submitted_at, 0), coalesce(reviewed_at, 0), "
            "coalesce(released_at, 0), coalesce(locked_at, 0), coalesce(reviewed_by, '') FROM "
            "mystery_reports WHERE id = :id");
    db_bind_int(s, ":id", id);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        r->id = id;
        r->shopper = db_col_dup(s, 0);
        r->scorecard = db_col_dup(s, 1);
        r->scorecard_version = (int)db_col_int(s, 2);
        mystery_target_parse(db_col_text(s, 3), &r->target_kind);
        r->target = db_col_dup(s, 4);
        r->channel = db_col_dup(s, 5);
        r->visited_at = db_col_int(s, 6);
        r->persona = db_col_dup(s, 7);
        r->scenario = db_col_dup(s, 8);
        r->findings = db_col_dup(s, 9);
        r->feedback = db_col_dup(s, 10);
        mystery_status_parse(db_col_text(s, 11), &r->status);
        r->score.score = db_col_int(s, 12);
        r->score.critical_failed = db_col_int(s, 13) != 0;
        r->score.failed_at = -1;
        r->created_at = db_col_int(s, 14);
        r->submitted_at = db_col_int(s, 15);
        r->reviewed_at = db_col_int(s, 16);
        r->released_at = db_col_int(s, 17);
        r->locked_at = db_col_int(s, 18);
        r->reviewed_by = db_col_dup(s, 19);
    }
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, _("no mystery report #%lld"), (long long)id);
    if (rc != DB_ROW)
        return err ? (int)err->code : SD_STORE;
    /* in the order they were added: SQLite's rowid, PostgreSQL's seq */
    s = db_prep(st, DB_SQL(st,
                           "SELECT path, sha256 FROM mystery_evidence WHERE report_id = :id "
                           "ORDER BY rowid",
                           "SELECT path, sha256 FROM mystery_evidence WHERE report_id = :id "
                           "ORDER BY seq"));
    db_bind_int(s, ":id", id);
    size_t cap = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (r->nfiles == cap)
            r->files = xrealloc(r->files, (cap = cap ? cap * 2 : 4) * sizeof *r->files);
        struct mystery_evidence *e = &r->files[r->nfiles++];
        memset(e, 0, sizeof *e);
        e->path = db_col_dup(s, 0);
        snprintf(e->sha256, sizeof e->sha256, "%s", db_col_text(s, 1));
    }
    db_reset(s);
    if (rc != DB_DONE) {
        mystery_report_free(r);
        return err ? (int)err->code : SD_STORE;
    }
    s = db_prep(st, "SELECT id, text, owner, due, status FROM mystery_actions WHERE report_id = "
                    ":id ORDER BY id");
    db_bind_int(s, ":id", id);
    cap = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (r->nactions == cap)
            r->actions = xrealloc(r->actions, (cap = cap ? cap * 2 : 4) * sizeof *r->actions);
        struct mystery_action *a = &r->actions[r->nactions++];
        memset(a, 0, sizeof *a);
        a->id = db_col_int(s, 0);
        a->text = db_col_dup(s, 1);
        a->owner = db_col_dup(s, 2);
        snprintf(a->due, sizeof a->due, "%s", db_col_text(s, 3));
        snprintf(a->status, sizeof a->status, "%s", db_col_text(s, 4));
    }
    db_reset(s);
    if (rc != DB_DONE) {
        mystery_report_free(r);
        return err ? (int)err->code : SD_STORE;
    }
    return SD_OK;
}

int store_mystery_scores(struct store *st, int64_t id, struct mystery_score_row **rows, size_t *n,
                         struct sd_err *err)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *s = db_prep(
        st, DB_SQL(st,
                   "SELECT criterion, section, answer, coalesce(points, -1), coalesce(max_points, "
                   "-1), evidence FROM mystery_scores WHERE report_id = :id ORDER BY rowid",
                   "SELECT criterion, section, answer, coalesce(points, -1), coalesce(max_points, "
                   "-1), evidence FROM mystery_scores WHERE report_id = :id ORDER BY seq"));
    db_bind_int(s, ":id", id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (*n == cap)
            *rows = xrealloc(*rows, (cap = cap ? cap * 2 : 8) * sizeof **rows);
        struct mystery_score_row *x = &(*rows)[(*n)++];
        utf8_copy(x->criterion, sizeof x->criterion, db_col_text(s, 0));
        utf8_copy(x->section, sizeof x->section, db_col_text(s, 1));
        utf8_copy(x->answer, sizeof x->answer, db_col_text(s, 2));
        x->points = db_col_int(s, 3);
        x->max_points = db_col_int(s, 4);
        utf8_copy(x->evidence, sizeof x->evidence, db_col_text(s, 5));
    }
    db_reset(s);
    if (rc != DB_DONE) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return err ? (int)err->code : SD_STORE;
    }
    return SD_OK;
}

int store_mystery_set_status(struct store *st, int64_t id, int from, int to, const char *by,
                             const char *feedback, int64_t now, struct sd_err *err)
{
    db_require_write(st, "store_mystery_set_status");
    static const char *const stamp[MYSTERY_STATUSES] = {NULL, "submitted_at", "reviewed_at",
                                                        "released_at", "locked_at"};
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "UPDATE mystery_reports SET status = :to, updated_at = :now");
    if (stamp[to])
        sb_addf(&sql, ", %s = :now", stamp[to]);
    if (by)
        sb_adds(&sql, ", reviewed_by = :by");
    if (feedback)
        sb_adds(&sql, ", feedback = :feedback");
    sb_adds(&sql, " WHERE id = :id AND status = :from");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    db_bind_text(s, ":to", mystery_status_key((enum mystery_status)to));
    db_bind_text(s, ":from", mystery_status_key((enum mystery_status)from));
    db_bind_int(s, ":now", now);
    db_bind_int(s, ":id", id);
    if (by)
        db_bind_text(s, ":by", by);
    if (feedback)
        db_bind_text(s, ":feedback", feedback);
    int rc = db_step(st, s, err);
    db_finalize(s);
    if (rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    if (db_changes(st) != 1)
        return sd_fail(err, SD_CONFLICT, _("mystery report #%lld is no longer %s"), (long long)id,
                       mystery_status_key((enum mystery_status)from));
    return SD_OK;
}

int store_mystery_action_get(struct store *st, int64_t id, int64_t *report_id, char *owner,
                             size_t owner_len, char *status, size_t status_len, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT report_id, owner, status FROM mystery_actions WHERE id "
                                  "= :id");
    db_bind_int(s, ":id", id);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *report_id = db_col_int(s, 0);
        utf8_copy(owner, owner_len, db_col_text(s, 1));
        utf8_copy(status, status_len, db_col_text(s, 2));
    }
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, _("no action item #%lld"), (long long)id);
    return rc == DB_ROW ? SD_OK : err ? (int)err->code : SD_STORE;
}

int store_mystery_action_set(struct store *st, int64_t id, const char *status, int64_t now,
                             struct sd_err *err)
{
    db_require_write(st, "store_mystery_action_set");
    struct db_stmt *s = db_prep(st, "UPDATE mystery_actions SET status = :s, updated_at = :now "
                                  "WHERE id = :id");
    db_bind_text(s, ":s", status);
    db_bind_int(s, ":now", now);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

int store_mystery_targets(struct store *st, struct mystery_target_trend *out, int n,
                          struct sd_err *err)
{
    struct db_stmt *s = db_prep(
        st, "SELECT target_kind, target, count(*), (sum(score) * 2 + count(*)) / (2 * "
            "count(*)), max(visited_at) FROM mystery_reports WHERE status <> 'draft' AND score "
            "IS NOT NULL GROUP BY target_kind, target ORDER BY 4, 1, 2 LIMIT :n");
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct mystery_target_trend *t = &out[k++];
        memset(t, 0, sizeof *t);
        utf8_copy(t->kind, sizeof t->kind, db_col_text(s, 0));
        utf8_copy(t->target, sizeof t->target, db_col_text(s, 1));
        t->reports = db_col_int(s, 2);
        t->average = db_col_int(s, 3);
        t->last_visit = db_col_int(s, 4);
    }
    db_reset(s);
    if (rc != DB_DONE && rc != DB_ROW)
        return -1;
    for (int i = 0; i < k; i++) {
        s = db_prep(st, "SELECT score FROM mystery_reports WHERE target_kind = :k AND target = "
                        ":t AND status <> 'draft' AND score IS NOT NULL ORDER BY visited_at "
                        "DESC, id DESC LIMIT :n");
        db_bind_text(s, ":k", out[i].kind);
        db_bind_text(s, ":t", out[i].target);
        db_bind_int(s, ":n", MYSTERY_RECENT);
        int64_t v[MYSTERY_RECENT];
        int m = 0;
        while ((rc = db_step(st, s, err)) == DB_ROW && m < MYSTERY_RECENT)
            v[m++] = db_col_int(s, 0);
        db_reset(s);
        if (rc != DB_DONE && rc != DB_ROW)
            return -1;
        for (int j = 0; j < m; j++) /* oldest first */
            out[i].recent[j] = v[m - 1 - j];
        out[i].nrecent = m;
    }
    return k;
}

int store_mystery_criteria(struct store *st, int64_t now, struct mystery_criterion_trend *out,
                           int n, struct sd_err *err)
{
    /* shares in hundredths of a percent, rounded half up as report scores are */
    struct db_stmt *s = db_prep(
        st, "SELECT criterion, section, reports, coalesce((ap * 20000 + am) / (2 * am), -1), "
            "coalesce((lp * 20000 + lm) / (2 * lm), -1), coalesce((pp * 20000 + pm) / (2 * pm), "
            "-1) FROM (SELECT s.criterion, min(s.section) AS section, count(DISTINCT "
            "s.report_id) AS reports, CAST(sum(s.points) AS BIGINT) AS ap, "
            "CAST(nullif(sum(s.max_points), 0) AS BIGINT) AS am, CAST(sum(CASE WHEN r.visited_at "
            ">= :m30 THEN s.points END) AS BIGINT) AS lp, CAST(nullif(sum(CASE WHEN r.visited_at "
            ">= :m30 THEN s.max_points END), 0) AS BIGINT) AS lm, CAST(sum(CASE WHEN "
            "r.visited_at >= :m60 AND r.visited_at < :m30 THEN s.points END) AS BIGINT) AS pp, "
            "CAST(nullif(sum(CASE WHEN r.visited_at >= :m60 AND r.visited_at < :m30 THEN "
            "s.max_points END), 0) AS BIGINT) AS pm FROM mystery_scores s JOIN mystery_reports r "
            "ON r.id = s.report_id WHERE r.status <> 'draft' AND s.points IS NOT NULL GROUP BY "
            "s.criterion) AS c ORDER BY 4, 1 LIMIT :n");
    db_bind_int(s, ":m30", now - 30 * 86400);
    db_bind_int(s, ":m60", now - 60 * 86400);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct mystery_criterion_trend *c = &out[k++];
        memset(c, 0, sizeof *c);
        utf8_copy(c->criterion, sizeof c->criterion, db_col_text(s, 0));
        utf8_copy(c->section, sizeof c->section, db_col_text(s, 1));
        c->reports = db_col_int(s, 2);
        c->overall = db_col_int(s, 3);
        c->last30 = db_col_int(s, 4);
        c->prev30 = db_col_int(s, 5);
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_mystery_compare(struct store *st, struct mystery_compare_row *out, int n,
                          struct sd_err *err)
{
    /* shares in hundredths of a percent, rounded half up as report scores are */
    struct db_stmt *s = db_prep(
        st, "SELECT criterion, own, rival, sn, cn FROM (SELECT criterion, (sp * 20000 + sm) / (2 "
            "* sm) AS own, (cp * 20000 + cm) / (2 * cm) AS rival, sn, cn FROM (SELECT "
            "s.criterion, CAST(sum(CASE WHEN r.target_kind = 'staff' THEN s.points END) AS BIGINT) "
            "AS sp, CAST(sum(CASE WHEN r.target_kind = 'staff' THEN s.max_points END) AS BIGINT) "
            "AS sm, CAST(sum(CASE WHEN r.target_kind = 'competitor' THEN s.points END) AS BIGINT) "
            "AS cp, CAST(sum(CASE WHEN r.target_kind = 'competitor' THEN s.max_points END) AS "
            "BIGINT) AS cm, count(DISTINCT CASE WHEN r.target_kind = 'staff' THEN r.id END) AS "
            "sn, count(DISTINCT CASE WHEN r.target_kind = 'competitor' THEN r.id END) AS cn FROM "
            "mystery_scores s JOIN mystery_reports r ON r.id = s.report_id WHERE r.status <> "
            "'draft' AND s.points IS NOT NULL AND s.max_points > 0 AND r.target_kind IN ('staff', "
            "'competitor') GROUP BY s.criterion) AS c WHERE sn > 0 AND cn > 0) AS d ORDER BY own "
            "- rival, criterion LIMIT :n");
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct mystery_compare_row *c = &out[k++];
        memset(c, 0, sizeof *c);
        utf8_copy(c->criterion, sizeof c->criterion, db_col_text(s, 0));
        c->staff = db_col_int(s, 1);
        c->competitor = db_col_int(s, 2);
        c->staff_reports = db_col_int(s, 3);
        c->competitor_reports = db_col_int(s, 4);
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_mystery_open_actions(struct store *st, const char *owner, struct mystery_action_row *out,
                               int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT id, report_id, owner, due, text FROM mystery_actions "
                                  "WHERE status = 'open' AND (CAST(:o AS TEXT) IS NULL OR owner "
                                  "= :o) ORDER BY owner, due, id LIMIT :n");
    if (owner)
        db_bind_text(s, ":o", owner);
    else
        db_bind_null(s, ":o");
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n) {
        struct mystery_action_row *a = &out[k++];
        memset(a, 0, sizeof *a);
        a->id = db_col_int(s, 0);
        a->report_id = db_col_int(s, 1);
        utf8_copy(a->owner, sizeof a->owner, db_col_text(s, 2));
        utf8_copy(a->due, sizeof a->due, db_col_text(s, 3));
        utf8_copy(a->text, sizeof a->text, db_col_text(s, 4));
    }
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}
