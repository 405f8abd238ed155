#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/gifts.h"
#include "app/review.h"
#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/stats.h"
#include "core/tz.h"
#include "store/audit.h"
#include "store/chat.h"
#include "store/couriers.h"
#include "store/disputes.h"
#include "store/gifts.h"
#include "store/review.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/decimal.h"

struct on_time {
    const struct settings *set;
    struct review_day *d;
};

static void on_delivery(const char *courier, int64_t shipped, int64_t delivered, void *arg)
{
    struct on_time *o = arg;
    o->d->delivered++;
    o->d->delivered_on_time +=
        delivered - shipped <= (int64_t)settings_delivery_days(o->set, courier) * 86400;
}

/* One day's figures: the counts from the store, then the bands and medians sorted here. */
static int build_day(struct session *s, struct sd_date date, struct review_day *d,
                     struct sd_err *err)
{
    memset(d, 0, sizeof *d);
    d->date = date;
    int64_t *ship = NULL, *refund = NULL;
    size_t nship = 0, nrefund = 0;
    int rc = store_review_day(s->st, date_start(date), date_start(date_add(date, 1)),
                              s->set.currency->code, d, &ship,
                              &nship, &refund, &nrefund, err);
    if (rc)
        return rc;
    struct ship_bands b;
    memcpy(b.limit, s->set.orders.ship_bands, sizeof b.limit);
    for (size_t i = 0; i < nship; i++)
        d->band[ship_band(&b, ship[i])]++;
    d->ship_median_s = nship ? stats_median(ship, nship) : -1;
    d->ship_p90_s = nship ? stats_percentile(ship, nship, 90) : -1;
    d->refund_median_s = nrefund ? stats_median(refund, nrefund) : -1;
    free(ship);
    free(refund);
    /* the consultation line: the platform's chat figures when the day has them */
    char day[11];
    date_format(date, day);
    if ((rc = store_chat_totals(s->st, day, &d->chat, err)))
        return rc;
    struct on_time ot = {&s->set, d};
    if ((rc = store_deliveries(s->st, date_start(date), date_start(date_add(date, 1)),
                               on_delivery, &ot, err)))
        return rc;
    d->mystery_consultation = d->consultation;
    d->consultation_from_chat = d->chat.consultations > 0;
    if (d->consultation_from_chat)
        d->consultation =
            chat_line(&d->chat, s->set.chat.first_response_s, s->set.chat.conversion_pct);
    return SD_OK;
}

static int64_t med(int64_t *v, int n)
{
    return n ? stats_median(v, (size_t)n) : -1;
}

/* Each agent of the day's chat figures, against their own seven days before. */
static int build_agents(struct session *s, struct sd_date date, struct review *r,
                        struct sd_err *err)
{
    enum { ROWS = 4000 }; /* eight days of the agents; more are left out */
    struct chat_row *v = calloc(ROWS, sizeof *v);
    if (!v)
        return sd_fail(err, SD_STORE, "%s", _("out of memory"));
    char from[11], to[11];
    date_format(date_add(date, -REVIEW_MEDIAN_DAYS), from);
    date_format(date, to);
    int n = store_chat_rows(s->st, from, to, v, ROWS, err);
    if (n < 0) {
        free(v);
        return err ? (int)err->code : SD_STORE;
    }
    r->nagents = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && !strcmp(v[j].account, v[i].account))
            j++;
        /* rows of one account, by day: the last is the date's when it has one */
        const struct chat_row *today = !strcmp(v[j - 1].day, to) ? &v[j - 1] : NULL;
        if (today && r->nagents < REVIEW_AGENTS) {
            struct review_agent *a = &r->agents[r->nagents++];
            memset(a, 0, sizeof *a);
            utf8_copy(a->account, sizeof a->account, today->account);
            utf8_copy(a->login, sizeof a->login, today->login);
            chat_add(&a->day, today->consultations, today->inquiries, today->orders,
                     today->first_ms, today->avg_ms, today->satisfaction);
            int64_t conv[REVIEW_MEDIAN_DAYS], fr[REVIEW_MEDIAN_DAYS];
            int nc = 0, nf = 0;
            for (int k = i; k < j - 1 && nc < REVIEW_MEDIAN_DAYS; k++) {
                struct chat_totals one = {0};
                chat_add(&one, v[k].consultations, v[k].inquiries, v[k].orders, v[k].first_ms,
                         v[k].avg_ms, v[k].satisfaction);
                if (chat_conversion(&one) >= 0)
                    conv[nc++] = chat_conversion(&one);
                if (chat_first_response(&one) >= 0)
                    fr[nf++] = chat_first_response(&one);
            }
            a->conversion_med7 = med(conv, nc);
            a->first_response_med7 = med(fr, nf);
        }
        i = j;
    }
    free(v);
    return SD_OK;
}

int review_build(struct session *s, struct sd_date date, struct review *r, struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    int rc = session_require(s, SD_PERM_REVIEW_READ, err);
    if (rc)
        return rc;
    r->date = date;
    r->sla_minutes = s->set.refunds.sla_minutes;
    memcpy(r->ship_bands, s->set.orders.ship_bands, sizeof r->ship_bands);
    memcpy(r->unshipped_hours, s->set.orders.unshipped_hours, sizeof r->unshipped_hours);
    int64_t start = date_start(date), end = date_start(date_add(date, 1));
    char day[11], due_by[11];
    date_format(date, day);
    /* Today's needs-action rows are as things stand now, not at the end of the day: a refund
     * is overdue once its deadline has passed, an action item once its due day has. */
    int64_t now = clock_now(), asof = end;
    snprintf(due_by, sizeof due_by, "%s", day);
    r->asof = end;
    if (now < end) {
        /* up to and including the present second: a reply made now counts */
        asof = now >= start ? now + 1 : start;
        r->asof = now > start ? now : start;
        date_format(date_add(date, -1), due_by);
        r->today = true;
    }
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    for (int i = 0; i < REVIEW_DAYS && !rc; i++)
        rc = build_day(s, date_add(date, i - (REVIEW_DAYS - 1)), &r->days[i], err);
    if (!rc) {
        /* the dispute rate's 30 days to the end of each day */
        int64_t ends[REVIEW_DAYS], disputes[REVIEW_DAYS], orders[REVIEW_DAYS];
        for (int i = 0; i < REVIEW_DAYS; i++)
            ends[i] = date_start(date_add(date, i - (REVIEW_DAYS - 2)));
        rc = store_review_windows(s->st, ends, REVIEW_DAYS, 30 * 86400, disputes, orders, err);
        for (int i = 0; i < REVIEW_DAYS && !rc; i++) {
            r->days[i].disputes_30d = disputes[i];
            r->days[i].orders_30d = orders[i];
        }
    }
    if (!rc)
        rc = store_review_exceptions(s->st, start, asof, day, due_by,
                                     (int64_t)r->sla_minutes * 60, r->unshipped_hours, &r->x, err);
    if (!rc)
        rc = defects_jumps(s, asof, &r->x.defect_jumps, NULL, err);
    if (!rc) {
        r->nratings = store_review_ratings(s->st, start, end, r->ratings, REVIEW_RATINGS, err);
        r->nweakest = store_review_weakest(s->st, start, end, r->weakest, REVIEW_WEAKEST, err);
        r->nactions = store_review_actions(s->st, asof, due_by, r->actions, REVIEW_ACTIONS, err);
        if (r->nratings < 0 || r->nweakest < 0 || r->nactions < 0)
            rc = err ? (int)err->code : SD_STORE;
    }
    if (!rc) {
        r->nothers = store_review_currencies(s->st, start, end, s->set.currency->code, r->others,
                                             REVIEW_CURRENCIES, err);
        if (r->nothers < 0)
            rc = err ? (int)err->code : SD_STORE;
    }
    if (!rc)
        rc = build_agents(s, date, r, err);
    r->chat_target_s = s->set.chat.first_response_s;
    r->chat_target_pct = s->set.chat.conversion_pct;
    if (!rc)
        rc = store_review_signoff_get(s->st, day, &r->signoff, &r->signed_off, err);
    store_rollback(s->st); /* a read: nothing to keep */
    if (!rc)
        rc = audit_check(s, false, &r->audit, err);
    return rc;
}

int64_t review_previous(const struct review *r, const struct review_figure *f)
{
    return f->get(&r->days[REVIEW_DAYS - 2]);
}

int64_t review_median7(const struct review *r, const struct review_figure *f)
{
    return review_median_of(f, &r->days[REVIEW_DAYS - 1 - REVIEW_MEDIAN_DAYS], REVIEW_MEDIAN_DAYS);
}

int review_sign_off(struct session *s, struct sd_date date, const char *note, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REVIEW_SIGN, err);
    if (rc)
        return rc;
    char day[11];
    date_format(date, day);
    if (date_cmp(date, date_of(clock_now())) > 0)
        return sd_fail(err, SD_INPUT,
                       _("%s has not happened yet: only a past day or today can "
                         "be signed off"),
                       day);
    struct review_signoff so = {0};
    utf8_copy(so.login, sizeof so.login, s->who);
    so.at = clock_now();
    utf8_copy(so.note, sizeof so.note, note ? note : "");
    if ((rc = store_begin(s->st, err)))
        return rc;
    rc = store_review_signoff_add(s->st, day, &so, err);
    if (!rc) {
        struct json_object *after = json_object_new_object();
        json_object_object_add(after, "date", json_object_new_string(day));
        json_object_object_add(after, "note", json_object_new_string(so.note));
        rc = session_audit(s, "review.signoff", "review", day, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

/* ---- text for people ---- */

void review_value_text(const struct review_figure *f, int64_t v, const struct currency *cur,
                       char *buf, size_t n)
{
    if (v < 0 && f->unit != REVIEW_MONEY) {
        snprintf(buf, n, "-");
        return;
    }
    switch (f->unit) {
    case REVIEW_COUNT:
        snprintf(buf, n, "%lld", (long long)v);
        break;
    case REVIEW_MONEY:
        money_format(v, cur, MONEY_SYMBOL | MONEY_GROUP, buf, n);
        break;
    case REVIEW_SECONDS: {
        char d[32];
        duration_format(v, d);
        snprintf(buf, n, "%s", d);
        break;
    }
    case REVIEW_PERCENT:
        hundredths_text(v, "%", buf, n);
        break;
    case REVIEW_RATING:
    case REVIEW_SCORE:
        hundredths_text(v, "", buf, n);
        break;
    case REVIEW_MILLIS:
        /* L10N: a short time in seconds with a tenth: "12.5 s" (12.5秒) */
        snprintf(buf, n, _("%lld.%lld s"), (long long)((v + 50) / 1000),
                 (long long)((v + 50) % 1000 / 100));
        break;
    }
}

/* The change against another day: "+4", "-1.50%", "±0"; "" when either side has no data. */
void review_change_text(const struct review_figure *f, int64_t v, int64_t other,
                        const struct currency *cur, char *buf, size_t n)
{
    if ((v < 0 || other < 0) && f->unit != REVIEW_MONEY) {
        snprintf(buf, n, "-");
        return;
    }
    int64_t d = v - other;
    if (d == 0) {
        snprintf(buf, n,
                 "\xc2\xb1"
                 "0");
        return;
    }
    if (n < 2)
        return;
    buf[0] = d < 0 ? '-' : '+';
    review_value_text(f, d < 0 ? -d : d, cur, buf + 1, n - 1);
}

const char *review_line_key(enum service_line l)
{
    static const char *const keys[SERVICE_LINES] = {"consultation", "logistics", "after_sales",
                                                    "disputes"};
    return keys[l];
}
const char *review_line_label(enum service_line l)
{
    static const char *const labels[SERVICE_LINES] = {N_("Consultation"), N_("Logistics"),
                                                      N_("After-sales"), N_("Disputes")};
    return _(labels[l]);
}
void review_agent_text(const struct review_agent *a, int part, char *buf, size_t n)
{
    static const struct review_figure pct = {"", "", "", REVIEW_PERCENT, true, NULL},
                                      ms = {"", "", "", REVIEW_MILLIS, false, NULL};
    if (part == 0) {
        char sat[32], who[160];
        review_value_text(&pct, chat_satisfaction(&a->day), NULL, sat, sizeof sat);
        if (a->login[0])
            snprintf(who, sizeof who, "%s (%s)", a->login, a->account);
        else
            /* L10N: an account of the chat statistics that no staff member has */
            snprintf(who, sizeof who, _("%s (no staff member)"), a->account);
        /* L10N: an agent's day in the daily review: who; consultations; satisfaction */
        snprintf(buf, n, _("%s: %lld chats, satisfied %s"), who,
                 (long long)a->day.consultations, sat);
        return;
    }
    char conv[32], cmed[32], fr[32], fmed[32];
    review_value_text(&pct, chat_conversion(&a->day), NULL, conv, sizeof conv);
    review_value_text(&pct, a->conversion_med7, NULL, cmed, sizeof cmed);
    review_value_text(&ms, chat_first_response(&a->day), NULL, fr, sizeof fr);
    review_value_text(&ms, a->first_response_med7, NULL, fmed, sizeof fmed);
    /* L10N: under it: inquiry conversion and the agent's 7-day median; first response and
     * its median */
    snprintf(buf, n, _("conversion %s (7-day median %s), first response %s (median %s)"), conv,
             cmed, fr, fmed);
}

bool review_agent_worse(const struct review_agent *a)
{
    int64_t conv = chat_conversion(&a->day), fr = chat_first_response(&a->day);
    return (a->conversion_med7 >= 0 && conv >= 0 && conv < a->conversion_med7) ||
           (a->first_response_med7 >= 0 && fr > a->first_response_med7);
}

const char *review_line_how(const struct review *r, enum service_line l, char *buf, size_t n)
{
    const struct review_day *d = review_day_of(r);
    if (l == SERVICE_CONSULTATION && d->consultation_from_chat) {
        char m[32] = "-";
        if (d->mystery_consultation >= 0)
            hundredths_text(d->mystery_consultation, "", m, sizeof m);
        /* L10N: how the consultation line was computed: the two targets (15 s, 50%), then
         * the mystery average beside it; under 74 columns */
        snprintf(buf, n, _("chat statistics: response vs %d s, conversion vs %d%%; mystery %s"),
                 r->chat_target_s, r->chat_target_pct, m);
        return buf;
    }
    static const char *const how[SERVICE_LINES] = {
        N_("average score of mystery reports on own staff, last 30 days"),
        N_("shipments within the third ship-time band, of all shipped that day"),
        N_("refunds paid within the SLA, of all paid that day"),
        N_("disputes of 30 days answered in time and not lost, of those due or done"),
    };
    snprintf(buf, n, "%s", _(how[l]));
    return buf;
}

const char *review_audit_alarm(const struct review *r, int part)
{
    static char buf[256];
    const struct audit_state *a = &r->audit;
    if (part == 0 && a->broken)
        /* L10N: first line of the daily review when the audit log's hash chain is broken; fits
         * in 78 columns */
        snprintf(buf, sizeof buf, _("Audit log broken at row %lld: edited outside shopdesk."),
                 (long long)a->bad_id);
    else if (part == 0 && a->head_moved && a->head_id > a->tail_id)
        /* L10N: the same when the newest rows were removed; fits in 78 columns */
        snprintf(buf, sizeof buf, _("Audit log cut short after row %lld: rows removed outside "
                                    "shopdesk."),
                 (long long)a->tail_id);
    else if (part == 0 && a->head_moved)
        /* L10N: the same when the log's head and last row differ; fits in 78 columns */
        snprintf(buf, sizeof buf, _("Audit log changed after row %lld: edited outside "
                                    "shopdesk."),
                 (long long)(a->head_id < a->tail_id ? a->head_id : a->tail_id));
    else if (part == 0)
        /* L10N: the same when triggers that guard the books are gone; fits in 78 columns */
        snprintf(buf, sizeof buf,
                 P_("Audit log unguarded: %d trigger missing or changed outside shopdesk.",
                    "Audit log unguarded: %d triggers missing or changed outside shopdesk.",
                    a->trigger_problems),
                 a->trigger_problems);
    else
        /* L10N: the line after it; fits in 78 columns */
        snprintf(buf, sizeof buf, "%s",
                 _("Run `shopdesk check` and find out who changed the shop's file."));
    return buf;
}

int review_exception_rows(const struct review *r, struct review_exception_row *x)
{
    const struct {
        const char *key;
        const char *label; /* translated; NULL: the unshipped line with its hours */
        int hours;
        int64_t value;
    } rows[] = {
        {"refunds_overdue", _("Refunds overdue"), 0, r->x.refunds_overdue},
        {"disputes_overdue", _("Disputes unanswered past their deadline"), 0,
         r->x.disputes_overdue},
        {"sheets_disagreed", _("Performance sheets disagreed with"), 0, r->x.sheets_disagreed},
        {"parcels_left", _("Parcels received, not refunded that day"), 0, r->x.parcels_left},
        {"parcels_empty", _("Parcels received empty or short"), 0, r->x.parcels_empty},
        {"defect_jumps", _("SKUs whose defect share jumped"), 0, r->x.defect_jumps},
        {"unshipped_first", NULL, r->unshipped_hours[0], r->x.unshipped[0]},
        {"unshipped_second", NULL, r->unshipped_hours[1], r->x.unshipped[1]},
        {"low_ratings_open", _("Low ratings without a reply"), 0, r->x.low_ratings_open},
        {"actions_overdue", _("Mystery action items past due"), 0, r->x.actions_overdue},
        {"gifts_failed", _("Gifts that could not be made"), 0, r->x.gifts_failed},
        {"settings_unaccepted", _("shop.yaml changed without an owner"), 0,
         r->x.settings_unaccepted},
        {"settings_accepted", _("shop.yaml changes an owner accepted"), 0,
         r->x.settings_accepted},
    };
    int n = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, n++) {
        x[n].key = rows[i].key;
        x[n].value = rows[i].value;
        if (rows[i].label)
            snprintf(x[n].label, sizeof x[n].label, "%s", rows[i].label);
        else
            /* L10N: an exception line of the daily review; %d is hours (24) */
            snprintf(x[n].label, sizeof x[n].label, _("Paid, not shipped after %d h"),
                     rows[i].hours);
    }
    return n;
}

/* ---- what a needs-action row counts, as a document ---- */

#define FAILURES_SHOWN 200

static int gifts_failed_detail(struct session *s, const char *day, struct detail *d,
                               struct sd_err *err)
{
    struct gift_failure_row *f = calloc(FAILURES_SHOWN, sizeof *f);
    if (!f)
        return sd_fail(err, SD_STORE, "%s", _("out of memory"));
    int n = 0, rc = store_begin_read(s->st, err);
    if (!rc)
        rc = store_gift_failures_of(s->st, day, f, FAILURES_SHOWN, &n, err);
    store_rollback(s->st);
    if (rc) {
        free(f);
        return rc;
    }
    /* L10N: title of the list behind the Review's "Gifts that could not be made"; %s a date */
    detail_title(d, _("Gifts that could not be made on %s"), day);
    const char *rule = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(rule, f[i].rule))
            detail_heading(d, rule = f[i].rule);
        const char *why = f[i].reason;
        for (int k = 0; k < GIFT_FAIL_COUNT; k++)
            if (!strcmp(why, gift_fail_key((enum gift_fail)k)))
                why = gift_fail_text((enum gift_fail)k);
        detail_text(d, TONE_WARNING, "  #%lld %s: %s", (long long)f[i].member_id,
                    f[i].member[0] ? f[i].member : "-", why);
    }
    if (!n)
        detail_text(d, TONE_DIM, "%s", _("None."));
    detail_text(d, TONE_NORMAL, "%s", "");
    detail_text(d, TONE_DIM, "%s",
                _("The Members screen's P shows today's gifts; `shopdesk gifts run --date DATE "
                  "--dry-run` shows a day's."));
    free(f);
    return SD_OK;
}

struct settings_walk {
    struct detail *d;
    int64_t start, end;
    int n;
};

/* The keys whose values differ between two guarded-settings objects, "key: old → new". */
static void settings_changes(struct detail *d, const char *before, const char *after)
{
    json_object *b = before ? json_tokener_parse(before) : NULL;
    json_object *a = after ? json_tokener_parse(after) : NULL;
    if (a && json_object_is_type(a, json_type_object)) {
        json_object_object_foreach(a, key, av)
        {
            json_object *bv = NULL;
            if (b)
                json_object_object_get_ex(b, key, &bv);
            const char *at = json_object_to_json_string_ext(av, JSON_C_TO_STRING_PLAIN);
            const char *bt = bv ? json_object_to_json_string_ext(bv, JSON_C_TO_STRING_PLAIN) : "-";
            if (strcmp(at, bt) && strcmp(key, "sha256"))
                detail_text(d, TONE_NORMAL, "      %s: %s \xe2\x86\x92 %s", key, bt, at);
        }
    }
    json_object_put(a);
    json_object_put(b);
}

static int settings_row(const struct audit_row *row, void *arg)
{
    struct settings_walk *w = arg;
    if (row->at < w->start || row->at >= w->end)
        return 0;
    bool owner = !strcmp(row->action, "settings.accept") || !strcmp(row->action, "settings.record");
    char when[32];
    time_format_local(row->at, when);
    detail_text(w->d, owner ? TONE_OK : TONE_ALARM, "  %s  %s  %s", when, row->login,
                owner ? _("an owner accepted the file")
                      : _("the file changed without an owner (not in force)"));
    settings_changes(w->d, row->before, row->after);
    w->n++;
    return 0;
}

static int settings_detail(struct session *s, struct sd_date date, const char *day,
                           struct detail *d, struct sd_err *err)
{
    struct settings_walk w = {d, date_start(date), date_start(date_add(date, 1)), 0};
    /* L10N: title of the list behind the Review's shop.yaml rows; %s a date */
    detail_title(d, _("shop.yaml on %s"), day);
    int rc = store_begin_read(s->st, err);
    if (!rc)
        rc = store_audit_walk(s->st, 0, "settings", "shop.yaml", settings_row, &w, err);
    store_rollback(s->st);
    if (rc)
        return rc;
    if (!w.n)
        detail_text(d, TONE_DIM, "%s", _("None."));
    return SD_OK;
}

int review_exception_detail(struct session *s, struct sd_date date, const char *key,
                            struct detail *d, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REVIEW_READ, err);
    if (rc)
        return rc;
    char day[11];
    date_format(date, day);
    if (!strcmp(key, "gifts_failed"))
        return gifts_failed_detail(s, day, d, err);
    if (!strcmp(key, "parcels_empty")) {
        struct empty_parcel v[FAILURES_SHOWN];
        int64_t start = date_start(date), end = date_start(date_add(date, 1));
        if ((rc = store_begin_read(s->st, err)))
            return rc;
        int n = store_review_empty_parcels(s->st, start, end, v, FAILURES_SHOWN, err);
        store_rollback(s->st);
        if (n < 0)
            return err ? (int)err->code : SD_STORE;
        /* L10N: title of the list behind the Review's empty parcels; %s a date */
        detail_title(d, _("Parcels received empty or short on %s"), day);
        for (int i = 0; i < n; i++) {
            char when[32];
            time_format_local(v[i].received_at, when);
            /* L10N: a parcel received empty: refund, order, time, who received it */
            detail_text(d, TONE_WARNING, _("refund #%lld, order %s: received %s by %s"),
                        (long long)v[i].refund_id, v[i].order, when + 11, v[i].received_by);
        }
        if (!n)
            detail_text(d, TONE_DIM, "%s", _("None."));
        return SD_OK;
    }
    if (!strcmp(key, "defect_jumps")) {
        /* L10N: title of the list behind the Review's defect jumps; %s a date */
        detail_title(d, _("SKUs whose defect share jumped, to %s"), day);
        int64_t n, end = date_start(date_add(date, 1)), now = clock_now();
        if (now < end)
            end = now + 1;
        if ((rc = store_begin_read(s->st, err)))
            return rc;
        rc = defects_jumps(s, end, &n, d, err);
        store_rollback(s->st);
        if (!rc && !n)
            detail_text(d, TONE_DIM, "%s", _("None."));
        return rc;
    }
    if (!strcmp(key, "disputes_overdue")) {
        int64_t end = date_start(date_add(date, 1)), now = clock_now();
        if (now < end)
            end = now + 1;
        /* L10N: title of the list behind the Review's overdue disputes; %s a date */
        detail_title(d, _("Disputes unanswered past their deadline, %s"), day);
        struct dispute *v = calloc(FAILURES_SHOWN, sizeof *v);
        struct dispute_filter f = {0};
        f.to = end;
        if ((rc = store_begin_read(s->st, err))) {
            free(v);
            return rc;
        }
        int n = v ? store_dispute_list(s->st, &f, v, FAILURES_SHOWN, err) : 0;
        store_rollback(s->st);
        if (n < 0) {
            free(v);
            return err ? (int)err->code : SD_STORE;
        }
        int shown = 0;
        for (int i = 0; i < n; i++) {
            const struct dispute *x = &v[i];
            bool answered = x->answered_at && x->answered_at < end;
            bool decided = x->closed_at && x->closed_at < end;
            if (x->due_at >= end || answered || decided)
                continue;
            char due[32];
            time_format_local(x->due_at, due);
            /* L10N: an overdue dispute: its number, order, kind, deadline, the buyer's claim */
            detail_text(d, TONE_ALARM, _("dispute #%lld, order %s (%s): answer was due %s: %s"),
                        (long long)x->id, x->number, x->kind, due, x->claim);
            shown++;
        }
        if (!shown)
            detail_text(d, TONE_DIM, "%s", _("None."));
        free(v);
        return SD_OK;
    }
    if (!strcmp(key, "settings_unaccepted") || !strcmp(key, "settings_accepted"))
        return settings_detail(s, date, day, d, err);
    return sd_fail(err, SD_INPUT, _("'%s' is not a row of the review with a list behind it"), key);
}
