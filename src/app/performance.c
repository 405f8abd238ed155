#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/decimal.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

int perf_month_parse(const char *text, char month[8], int64_t *from, int64_t *to,
                     struct sd_err *err)
{
    int y, m;
    char tail;
    if (strlen(text) != 7 || sscanf(text, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 ||
        y < 2000 || y > 2200)
        return sd_fail(err, SD_INPUT, _("'%s' is not a month (YYYY-MM)"), text);
    struct sd_date a = {y, m, 1}, b = {m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1};
    snprintf(month, 8, "%04d-%02d", y, m);
    *from = date_start(a);
    *to = date_start(b);
    return SD_OK;
}

void perf_last_month(char month[8])
{
    struct sd_date d = date_of(clock_now());
    int y = d.m == 1 ? d.y - 1 : d.y, m = d.m == 1 ? 12 : d.m - 1;
    snprintf(month, 8, "%04d-%02d", (y % 10000 + 10000) % 10000, (m % 100 + 100) % 100);
}

/* the month's days, for the chat statistics */
static void month_days(const char *month, char from[11], char to[11])
{
    int y, m;
    sscanf(month, "%4d-%2d", &y, &m);
    struct sd_date next = {m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1};
    snprintf(from, 11, "%04d-%02d-01", y, m);
    date_format(date_add(next, -1), to);
}

static bool owner(const struct session *s)
{
    return (s->roles & SD_ROLE_OWNER) != 0;
}

char *perf_figures_json(const struct perf_figures *f)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "refunds_reviewed", json_object_new_int64(f->refunds_reviewed));
    json_object_object_add(o, "refunds_paid", json_object_new_int64(f->refunds_paid));
    json_object_object_add(o, "paid_in_sla", json_object_new_int64(f->paid_in_sla));
    json_object_object_add(o, "paid_late", json_object_new_int64(f->paid_late));
    json_object_object_add(o, "disputes_answered", json_object_new_int64(f->disputes_answered));
    json_object_object_add(o, "disputes_in_time", json_object_new_int64(f->disputes_in_time));
    json_object_object_add(o, "chat_consultations", json_object_new_int64(f->chat.consultations));
    json_object_object_add(o, "chat_inquiries", json_object_new_int64(f->chat.inquiries));
    json_object_object_add(o, "chat_orders", json_object_new_int64(f->chat.orders));
    json_object_object_add(o, "chat_first_response_ms",
                           json_object_new_int64(chat_first_response(&f->chat)));
    json_object_object_add(o, "chat_satisfaction",
                           json_object_new_int64(chat_satisfaction(&f->chat)));
    json_object_object_add(o, "mystery_reports", json_object_new_int64(f->mystery_reports));
    json_object_object_add(o, "mystery_average", json_object_new_int64(f->mystery_avg));
    json_object_object_add(o, "low_ratings_answered",
                           json_object_new_int64(f->low_ratings_answered));
    char *text = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return text;
}

static int64_t get(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

int perf_figures_from_json(const char *json, struct perf_figures *f)
{
    memset(f, 0, sizeof *f);
    json_object *o = json_tokener_parse(json);
    if (!o)
        return -1;
    f->refunds_reviewed = get(o, "refunds_reviewed");
    f->refunds_paid = get(o, "refunds_paid");
    f->paid_in_sla = get(o, "paid_in_sla");
    f->paid_late = get(o, "paid_late");
    f->disputes_answered = get(o, "disputes_answered");
    f->disputes_in_time = get(o, "disputes_in_time");
    int64_t consult = get(o, "chat_consultations"), fr = get(o, "chat_first_response_ms"),
            sat = get(o, "chat_satisfaction");
    chat_add(&f->chat, consult, get(o, "chat_inquiries"), get(o, "chat_orders"), fr, -1, sat);
    f->mystery_reports = get(o, "mystery_reports");
    f->mystery_avg = get(o, "mystery_average");
    f->low_ratings_answered = get(o, "low_ratings_answered");
    json_object_put(o);
    return 0;
}

static int figures(struct session *s, const char *login, const char *month, int64_t from,
                   int64_t to, struct perf_figures *f, struct sd_err *err)
{
    char df[11], dt[11];
    month_days(month, df, dt);
    return store_perf_figures(s->st, login, from, to, df, dt, f, err);
}

int perf_show(struct session *s, const char *login, const char *month_text,
              struct perf_sheet *sheet, struct perf_figures *fig, struct sd_err *err)
{
    memset(sheet, 0, sizeof *sheet);
    if (!owner(s) && strcmp(login, s->who))
        return sd_fail(err, SD_FORBIDDEN,
                       _("a performance sheet is the owner's and its person's: %s's is not "
                         "yours to read"),
                       login);
    char month[8];
    int64_t from, to;
    int rc = perf_month_parse(month_text, month, &from, &to, err);
    if (rc || (rc = store_begin_read(s->st, err)))
        return rc;
    struct staff st = {0};
    rc = store_staff_get(s->st, login, &st, err);
    staff_clear(&st);
    if (!rc)
        rc = store_perf_get(s->st, login, month, sheet, err);
    if (!rc && sheet->signed_at && sheet->figures)
        perf_figures_from_json(sheet->figures, fig);
    else if (!rc)
        rc = figures(s, login, month, from, to, fig, err);
    store_rollback(s->st);
    if (rc)
        perf_sheet_clear(sheet);
    return rc;
}

static int audit_sheet(struct session *s, const char *action, const char *login, const char *month,
                       json_object *before, json_object *after, struct sd_err *err)
{
    char key[80];
    snprintf(key, sizeof key, "%s:%s", login, month);
    return session_audit(s, action, "performance", key, 0, before, after, err);
}

int perf_score(struct session *s, const char *login, const char *month_text, int score,
               const char *comment, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_PERF_SCORE, err);
    if (rc)
        return rc;
    char month[8];
    int64_t from, to;
    if ((rc = perf_month_parse(month_text, month, &from, &to, err)))
        return rc;
    if (score < 0 || score > 100)
        return sd_fail(err, SD_INPUT, _("a score is 0 to 100"));
    if (from > clock_now())
        return sd_fail(err, SD_INPUT, _("%s has not begun"), month);
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct staff st = {0};
    struct perf_sheet old = {0};
    rc = store_staff_get(s->st, login, &st, err);
    staff_clear(&st);
    if (!rc)
        rc = store_perf_get(s->st, login, month, &old, err);
    if (!rc && old.signed_at) {
        char when[32];
        time_format_local(old.signed_at, when);
        rc = sd_fail(err, SD_CONFLICT, _("%s signed the sheet of %s at %s: it is locked"), login,
                     month, when);
    }
    if (!rc)
        rc = store_perf_score(s->st, login, month, score, comment ? comment : "", s->who,
                              clock_now(), err);
    if (!rc) {
        json_object *b = NULL, *a = json_object_new_object();
        if (old.exists) {
            b = json_object_new_object();
            json_object_object_add(b, "score", json_object_new_int(old.score));
            json_object_object_add(b, "comment", json_object_new_string(old.comment));
            if (old.disagreed_at)
                json_object_object_add(b, "disagreement", json_object_new_string(old.disagreement));
        }
        json_object_object_add(a, "score", json_object_new_int(score));
        json_object_object_add(a, "comment", json_object_new_string(comment ? comment : ""));
        rc = audit_sheet(s, "performance.score", login, month, b, a, err);
        json_object_put(b);
        json_object_put(a);
    }
    perf_sheet_clear(&old);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

int perf_sign(struct session *s, const char *month_text, const char *disagree, struct sd_err *err)
{
    char month[8];
    int64_t from, to;
    int rc = perf_month_parse(month_text, month, &from, &to, err);
    if (rc)
        return rc;
    if (disagree && !*disagree)
        return sd_fail(err, SD_INPUT, _("say what you disagree with"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct perf_sheet sh = {0};
    rc = store_perf_get(s->st, s->who, month, &sh, err);
    if (!rc && !sh.exists)
        rc = sd_fail(err, SD_REFUSED, _("your sheet of %s is not scored yet"), month);
    if (!rc && sh.signed_at) {
        char when[32];
        time_format_local(sh.signed_at, when);
        rc = sd_fail(err, SD_CONFLICT, _("you signed your sheet of %s at %s"), month, when);
    }
    int64_t now = clock_now();
    json_object *a = json_object_new_object();
    if (!rc && disagree) {
        rc = store_perf_disagree(s->st, s->who, month, disagree, now, err);
        json_object_object_add(a, "disagreement", json_object_new_string(disagree));
        json_object_object_add(a, "score", json_object_new_int(sh.score));
        if (!rc)
            rc = audit_sheet(s, "performance.disagree", s->who, month, NULL, a, err);
    } else if (!rc) {
        struct perf_figures f;
        rc = figures(s, s->who, month, from, to, &f, err);
        char *json = rc ? NULL : perf_figures_json(&f);
        if (!rc)
            rc = store_perf_sign(s->st, s->who, month, json, now, err);
        json_object_object_add(a, "score", json_object_new_int(sh.score));
        if (json)
            json_object_object_add(a, "figures", json_tokener_parse(json));
        if (!rc)
            rc = audit_sheet(s, "performance.sign", s->who, month, NULL, a, err);
        free(json);
    }
    json_object_put(a);
    perf_sheet_clear(&sh);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

int perf_list(struct session *s, const char *month_text, struct perf_sheet **out, int *n,
              struct sd_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = session_require(s, SD_PERM_PERF_SCORE, err);
    if (rc)
        return rc;
    char month[8];
    int64_t from, to;
    if ((rc = perf_month_parse(month_text, month, &from, &to, err)) ||
        (rc = store_begin_read(s->st, err)))
        return rc;
    struct staff *all = NULL;
    size_t na = 0;
    rc = store_staff_list(s->st, &all, &na, err);
    struct perf_sheet *v = xcalloc(na ? na : 1, sizeof *v);
    int k = 0;
    for (size_t i = 0; i < na; i++) {
        if (!rc && all[i].active)
            rc = store_perf_get(s->st, all[i].login, month, &v[k++], err);
        staff_clear(&all[i]);
    }
    free(all);
    store_rollback(s->st);
    if (rc) {
        for (int i = 0; i < k; i++)
            perf_sheet_clear(&v[i]);
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return SD_OK;
}

static void pct(struct strbuf *sb, int64_t part, int64_t whole)
{
    char b[32];
    if (whole > 0)
        sb_addf(sb, " (%s)",
                hundredths_text((part * 20000 + whole) / (2 * whole), "%", b, sizeof b));
}

void perf_sheet_text(const struct perf_sheet *p, const struct perf_figures *f, struct strbuf *sb)
{
    char b[32], when[32];
    /* L10N: the first line of a performance sheet: the person and the month */
    sb_addf(sb, _("Performance of %s, %s"), p->login, p->month);
    sb_adds(sb, "\n");
    sb_addf(sb, _("  Refunds reviewed:            %lld"), (long long)f->refunds_reviewed);
    sb_adds(sb, "\n");
    sb_addf(sb, _("  Refunds paid:                %lld, within the SLA %lld"),
            (long long)f->refunds_paid, (long long)f->paid_in_sla);
    pct(sb, f->paid_in_sla, f->refunds_paid);
    sb_addf(sb, _(", overdue %lld"), (long long)f->paid_late);
    sb_adds(sb, "\n");
    sb_addf(sb, _("  Disputes answered:           %lld, in time %lld"),
            (long long)f->disputes_answered, (long long)f->disputes_in_time);
    pct(sb, f->disputes_in_time, f->disputes_answered);
    sb_adds(sb, "\n");
    if (f->chat.consultations) {
        sb_addf(sb, _("  Chats:                       %lld, inquiries %lld, orders %lld"),
                (long long)f->chat.consultations, (long long)f->chat.inquiries,
                (long long)f->chat.orders);
        pct(sb, f->chat.orders, f->chat.inquiries);
        int64_t fr = chat_first_response(&f->chat);
        if (fr >= 0)
            /* L10N: after the chat figures: the first response in seconds */
            sb_addf(sb, _(", first response %lld.%lld s"), (long long)((fr + 50) / 1000),
                    (long long)((fr + 50) % 1000 / 100));
        sb_adds(sb, "\n");
    }
    sb_addf(sb, _("  Mystery reports released:    %lld"), (long long)f->mystery_reports);
    if (f->mystery_avg >= 0)
        sb_addf(sb, _(", average %s"), hundredths_text(f->mystery_avg, "%", b, sizeof b));
    sb_adds(sb, "\n");
    sb_addf(sb, _("  Low ratings answered:        %lld"), (long long)f->low_ratings_answered);
    sb_adds(sb, "\n");
    if (!p->exists) {
        sb_adds(sb, _("  Not scored yet."));
        sb_adds(sb, "\n");
        return;
    }
    time_format_local(p->scored_at, when);
    sb_addf(sb, _("  Score: %d, by %s at %s"), p->score, p->scored_by, when);
    sb_adds(sb, "\n");
    if (p->comment[0]) {
        sb_addf(sb, _("  Comment: %s"), p->comment);
        sb_adds(sb, "\n");
    }
    if (p->disagreed_at) {
        time_format_local(p->disagreed_at, when);
        sb_addf(sb, _("  Disagreed at %s: %s"), when, p->disagreement);
        sb_adds(sb, "\n");
    }
    if (p->signed_at) {
        time_format_local(p->signed_at, when);
        sb_addf(sb, _("  Signed at %s; locked, with the figures as they stood."), when);
    } else {
        sb_adds(sb, p->disagreed_at ? _("  Waiting for the owner to score again.")
                                    : _("  Waiting for the person to sign or disagree."));
    }
    sb_adds(sb, "\n");
}
