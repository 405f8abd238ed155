/* shopdesk review: the owner's daily review as text, Markdown, CSV or JSON, and its sign-off. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "util/decimal.h"
#include "util/csv.h"
#include "util/i18n.h"
#include "util/safeout.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

enum { OPT_DATE = CLI_OPT_FIRST_PRIVATE, OPT_FORMAT, OPT_SIGN_OFF, OPT_NOTE };
enum review_format { RF_TEXT, RF_MARKDOWN, RF_CSV, RF_JSON };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk review [--date DATE] [--format text|markdown|csv|json]"));
    printf("%s\n\n", _("       shopdesk review --sign-off [--date DATE] [--note TEXT]"));
    printf("%s\n", _("DATE is YYYY-MM-DD, today (the day so far) or yesterday."));
    printf("%s\n", _("The owner's review of a shop day (yesterday by default): what needs action "
                     "first, then\norders, shipping, refunds, mystery reports, gifts, tiers, "
                     "ratings and the service\nscore, each against the day before and the median "
                     "of the seven days before. A past\nday's review comes out the same from the "
                     "database alone. --sign-off records that the\nowner has read it (once per "
                     "day, audited)."));
}

/* ---- values ------------------------------------------------------------------------------ */

/* JSON: counts and money as integers (minor units), durations in minutes and percentages as
 * numbers with decimals, null for no data. */
static struct json_object *json_value(const struct review_figure *f, int64_t v)
{
    if (v < 0 && f->unit != REVIEW_MONEY)
        return NULL;
    switch (f->unit) {
    case REVIEW_COUNT:
    case REVIEW_MONEY:
        return json_object_new_int64(v);
    case REVIEW_SECONDS:
        return json_object_new_double((double)((v * 10 + 30) / 60) / 10.0);
    case REVIEW_PERCENT:
    case REVIEW_RATING:
    case REVIEW_SCORE:
        return json_object_new_double((double)v / 100.0);
    case REVIEW_MILLIS:
        return json_object_new_double((double)((v + 50) / 100) / 10.0);
    }
    return NULL;
}

static struct json_object *section(struct json_object *o, const char *name)
{
    struct json_object *s;
    if (!json_object_object_get_ex(o, name, &s)) {
        s = json_object_new_object();
        json_object_object_add(o, name, s);
    }
    return s;
}

/* Every figure of a day as nested objects: {"orders": {"count": 31, ...}, ...}. */
static void figures_json(struct json_object *o, const struct review_day *d)
{
    for (size_t i = 0; i < review_figure_count; i++) {
        const struct review_figure *f = &review_figures[i];
        json_object_object_add(section(o, f->section), f->name, json_value(f, f->get(d)));
    }
}

/* ---- JSON --------------------------------------------------------------------------------- */

/* The day's paid orders in other currencies than the shop's. */
static int64_t others_orders(const struct review *r)
{
    int64_t n = 0;
    for (int i = 0; i < r->nothers; i++)
        n += r->others[i].paid_orders;
    return n;
}

static void print_json(const struct review *r, const struct settings *set)
{
    const struct review_day *d = review_day_of(r);
    struct json_object *o = json_object_new_object();
    char day[11];
    date_format(r->date, day);
    json_object_object_add(o, "date", json_object_new_string(day));
    char asof[32];
    time_format_iso(r->asof, asof);
    json_object_object_add(o, "as_of", json_object_new_string(asof));
    json_object_object_add(o, "complete", json_object_new_boolean(!r->today));
    json_object_object_add(o, "shop", json_object_new_string(set->name ? set->name : ""));
    json_object_object_add(o, "currency", json_object_new_string(set->currency->code));
    struct json_object *x = json_object_new_object();
    struct review_exception_row rows[REVIEW_EXCEPTIONS];
    int nx = review_exception_rows(r, rows);
    for (int i = 0; i < nx; i++)
        json_object_object_add(x, rows[i].key, json_object_new_int64(rows[i].value));
    json_object_object_add(x, "unshipped_first_hours", json_object_new_int(r->unshipped_hours[0]));
    json_object_object_add(x, "unshipped_second_hours", json_object_new_int(r->unshipped_hours[1]));
    json_object_object_add(o, "exceptions", x);
    struct json_object *au = json_object_new_object();
    const struct audit_state *a = &r->audit;
    json_object_object_add(au, "intact", json_object_new_boolean(!audit_state_bad(a)));
    json_object_object_add(au, "broken_at", a->broken ? json_object_new_int64(a->bad_id) : NULL);
    json_object_object_add(au, "rows_checked", json_object_new_int64(a->rows));
    json_object_object_add(au, "every_row", json_object_new_boolean(a->full));
    struct json_object *head = NULL;
    if (a->head_id) {
        head = json_object_new_object();
        json_object_object_add(head, "id", json_object_new_int64(a->head_id));
        json_object_object_add(head, "hash", json_object_new_string(a->head_hash));
    }
    json_object_object_add(au, "head", head);
    json_object_object_add(au, "last_row", json_object_new_int64(a->tail_id));
    json_object_object_add(au, "head_matches_last_row", json_object_new_boolean(!a->head_moved));
    json_object_object_add(au, "trigger_problems", json_object_new_int(a->trigger_problems));
    json_object_object_add(o, "audit", au);
    /* money by currency, the shop's first: never summed across */
    struct json_object *curs = json_object_new_array();
    for (int i = -1; i < r->nothers; i++) {
        struct json_object *c = json_object_new_object();
        json_object_object_add(c, "currency", json_object_new_string(i < 0 ? set->currency->code
                                                                           : r->others[i].currency));
        json_object_object_add(c, "paid_orders",
                               json_object_new_int64(i < 0 ? d->paid_orders - others_orders(r)
                                                           : r->others[i].paid_orders));
        json_object_object_add(c, "revenue",
                               json_object_new_int64(i < 0 ? d->revenue : r->others[i].revenue));
        json_object_object_add(c, "refunded",
                               json_object_new_int64(i < 0 ? d->refunded : r->others[i].refunded));
        json_object_array_add(curs, c);
    }
    json_object_object_add(o, "currencies", curs);
    figures_json(o, d);
    /* the parts that are not day-to-day figures */
    struct json_object *bands = json_object_new_array();
    for (int i = 0; i < SHIP_BANDS; i++)
        json_object_array_add(bands, json_object_new_int64(d->band[i]));
    json_object_object_add(section(o, "shipping"), "bands", bands);
    struct json_object *limits = json_object_new_array();
    for (int i = 0; i < SHIP_BANDS - 1; i++)
        json_object_array_add(limits, json_object_new_int(r->ship_bands[i]));
    json_object_object_add(section(o, "shipping"), "band_limits_minutes", limits);
    json_object_object_add(section(o, "refunds"), "sla_minutes",
                           json_object_new_int(r->sla_minutes));
    struct json_object *weak = json_object_new_array();
    for (int i = 0; i < r->nweakest; i++) {
        struct json_object *c = json_object_new_object();
        json_object_object_add(c, "criterion", json_object_new_string(r->weakest[i].criterion));
        json_object_object_add(c, "section", json_object_new_string(r->weakest[i].section));
        json_object_object_add(c, "percent",
                               json_object_new_double((double)r->weakest[i].percent / 100.0));
        json_object_array_add(weak, c);
    }
    json_object_object_add(section(o, "mystery"), "weakest_criteria", weak);
    struct json_object *dist = json_object_new_object();
    for (int i = 0; i < 5; i++) {
        char k[2] = {(char)('1' + i), 0};
        json_object_object_add(dist, k, json_object_new_int64(d->rating_dist[i]));
    }
    json_object_object_add(section(o, "ratings"), "distribution", dist);
    struct json_object *low = json_object_new_array();
    for (int i = 0; i < r->nratings; i++) {
        const struct review_rating *g = &r->ratings[i];
        struct json_object *c = json_object_new_object();
        char t[32];
        time_format_iso(g->rated_at, t);
        json_object_object_add(c, "rating", json_object_new_int(g->rating));
        json_object_object_add(c, "platform", json_object_new_string(g->platform));
        json_object_object_add(c, "number", json_object_new_string(g->number));
        json_object_object_add(c, "comment", json_object_new_string(g->comment));
        json_object_object_add(c, "rated_at", json_object_new_string(t));
        json_object_object_add(c, "replied", json_object_new_boolean(g->replied));
        json_object_array_add(low, c);
    }
    json_object_object_add(section(o, "ratings"), "comments", low);
    struct json_object *acts = json_object_new_array();
    for (int i = 0; i < r->nactions; i++) {
        struct json_object *c = json_object_new_object();
        json_object_object_add(c, "text", json_object_new_string(r->actions[i].text));
        json_object_object_add(c, "owner", json_object_new_string(r->actions[i].owner));
        json_object_object_add(c, "due", json_object_new_string(r->actions[i].due));
        json_object_array_add(acts, c);
    }
    json_object_object_add(section(o, "mystery"), "actions_overdue", acts);
    static const struct review_figure pct = {"", "", "", REVIEW_PERCENT, true, NULL},
                                      ms = {"", "", "", REVIEW_MILLIS, false, NULL};
    struct json_object *agents = json_object_new_array();
    for (int i = 0; i < r->nagents; i++) {
        const struct review_agent *ag = &r->agents[i];
        struct json_object *c = json_object_new_object();
        json_object_object_add(c, "account", json_object_new_string(ag->account));
        json_object_object_add(c, "login", ag->login[0] ? json_object_new_string(ag->login) : NULL);
        json_object_object_add(c, "consultations", json_object_new_int64(ag->day.consultations));
        json_object_object_add(c, "inquiries", json_object_new_int64(ag->day.inquiries));
        json_object_object_add(c, "orders", json_object_new_int64(ag->day.orders));
        json_object_object_add(c, "inquiry_conversion_percent",
                               json_value(&pct, chat_conversion(&ag->day)));
        json_object_object_add(c, "inquiry_conversion_percent_median_7d",
                               json_value(&pct, ag->conversion_med7));
        json_object_object_add(c, "first_response_seconds",
                               json_value(&ms, chat_first_response(&ag->day)));
        json_object_object_add(c, "first_response_seconds_median_7d",
                               json_value(&ms, ag->first_response_med7));
        json_object_object_add(c, "average_response_seconds",
                               json_value(&ms, chat_avg_response(&ag->day)));
        json_object_object_add(c, "satisfaction_percent",
                               json_value(&pct, chat_satisfaction(&ag->day)));
        json_object_array_add(agents, c);
    }
    json_object_object_add(section(o, "chat"), "agents", agents);
    struct json_object *svc = section(o, "service");
    for (int l = 0; l < SERVICE_LINES; l++) {
        struct json_object *c = json_object_new_object();
        int64_t v = review_service_line(d, (enum service_line)l);
        json_object_object_add(c, "score",
                               v < 0 ? NULL : json_object_new_double((double)v / 100.0));
        char how[256];
        json_object_object_add(
            c, "how",
            json_object_new_string(review_line_how(r, (enum service_line)l, how, sizeof how)));
        json_object_object_add(svc, review_line_key((enum service_line)l), c);
    }
    struct json_object *prev = json_object_new_object(), *med = json_object_new_object();
    figures_json(prev, &r->days[REVIEW_DAYS - 2]);
    for (size_t i = 0; i < review_figure_count; i++) {
        const struct review_figure *f = &review_figures[i];
        json_object_object_add(section(med, f->section), f->name,
                               json_value(f, review_median7(r, f)));
    }
    json_object_object_add(o, "previous_day", prev);
    json_object_object_add(o, "median_7d", med);
    struct json_object *trend = json_object_new_array();
    for (int i = 0; i < REVIEW_DAYS; i++) {
        struct json_object *t = json_object_new_object();
        char td[11];
        date_format(r->days[i].date, td);
        json_object_object_add(t, "date", json_object_new_string(td));
        figures_json(t, &r->days[i]);
        json_object_array_add(trend, t);
    }
    json_object_object_add(o, "trend", trend);
    struct json_object *so = NULL;
    if (r->signed_off) {
        char t[32];
        time_format_iso(r->signoff.at, t);
        so = json_object_new_object();
        json_object_object_add(so, "by", json_object_new_string(r->signoff.login));
        json_object_object_add(so, "at", json_object_new_string(t));
        json_object_object_add(so, "note", json_object_new_string(r->signoff.note));
    }
    json_object_object_add(o, "signed_off", so);
    puts(json_object_to_json_string_ext(o,
                                        JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

/* ---- CSV: one row per figure ----------------------------------------------------------------- */

static void csv_row(const char *const cells[6])
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 6; i++) {
        if (i)
            csv_sep(&sb);
        csv_put(&sb, cells[i], true);
    }
    csv_eol(&sb);
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
}

static void csv_number(const struct review_figure *f, int64_t v, char *buf, size_t n)
{
    buf[0] = '\0';
    if (v < 0 && f->unit != REVIEW_MONEY)
        return;
    if (f->unit == REVIEW_SECONDS)
        snprintf(buf, n, "%.1f", (double)((v * 10 + 30) / 60) / 10.0);
    else if (f->unit == REVIEW_MILLIS)
        snprintf(buf, n, "%.1f", (double)((v + 50) / 100) / 10.0);
    else if (f->unit == REVIEW_PERCENT || f->unit == REVIEW_RATING || f->unit == REVIEW_SCORE)
        hundredths_text(v, "", buf, n);
    else
        snprintf(buf, n, "%lld", (long long)v);
}

static void print_csv(const struct review *r)
{
    char day[11];
    date_format(r->date, day);
    const char *head[6] = {"date", "key", "label", "value", "previous_day", "median_7d"};
    csv_row(head);
    if (audit_state_bad(&r->audit)) {
        char v[32];
        snprintf(v, sizeof v, "%lld", (long long)r->audit.bad_id);
        const char *cells[6] = {day, "audit.broken_at", review_audit_alarm(r, 0), v, "", ""};
        csv_row(cells);
    }
    if (r->audit.head_id) {
        char v[96];
        snprintf(v, sizeof v, "%lld:%s", (long long)r->audit.head_id, r->audit.head_hash);
        const char *cells[6] = {day, "audit.head", _("Audit log head"), v, "", ""};
        csv_row(cells);
    }
    struct review_exception_row x[REVIEW_EXCEPTIONS];
    int nx = review_exception_rows(r, x);
    for (int i = 0; i < nx; i++) {
        char key[64], v[32];
        snprintf(key, sizeof key, "exceptions.%s", x[i].key);
        snprintf(v, sizeof v, "%lld", (long long)x[i].value);
        const char *cells[6] = {day, key, x[i].label, v, "", ""};
        csv_row(cells);
    }
    for (int i = 0; i < r->nothers; i++) {
        const struct review_money *o = &r->others[i];
        char key[64], v[32], label[96];
        snprintf(key, sizeof key, "currencies.%s.revenue", o->currency);
        snprintf(v, sizeof v, "%lld", (long long)o->revenue);
        snprintf(label, sizeof label, _("Revenue in %s"), o->currency);
        const char *cells[6] = {day, key, label, v, "", ""};
        csv_row(cells);
        snprintf(key, sizeof key, "currencies.%s.refunded", o->currency);
        snprintf(v, sizeof v, "%lld", (long long)o->refunded);
        snprintf(label, sizeof label, _("Refunded in %s"), o->currency);
        const char *cells2[6] = {day, key, label, v, "", ""};
        csv_row(cells2);
    }
    for (size_t i = 0; i < review_figure_count; i++) {
        const struct review_figure *f = &review_figures[i];
        char key[96], v[32], p[32], m[32];
        snprintf(key, sizeof key, "%s.%s", f->section, f->name);
        csv_number(f, f->get(review_day_of(r)), v, sizeof v);
        csv_number(f, review_previous(r, f), p, sizeof p);
        csv_number(f, review_median7(r, f), m, sizeof m);
        const char *cells[6] = {day, key, _(f->label), v, p, m};
        csv_row(cells);
    }
    static const struct review_figure pct = {"", "", "", REVIEW_PERCENT, true, NULL},
                                      ms = {"", "", "", REVIEW_MILLIS, false, NULL};
    for (int i = 0; i < r->nagents; i++) {
        const struct review_agent *a = &r->agents[i];
        char key[160], label[200], v[32], m[32];
        snprintf(key, sizeof key, "chat.agents.%s.inquiry_conversion_percent", a->account);
        /* L10N: a CSV row's label: an agent's inquiry conversion; %s the account */
        snprintf(label, sizeof label, _("Inquiry conversion of %s"), a->account);
        csv_number(&pct, chat_conversion(&a->day), v, sizeof v);
        csv_number(&pct, a->conversion_med7, m, sizeof m);
        const char *c1[6] = {day, key, label, v, "", m};
        csv_row(c1);
        snprintf(key, sizeof key, "chat.agents.%s.first_response_seconds", a->account);
        /* L10N: a CSV row's label: an agent's first response; %s the account */
        snprintf(label, sizeof label, _("First response of %s"), a->account);
        csv_number(&ms, chat_first_response(&a->day), v, sizeof v);
        csv_number(&ms, a->first_response_med7, m, sizeof m);
        const char *c2[6] = {day, key, label, v, "", m};
        csv_row(c2);
    }
}

/* ---- text and Markdown ------------------------------------------------------------------ */

/* s in exactly w columns (by display width), then the rest of the line as is */
static void pad(const char *s, int w, bool right)
{
    struct strbuf sb = STRBUF_INIT;
    width_fit(&sb, s, w, right ? WIDTH_RIGHT : WIDTH_LEFT);
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
}

static void print_text(const struct review *r, const struct settings *set, bool md)
{
    const struct review_day *d = review_day_of(r);
    const struct currency *cur = set->currency;
    char day[11];
    date_format(r->date, day);
    /* L10N: the daily review's title: shop name and date */
    printf(md ? "# " : "");
    printf(_("Daily review: %s, %s"), set->name ? set->name : "", day);
    putchar('\n');
    if (r->today) {
        char t[32];
        time_format_local(r->asof, t);
        /* L10N: under the review's title when the day is today; %s is the local time */
        printf(_("The day is not over: its figures so far, what needs action as at %s."), t);
        putchar('\n');
    }
    if (r->signed_off) {
        char t[32];
        time_format_local(r->signoff.at, t);
        /* L10N: who signed the review off and when */
        printf(_("Signed off by %s at %s"), r->signoff.login, t);
        if (r->signoff.note[0])
            printf(" \xe2\x80\x94 %s", r->signoff.note);
        putchar('\n');
    }
    putchar('\n');

    if (audit_state_bad(&r->audit)) {
        printf(md ? "**%s**\n" : "!! %s\n", review_audit_alarm(r, 0));
        printf(md ? "**%s**\n\n" : "!! %s\n\n", review_audit_alarm(r, 1));
    }
    printf("%s%s\n", md ? "## " : "", _("Needs action"));
    struct review_exception_row x[REVIEW_EXCEPTIONS];
    int nx = review_exception_rows(r, x), shown = 0;
    for (int i = 0; i < nx; i++) {
        if (!x[i].value)
            continue;
        shown++;
        if (md) {
            printf("- %s: **%lld**\n", x[i].label, (long long)x[i].value);
        } else {
            fputs("  ", stdout);
            pad(x[i].label, 44, false);
            printf("%6lld\n", (long long)x[i].value);
        }
    }
    if (!shown)
        printf("%s%s\n", md ? "- " : "  ", _("Nothing: every refund paid, every order shipped."));
    for (int i = 0; i < r->nactions; i++) {
        struct strbuf a = STRBUF_INIT, v = STRBUF_INIT;
        sb_addf(&a, "%s (%s, %s)", r->actions[i].text, r->actions[i].owner, r->actions[i].due);
        width_visible(&v, sb_str(&a));
        printf(md ? "  - %s\n" : "    %s\n", sb_str(&v));
        sb_free(&a);
        sb_free(&v);
    }
    putchar('\n');

    /* the figures */
    const char *h_fig = _("Figure"), *h_day = _("The day"), *h_prev = _("vs the day before"),
               *h_med = _("7-day median");
    if (md) {
        printf("## %s\n\n| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", _("Figures"), h_fig, h_day,
               h_prev, h_med);
    } else {
        printf("%s\n  ", _("Figures"));
        pad(h_fig, 28, false); /* 76 columns in all: an 80-column terminal */
        pad(h_day, 13, true);
        pad(h_prev, 19, true);
        pad(h_med, 14, true);
        putchar('\n');
    }
    for (size_t i = 0; i < review_figure_count; i++) {
        const struct review_figure *f = &review_figures[i];
        char v[64], c[64], m[64];
        int64_t now = f->get(d);
        review_value_text(f, now, cur, v, sizeof v);
        review_change_text(f, now, review_previous(r, f), cur, c, sizeof c);
        review_value_text(f, review_median7(r, f), cur, m, sizeof m);
        if (md) {
            printf("| %s | %s | %s | %s |\n", _(f->label), v, c, m);
        } else {
            fputs("  ", stdout);
            pad(_(f->label), 28, false);
            pad(v, 13, true);
            pad(c, 19, true);
            pad(m, 14, true);
            putchar('\n');
        }
    }
    putchar('\n');

    /* money in other currencies: never added to the figures above */
    if (r->nothers) {
        char title[160];
        snprintf(title, sizeof title, _("Other currencies (the figures above are in %s)"),
                 cur->code);
        printf("%s%s\n", md ? "## " : "", title);
        for (int i = 0; i < r->nothers; i++) {
            const struct review_money *o = &r->others[i];
            const struct currency *oc = currency_find(o->currency);
            char rev[48] = "?", ref[48] = "?", line[256];
            if (oc) {
                money_format(o->revenue, oc, MONEY_SYMBOL | MONEY_GROUP, rev, sizeof rev);
                money_format(o->refunded, oc, MONEY_SYMBOL | MONEY_GROUP, ref, sizeof ref);
            }
            /* L10N: a currency's day in the daily review: revenue (paid orders), refunded */
            snprintf(line, sizeof line,
                     P_("%s: revenue %s (%lld paid order), refunded %s",
                        "%s: revenue %s (%lld paid orders), refunded %s", o->paid_orders),
                     o->currency, rev, (long long)o->paid_orders, ref);
            printf(md ? "- %s\n" : "  %s\n", line);
        }
        putchar('\n');
    }

    /* ship-time bands */
    printf("%s%s\n", md ? "## " : "", _("Ship-time bands"));
    for (int i = 0; i < SHIP_BANDS; i++) {
        char label[64];
        if (i < SHIP_BANDS - 1) {
            char lim[32];
            duration_format((int64_t)r->ship_bands[i] * 60, lim);
            snprintf(label, sizeof label, "\xe2\x89\xa4 %s", lim);
        } else {
            snprintf(label, sizeof label, "%s", _("later"));
        }
        char pct[32] = "-";
        int64_t p = review_percent(d->band[i], d->shipped);
        if (p >= 0)
            snprintf(pct, sizeof pct, "%lld%%", (long long)((p + 50) / 100));
        if (md) {
            printf("- %s: %lld (%s)\n", label, (long long)d->band[i], pct);
        } else {
            fputs("  ", stdout);
            pad(label, 12, false);
            printf("%6lld  %s\n", (long long)d->band[i], pct);
        }
    }
    putchar('\n');

    /* ratings */
    printf("%s%s\n", md ? "## " : "", _("Customer ratings"));
    printf(md ? "- " : "  ");
    for (int i = 4; i >= 0; i--)
        printf("%d\xe2\x98\x85 %lld%s", i + 1, (long long)d->rating_dist[i], i ? "  " : "\n");
    for (int i = 0; i < r->nratings; i++) {
        const struct review_rating *g = &r->ratings[i];
        /* a buyer's comment is one line, whatever it holds: never a line of the review */
        struct strbuf c = STRBUF_INIT;
        sb_addf(&c, "%s %s: %s", g->platform, g->number, g->comment[0] ? g->comment : "-");
        struct strbuf v = STRBUF_INIT;
        width_visible(&v, sb_str(&c));
        printf(md ? "- %d\xe2\x98\x85 %s%s\n" : "  %d\xe2\x98\x85 %s%s\n", g->rating, sb_str(&v),
               g->rating <= 2 && !g->replied ? _(" (no reply yet)") : "");
        sb_free(&c);
        sb_free(&v);
    }
    putchar('\n');

    /* mystery */
    if (r->nweakest) {
        printf("%s%s\n", md ? "## " : "", _("Weakest criteria"));
        for (int i = 0; i < r->nweakest; i++) {
            char p[24];
            printf(md ? "- %s (%s): %s\n" : "  %s (%s): %s\n", r->weakest[i].criterion,
                   r->weakest[i].section, hundredths_text(r->weakest[i].percent, "%", p, sizeof p));
        }
        putchar('\n');
    }

    /* chat service, agent by agent */
    if (r->nagents) {
        printf("%s%s\n", md ? "## " : "", _("Chat service by agent"));
        for (int i = 0; i < r->nagents; i++) {
            char who[256], vs[256];
            review_agent_text(&r->agents[i], 0, who, sizeof who);
            review_agent_text(&r->agents[i], 1, vs, sizeof vs);
            struct strbuf v = STRBUF_INIT;
            width_visible(&v, who); /* an account is the platform's text: one line */
            printf(md ? "- %s  \n  %s\n" : "  %s\n      %s\n", sb_str(&v), vs);
            sb_free(&v);
        }
        putchar('\n');
    }

    /* service score */
    printf("%s%s\n", md ? "## " : "", _("Service score"));
    for (int l = 0; l < SERVICE_LINES; l++) {
        int64_t v = review_service_line(d, (enum service_line)l);
        char t[32] = "-";
        if (v >= 0)
            hundredths_text(v, "", t, sizeof t);
        char how[256];
        review_line_how(r, (enum service_line)l, how, sizeof how);
        if (md) {
            printf("- %s: %s (%s)\n", review_line_label((enum service_line)l), t, how);
        } else {
            fputs("  ", stdout);
            pad(review_line_label((enum service_line)l), 16, false);
            pad(t, 8, true);
            printf("\n      %s\n", how); /* under it: 80 columns hold it */
        }
    }

    /* the head, for the owner's mailbox: check --head ID:HASH compares the log with it */
    if (r->audit.head_id) {
        putchar('\n');
        printf("%s%s\n", md ? "## " : "", _("Audit log head"));
        printf(md ? "- `%lld:%s`\n" : "  %lld:%s\n", (long long)r->audit.head_id,
               r->audit.head_hash);
        printf(md ? "- %s\n" : "  %s\n",
               _("Keep this line: `shopdesk check --head` with it finds any rewrite of the log "
                 "up to here."));
    }
}

/* ---- the command ------------------------------------------------------------------------- */

int cmd_review(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, OPT_FORMAT}, /* before the common one: markdown */
        CLI_COMMON_OPTIONS,
        {"date", required_argument, NULL, OPT_DATE},
        {"sign-off", no_argument, NULL, OPT_SIGN_OFF},
        {"note", required_argument, NULL, OPT_NOTE},
        {NULL, 0, NULL, 0},
    };
    const char *date_text = NULL, *note = NULL, *arg;
    enum review_format format = RF_TEXT;
    bool sign = false;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_FORMAT:
            if (!strcmp(arg, "text"))
                format = RF_TEXT;
            else if (!strcmp(arg, "markdown") || !strcmp(arg, "md"))
                format = RF_MARKDOWN;
            else if (!strcmp(arg, "csv"))
                format = RF_CSV;
            else if (!strcmp(arg, "json"))
                format = RF_JSON;
            else
                return cli_usage_error(c->cmd,
                                       _("unknown format '%s' (text, markdown, csv or json)"), arg);
            safe_out_raw(format == RF_CSV || format == RF_JSON);
            break;
        case OPT_DATE:
            date_text = arg;
            break;
        case OPT_SIGN_OFF:
            sign = true;
            break;
        case OPT_NOTE:
            note = arg;
            break;
        case CLI_OPT_HELP:
            usage();
            return 0;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    if (ex)
        return ex;
    if (optind < argc)
        return cli_usage_error(c->cmd, _("'%s' takes no arguments"), "review");
    if (note && !sign)
        return cli_usage_error(c->cmd, _("--note goes with --sign-off"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    struct sd_date date = date_add(date_of(clock_now()), -1);
    if (date_text && !strcmp(date_text, "today"))
        date = date_of(clock_now());
    else if (date_text && strcmp(date_text, "yesterday") && date_parse(date_text, &date, &err)) {
        session_close(&s);
        return cli_usage_error(c->cmd, "%s", err.msg);
    }
    int rc;
    if (sign) {
        rc = review_sign_off(&s, date, note, &err);
        if (!rc) {
            char day[11];
            date_format(date, day);
            printf(_("The review of %s is signed off.\n"), day);
        }
    } else {
        struct review *r = xmalloc(sizeof *r);
        rc = review_build(&s, date, r, &err);
        if (!rc) {
            if (format == RF_JSON)
                print_json(r, &s.set);
            else if (format == RF_CSV)
                print_csv(r);
            else
                print_text(r, &s.set, format == RF_MARKDOWN);
        }
        free(r);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
