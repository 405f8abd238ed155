/* The Review screen: the owner's daily review of one shop day (yesterday when it opens).
 * What needs action comes first, then every figure against the day before and the 7-day
 * median with its 14 days as a small bar chart; Enter on a figure draws its 14 days in full.
 * [ and ] move a day, d goes to a date, S signs the review off. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/review.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "tui/detail_view.h"
#include "tui/dispute_view.h"
#include "tui/performance_view.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/screens.h"
#include "tui/stock_view.h"
#include "util/i18n.h"
#include "util/decimal.h"
#include "util/spark.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The screen is a list of lines of these kinds; i says which exception, figure, band... */
enum line_kind {
    L_BLANK,
    L_AUDIT,     /* i: 0, 1: the audit log's chain is broken (first, when it is) */
    L_NEEDS,     /* heading: needs action */
    L_EXCEPTION, /* i: index into the exception rows */
    L_NOTHING,   /* nothing needs action */
    L_ACTION,    /* i: an overdue mystery action item */
    L_FIGURES,   /* the column headings of the figures */
    L_FIGURE,    /* i: index into review_figures */
    L_BANDS,     /* heading */
    L_BAND,      /* i: ship-time band */
    L_RATINGS,   /* heading */
    L_STARS,     /* i: 4 for 5 stars ... 0 for 1 star */
    L_COMMENT,   /* i: one of the day's ratings, lowest first */
    L_WEAKEST,   /* heading */
    L_CRITERION, /* i */
    L_SERVICE,   /* heading */
    L_LINE,      /* i: a service line, its score */
    L_HOW,       /* i: how that line is computed */
    L_HEADING_HEAD, /* heading: the audit log's head */
    L_CURRENCIES, /* heading: money in other currencies than the shop's */
    L_CURRENCY,  /* i: one of them */
    L_HEAD,      /* the head, to keep (check --head compares the log with it) */
    L_AGENTS,    /* heading: chat service by agent */
    L_AGENT,     /* i: one agent's day */
    L_AGENT_VS,  /* i: ...against their 7 days before */
};

struct rline {
    int idx;
    enum line_kind kind;
    int i;
};

struct review_screen {
    struct ui *ui;
    struct sd_date date;
    struct review *r;
    bool loaded;
    /* Built when shown, not when opened or when others change something while another
     * screen is up: a review of a big shop takes tens of milliseconds, and once a day it
     * walks the whole audit log. */
    bool allowed, stale, shown;
    struct sd_err err;
    struct review_exception_row x[REVIEW_EXCEPTIONS];
    int nx;
    struct rline *lines;
    int nlines, cap;
    struct list list;
};

/* ---- the lines -------------------------------------------------------------------------- */

static void add(struct review_screen *rs, enum line_kind kind, int i)
{
    if (rs->nlines == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->lines = xrealloc(rs->lines, (size_t)rs->cap * sizeof *rs->lines);
    }
    rs->lines[rs->nlines] = (struct rline){rs->nlines, kind, i};
    rs->nlines++;
}

static void build_lines(struct review_screen *rs)
{
    rs->nlines = 0;
    if (!rs->loaded)
        return;
    const struct review *r = rs->r;
    if (audit_state_bad(&r->audit)) {
        add(rs, L_AUDIT, 0);
        add(rs, L_AUDIT, 1);
        add(rs, L_BLANK, 0);
    }
    add(rs, L_NEEDS, 0);
    rs->nx = review_exception_rows(r, rs->x);
    int shown = 0;
    for (int i = 0; i < rs->nx; i++)
        if (rs->x[i].value) {
            add(rs, L_EXCEPTION, i);
            shown++;
        }
    if (!shown)
        add(rs, L_NOTHING, 0);
    for (int i = 0; i < r->nactions; i++)
        add(rs, L_ACTION, i);
    add(rs, L_BLANK, 0);
    add(rs, L_FIGURES, 0);
    for (size_t i = 0; i < review_figure_count; i++)
        add(rs, L_FIGURE, (int)i);
    if (r->nothers) {
        add(rs, L_BLANK, 0);
        add(rs, L_CURRENCIES, 0);
        for (int i = 0; i < r->nothers; i++)
            add(rs, L_CURRENCY, i);
    }
    add(rs, L_BLANK, 0);
    add(rs, L_BANDS, 0);
    for (int i = 0; i < SHIP_BANDS; i++)
        add(rs, L_BAND, i);
    add(rs, L_BLANK, 0);
    add(rs, L_RATINGS, 0);
    for (int i = 4; i >= 0; i--)
        add(rs, L_STARS, i);
    for (int i = 0; i < r->nratings; i++)
        add(rs, L_COMMENT, i);
    if (r->nweakest) {
        add(rs, L_BLANK, 0);
        add(rs, L_WEAKEST, 0);
        for (int i = 0; i < r->nweakest; i++)
            add(rs, L_CRITERION, i);
    }
    if (r->nagents) {
        add(rs, L_BLANK, 0);
        add(rs, L_AGENTS, 0);
        for (int i = 0; i < r->nagents; i++) {
            add(rs, L_AGENT, i);
            add(rs, L_AGENT_VS, i);
        }
    }
    add(rs, L_BLANK, 0);
    add(rs, L_SERVICE, 0);
    for (int l = 0; l < SERVICE_LINES; l++) {
        add(rs, L_LINE, l);
        add(rs, L_HOW, l);
    }
    if (r->audit.head_id) {
        add(rs, L_BLANK, 0);
        add(rs, L_HEADING_HEAD, 0);
        add(rs, L_HEAD, 0);
    }
}

/* The list pages through the lines in memory. */
static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    (void)err;
    struct review_screen *rs = ctx;
    int at;
    if (!from)
        at = forward ? 0 : rs->nlines - 1;
    else
        at = ((const struct rline *)from)->idx + (inclusive ? 0 : forward ? 1 : -1);
    int k = 0;
    struct rline *o = out;
    while (k < n && at >= 0 && at < rs->nlines) {
        o[k++] = rs->lines[at];
        at += forward ? 1 : -1;
    }
    return k;
}

static long long line_id(const void *row)
{
    return ((const struct rline *)row)->idx;
}

/* Blank lines and headings are passed over by j and k. */
static bool line_selectable(void *ctx, const void *row)
{
    (void)ctx;
    switch (((const struct rline *)row)->kind) {
    case L_BLANK:
    case L_NEEDS:
    case L_FIGURES:
    case L_BANDS:
    case L_RATINGS:
    case L_WEAKEST:
    case L_SERVICE:
    case L_HEADING_HEAD:
    case L_CURRENCIES:
    case L_AGENTS:
        return false;
    default:
        return true;
    }
}

static const struct list_source source = {sizeof(struct rline), fetch, NULL, line_id,
                                          line_selectable};

static void load(struct review_screen *rs)
{
    sd_err_clear(&rs->err);
    ui_busy_begin(rs->ui, _("Building the review..."));
    rs->loaded = review_build(ui_session(rs->ui), rs->date, rs->r, &rs->err) == SD_OK;
    ui_busy_end(rs->ui);
    build_lines(rs);
}

static void *open_screen(struct ui *ui)
{
    struct review_screen *rs = xcalloc(1, sizeof *rs);
    rs->ui = ui;
    rs->r = xcalloc(1, sizeof *rs->r);
    rs->date = date_add(date_of(clock_now()), -1); /* the owner reads yesterday */
    list_init(&rs->list, &source, rs);
    rs->allowed = perm_allowed(ui_session(ui)->roles, SD_PERM_REVIEW_READ);
    rs->stale = rs->allowed;
    return rs;
}

static void close_screen(void *state)
{
    struct review_screen *rs = state;
    list_free(&rs->list);
    free(rs->lines);
    free(rs->r);
    free(rs);
}

static void reload(struct ui *ui, void *state)
{
    (void)ui;
    struct review_screen *rs = state;
    rs->stale = rs->allowed; /* built again when next drawn */
}

/* Another day: from the top of its review. */
static void show_date(struct review_screen *rs, struct sd_date d)
{
    rs->date = d;
    rs->stale = false;
    rs->shown = true;
    load(rs);
    list_load(&rs->list);
}

static struct list *get_list(void *state)
{
    return &((struct review_screen *)state)->list;
}

/* ---- drawing ---------------------------------------------------------------------------- */

/* The columns of a figure line: label, the day, the change, the median, 14 days. */
enum { W_VALUE = 12, W_SPARK = REVIEW_DAYS };

static int label_width(void)
{
    int w = COLS - 1 - 3 * (W_VALUE + 1) - (W_SPARK + 1) - 1;
    return w < 10 ? 10 : w > 36 ? 36 : w;
}

static int64_t figure_value(const struct review_figure *f, const struct review_day *d)
{
    int64_t v = f->get(d);
    /* money has no "no data": a net reversal shows as nothing in the chart */
    return f->unit == REVIEW_MONEY && v < 0 ? 0 : v;
}

static void draw_figure(struct review_screen *rs, int y, int x, const struct review_figure *f,
                        enum theme_slot base, bool sel)
{
    const struct review *r = rs->r;
    const struct currency *cur = ui_session(rs->ui)->set.currency;
    int64_t now = f->get(review_day_of(r)), prev = review_previous(r, f);
    char v[64], c[64], m[64];
    review_value_text(f, now, cur, v, sizeof v);
    review_change_text(f, now, prev, cur, c, sizeof c);
    review_value_text(f, review_median7(r, f), cur, m, sizeof m);
    enum theme_slot cs = base;
    bool data = f->unit == REVIEW_MONEY || (now >= 0 && prev >= 0);
    if (!sel && data && now != prev)
        cs = (now > prev) == f->higher_is_better ? SLOT_OK : SLOT_WARNING;
    int lw = label_width();
    draw_text(y, x, lw, base, _(f->label), WIDTH_LEFT);
    x += lw + 1;
    draw_text(y, x, W_VALUE,
              sel                       ? base
              : f->unit == REVIEW_MONEY ? SLOT_MONEY_IN
                                        : base,
              v, WIDTH_RIGHT);
    x += W_VALUE + 1;
    draw_text(y, x, W_VALUE, cs, c, WIDTH_RIGHT);
    x += W_VALUE + 1;
    draw_text(y, x, W_VALUE, base, m, WIDTH_RIGHT);
    x += W_VALUE + 2;
    int64_t v14[REVIEW_DAYS];
    for (int d = 0; d < REVIEW_DAYS; d++)
        v14[d] = figure_value(f, &r->days[d]);
    struct strbuf sb = STRBUF_INIT;
    spark_append(&sb, v14, REVIEW_DAYS, 0);
    draw_text(y, x, W_SPARK, sel ? base : SLOT_BAR, sb_str(&sb), WIDTH_LEFT);
    sb_free(&sb);
}

static void draw_line(struct review_screen *rs, int y, const struct rline *l, bool sel)
{
    const struct review *r = rs->r;
    const struct review_day *d = review_day_of(r);
    enum theme_slot base = sel ? SLOT_SELECTED : SLOT_NORMAL;
    draw_fill(y, 0, COLS, base);
    char a[160], b[64];
    int x = 1, w = COLS - 2;
    switch (l->kind) {
    case L_BLANK:
        break;
    case L_AUDIT:
        draw_text(y, x, w, sel ? base : SLOT_OVERDUE, review_audit_alarm(r, l->i), WIDTH_LEFT);
        break;
    case L_NEEDS:
        draw_text(y, x, w, sel ? base : SLOT_HEADING, _("Needs action"), WIDTH_LEFT);
        break;
    case L_CURRENCIES: {
        char title[160];
        snprintf(title, sizeof title, _("Other currencies (the figures above are in %s)"),
                 ui_session(rs->ui)->set.currency->code);
        draw_text(y, x, w, sel ? base : SLOT_HEADING, title, WIDTH_LEFT);
        break;
    }
    case L_CURRENCY: {
        const struct review_money *o = &r->others[l->i];
        const struct currency *oc = currency_find(o->currency);
        char rev[48] = "?", ref[48] = "?", line[256];
        if (oc) {
            money_format(o->revenue, oc, MONEY_SYMBOL | MONEY_GROUP, rev, sizeof rev);
            money_format(o->refunded, oc, MONEY_SYMBOL | MONEY_GROUP, ref, sizeof ref);
        }
        snprintf(line, sizeof line,
                 P_("%s: revenue %s (%lld paid order), refunded %s",
                    "%s: revenue %s (%lld paid orders), refunded %s", o->paid_orders),
                 o->currency, rev, (long long)o->paid_orders, ref);
        draw_text(y, x + 2, w - 2, base, line, WIDTH_LEFT);
        break;
    }
    case L_HEADING_HEAD:
        draw_text(y, x, w, sel ? base : SLOT_HEADING, _("Audit log head"), WIDTH_LEFT);
        break;
    case L_HEAD: {
        char head[96];
        snprintf(head, sizeof head, "%lld:%s", (long long)r->audit.head_id, r->audit.head_hash);
        draw_text(y, x + 2, w - 2, base, head, WIDTH_LEFT);
        break;
    }
    case L_EXCEPTION: {
        const struct review_exception_row *e = &rs->x[l->i];
        enum theme_slot s = sel ? base : SLOT_OVERDUE;
        draw_text(y, x + 2, 44, s, e->label, WIDTH_LEFT);
        snprintf(b, sizeof b, "%lld", (long long)e->value);
        draw_text(y, x + 47, 8, s, b, WIDTH_RIGHT);
        break;
    }
    case L_NOTHING:
        draw_text(y, x + 2, w - 2, sel ? base : SLOT_OK,
                  _("Nothing: every refund paid, every order shipped."), WIDTH_LEFT);
        break;
    case L_ACTION: {
        const struct review_action *ac = &r->actions[l->i];
        snprintf(a, sizeof a, "%s (%s, %s)", ac->text, ac->owner, ac->due);
        draw_text(y, x + 4, w - 4, sel ? base : SLOT_WARNING, a, WIDTH_LEFT);
        break;
    }
    case L_FIGURES: {
        enum theme_slot s = SLOT_COLUMN;
        draw_fill(y, 0, COLS, s);
        int lw = label_width();
        draw_text(y, x, lw, s, _("Figure"), WIDTH_LEFT);
        x += lw + 1;
        draw_text(y, x, W_VALUE, s, _("The day"), WIDTH_RIGHT);
        x += W_VALUE + 1;
        /* L10N: column heading on the Review screen: the change against the day before;
         * 12 columns at most */
        draw_text(y, x, W_VALUE, s, _("vs prev. day"), WIDTH_RIGHT);
        x += W_VALUE + 1;
        draw_text(y, x, W_VALUE, s, _("7-day median"), WIDTH_RIGHT);
        x += W_VALUE + 2;
        /* L10N: column heading over the 14-day bar charts; 14 columns at most */
        draw_text(y, x, W_SPARK, s, _("14 days"), WIDTH_LEFT);
        break;
    }
    case L_FIGURE:
        draw_figure(rs, y, x, &review_figures[l->i], base, sel);
        break;
    case L_BANDS:
        draw_text(y, x, w, sel ? base : SLOT_HEADING, _("Ship-time bands"), WIDTH_LEFT);
        break;
    case L_BAND: {
        if (l->i < SHIP_BANDS - 1) {
            char lim[32];
            duration_format((int64_t)r->ship_bands[l->i] * 60, lim);
            snprintf(a, sizeof a, "\xe2\x89\xa4 %s", lim);
        } else {
            snprintf(a, sizeof a, "%s", _("later"));
        }
        draw_text(y, x + 2, 12, base, a, WIDTH_LEFT);
        snprintf(b, sizeof b, "%lld", (long long)d->band[l->i]);
        draw_text(y, x + 15, 8, base, b, WIDTH_RIGHT);
        int64_t p = review_percent(d->band[l->i], d->shipped);
        snprintf(b, sizeof b, p < 0 ? "-" : "%lld%%", (long long)((p + 50) / 100));
        draw_text(y, x + 24, 5, base, b, WIDTH_RIGHT);
        if (p > 0 && COLS > 40)
            draw_bar(y, x + 31, COLS - 33 < 40 ? COLS - 33 : 40, (double)p / 10000.0,
                     sel ? base : SLOT_BAR);
        break;
    }
    case L_RATINGS: {
        int64_t avg = review_rating_average(d);
        if (avg < 0)
            snprintf(a, sizeof a, "%s", _("Customer ratings"));
        else
            /* L10N: heading on the Review screen: the day's average rating */
            snprintf(a, sizeof a, _("Customer ratings (average %s)"),
                     hundredths_text(avg, "", b, sizeof b));
        draw_text(y, x, w, sel ? base : SLOT_HEADING, a, WIDTH_LEFT);
        break;
    }
    case L_STARS: {
        snprintf(a, sizeof a, "%d\xe2\x98\x85", l->i + 1);
        enum theme_slot s = !sel && l->i < 2 && d->rating_dist[l->i] ? SLOT_WARNING : base;
        draw_text(y, x + 2, 4, s, a, WIDTH_LEFT);
        snprintf(b, sizeof b, "%lld", (long long)d->rating_dist[l->i]);
        draw_text(y, x + 7, 6, s, b, WIDTH_RIGHT);
        if (d->ratings > 0 && d->rating_dist[l->i] && COLS > 30)
            draw_bar(y, x + 15, COLS - 17 < 30 ? COLS - 17 : 30,
                     (double)d->rating_dist[l->i] / (double)d->ratings, sel ? base : SLOT_BAR);
        break;
    }
    case L_COMMENT: {
        const struct review_rating *g = &r->ratings[l->i];
        bool open = g->rating <= 2 && !g->replied;
        snprintf(a, sizeof a, "%d\xe2\x98\x85 %s", g->rating, g->number);
        enum theme_slot s = sel ? base : open ? SLOT_OVERDUE : base;
        int used = draw_text_clip(y, x + 2, w - 2, s, a);
        struct strbuf sb = STRBUF_INIT;
        sb_addf(&sb, " %s%s", g->comment[0] ? g->comment : "-", open ? _(" (no reply yet)") : "");
        draw_text(y, x + 2 + used, w - 2 - used, base, sb_str(&sb), WIDTH_LEFT);
        sb_free(&sb);
        break;
    }
    case L_WEAKEST:
        draw_text(y, x, w, sel ? base : SLOT_HEADING, _("Weakest criteria"), WIDTH_LEFT);
        break;
    case L_CRITERION: {
        const struct review_criterion *c = &r->weakest[l->i];
        snprintf(a, sizeof a, "%s (%s)", c->criterion, c->section);
        draw_text(y, x + 2, w - 12, base, a, WIDTH_LEFT);
        draw_text(y, w - 8, 9, base, hundredths_text(c->percent, "%", b, sizeof b), WIDTH_RIGHT);
        break;
    }
    case L_SERVICE: {
        int64_t v = review_service_score(d);
        if (v < 0)
            snprintf(a, sizeof a, "%s", _("Service score"));
        else
            snprintf(a, sizeof a, "%s: %s", _("Service score"),
                     hundredths_text(v, "", b, sizeof b));
        draw_text(y, x, w, sel ? base : SLOT_HEADING, a, WIDTH_LEFT);
        break;
    }
    case L_LINE: {
        int64_t v = review_service_line(d, (enum service_line)l->i);
        draw_text(y, x + 2, 18, base, review_line_label((enum service_line)l->i), WIDTH_LEFT);
        if (v < 0)
            snprintf(b, sizeof b, "-");
        else
            hundredths_text(v, "", b, sizeof b);
        draw_text(y, x + 21, 7, base, b, WIDTH_RIGHT);
        if (v > 0 && COLS > 40)
            draw_bar(y, x + 30, COLS - 32 < 30 ? COLS - 32 : 30, (double)v / 10000.0,
                     sel ? base : SLOT_BAR);
        break;
    }
    case L_HOW: {
        char how[256];
        draw_text(y, x + 4, w - 4, sel ? base : SLOT_DIM,
                  review_line_how(r, (enum service_line)l->i, how, sizeof how), WIDTH_LEFT);
        break;
    }
    case L_AGENTS:
        draw_text(y, x, w, sel ? base : SLOT_HEADING, _("Chat service by agent"), WIDTH_LEFT);
        break;
    case L_AGENT:
    case L_AGENT_VS: {
        char line[512];
        const struct review_agent *ag = &r->agents[l->i];
        review_agent_text(ag, l->kind == L_AGENT ? 0 : 1, line, sizeof line);
        enum theme_slot slot = sel ? base : l->kind == L_AGENT ? base
                                        : review_agent_worse(ag) ? SLOT_WARNING
                                                                 : SLOT_DIM;
        int in = l->kind == L_AGENT ? 2 : 4;
        draw_text(y, x + in, w - in, slot, line, WIDTH_LEFT);
        break;
    }
    }
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct review_screen *rs = state;
    struct session *s = ui_session(ui);
    if (rs->stale) {
        rs->stale = false;
        load(rs);
        if (rs->shown)
            list_reload(&rs->list);
        else
            list_load(&rs->list);
        rs->shown = true;
    }
    char day[11], title[200], right[200] = "";
    date_format(rs->date, day);
    /* L10N: the top line of the Review screen: shop name and date */
    snprintf(title, sizeof title, _("Daily review: %s, %s"), s->set.name ? s->set.name : "", day);
    if (rs->loaded && rs->r->today) {
        char t[32];
        time_format_local(rs->r->asof, t); /* YYYY-MM-DD HH:MM: the time is enough */
        size_t len = strlen(title);
        /* L10N: after the review's title when the day is today: its figures so far */
        snprintf(title + len, sizeof title - len, _(" (so far, at %s)"),
                 strlen(t) > 11 ? t + 11 : t);
    }
    enum theme_slot rslot = SLOT_WARNING;
    if (rs->loaded && rs->r->signed_off) {
        char t[32];
        time_format_local(rs->r->signoff.at, t);
        snprintf(right, sizeof right, _("Signed off by %s at %s"), rs->r->signoff.login, t);
        rslot = SLOT_OK;
    } else if (rs->loaded) {
        snprintf(right, sizeof right, "%s", _("not signed off"));
    }
    draw_fill(top, 0, COLS, SLOT_NORMAL);
    int rw = width_str(right);
    if (rw > COLS / 2)
        rw = COLS / 2;
    draw_text(top, 1, COLS - rw - 3, SLOT_HEADING, title, WIDTH_LEFT);
    if (rw)
        draw_text(top, COLS - rw - 1, rw, rslot, right, WIDTH_RIGHT);
    if (!rs->loaded) {
        draw_text(top + 2, 1, COLS - 2, SLOT_ERROR, rs->err.code ? sd_err_text(&rs->err) : "",
                  WIDTH_LEFT);
        return;
    }
    int body = rows - 1;
    list_set_page(&rs->list, body);
    for (int i = 0; i < body; i++) {
        int idx = rs->list.top + i;
        if (idx >= rs->list.n)
            break;
        draw_line(rs, top + 1 + i, list_row(&rs->list, idx), idx == rs->list.sel);
    }
}

/* ---- actions ---------------------------------------------------------------------------- */

/* Enter on a needs-action row: the queue it counts, on its own screen (the refund queue, the
 * orders waiting to ship, the ratings to answer, the action items), or the list behind it. */
static enum reaction open_exception(struct ui *ui, struct review_screen *rs, const char *key)
{
    if (!strcmp(key, "refunds_overdue") || !strcmp(key, "parcels_left")) {
        refunds_show_queue(ui);
    } else if (!strcmp(key, "unshipped_first")) {
        orders_show_unshipped(ui, rs->r->unshipped_hours[0]);
    } else if (!strcmp(key, "unshipped_second")) {
        orders_show_unshipped(ui, rs->r->unshipped_hours[1]);
    } else if (!strcmp(key, "low_ratings_open")) {
        orders_show_ratings(ui, NULL);
    } else if (!strcmp(key, "actions_overdue")) {
        mystery_show_actions(ui);
    } else if (!strcmp(key, "sheets_disagreed")) {
        performance_view_push(ui); /* the sheets, the disagreed ones among them */
    } else if (!strcmp(key, "disputes_overdue") && rs->r->today &&
               perm_allowed(ui_session(ui)->roles, SD_PERM_DISPUTES)) {
        disputes_view_push(ui); /* today's: the disputes as they stand, to answer */
    } else {
        struct detail d;
        struct sd_err err = {0};
        detail_init(&d);
        if (review_exception_detail(ui_session(ui), rs->date, key, &d, &err)) {
            ui_error(ui, &err);
        } else {
            struct pager *p = pager_new("");
            detail_to_pager(&d, p);
            pager_push(ui, p);
        }
        detail_free(&d);
    }
    return R_REDRAW;
}

/* Enter: on a figure its 14 days as bars, newest at the bottom; on a needs-action row what it
 * counts; on a rating its answer. */
static enum reaction open_chart(struct ui *ui, void *state)
{
    struct review_screen *rs = state;
    const struct rline *l = list_selected(&rs->list);
    if (l->kind == L_EXCEPTION)
        return open_exception(ui, rs, rs->x[l->i].key);
    if (l->kind == L_ACTION) {
        mystery_show_actions(ui);
        return R_REDRAW;
    }
    if (l->kind == L_COMMENT) {
        const struct review_rating *g = &rs->r->ratings[l->i];
        if (g->replied)
            ui_message(ui, SLOT_INFO, _("The rating of %s has a reply already."), g->number);
        else
            orders_show_ratings(ui, g->number);
        return R_REDRAW;
    }
    if (l->kind != L_FIGURE) {
        ui_message(ui, SLOT_INFO, "%s",
                   _("Enter opens a figure's 14 days, a needs-action row's list, or a rating"));
        return R_REDRAW;
    }
    const struct review_figure *f = &review_figures[l->i];
    const struct review *r = rs->r;
    const struct currency *cur = ui_session(ui)->set.currency;
    char title[200];
    /* L10N: title of a figure's chart on the Review screen */
    snprintf(title, sizeof title, _("%s: the last 14 days"), _(f->label));
    struct pager *p = pager_new(title);
    int64_t max = 0;
    for (int d = 0; d < REVIEW_DAYS; d++)
        if (figure_value(f, &r->days[d]) > max)
            max = figure_value(f, &r->days[d]);
    int bar = COLS - 34;
    bar = bar < 10 ? 10 : bar > 50 ? 50 : bar;
    for (int d = 0; d < REVIEW_DAYS; d++) {
        char day[11], v[64];
        date_format(r->days[d].date, day);
        int64_t k = f->get(&r->days[d]);
        review_value_text(f, k, cur, v, sizeof v);
        struct strbuf sb = STRBUF_INIT;
        sb_addf(&sb, "  %s  ", day);
        struct strbuf b = STRBUF_INIT;
        draw_bar_text(&b, max > 0 ? (double)figure_value(f, &r->days[d]) / (double)max : 0, bar);
        width_fit(&sb, sb_str(&b), bar, WIDTH_LEFT);
        sb_adds(&sb, "  ");
        width_fit(&sb, v, 14, WIDTH_RIGHT);
        pager_line(p, d == REVIEW_DAYS - 1 ? SLOT_HEADING : SLOT_NORMAL, sb_str(&sb));
        sb_free(&b);
        sb_free(&sb);
    }
    char prev[64], med[64];
    review_value_text(f, review_previous(r, f), cur, prev, sizeof prev);
    review_value_text(f, review_median7(r, f), cur, med, sizeof med);
    pager_line(p, SLOT_NORMAL, "");
    pager_field(p, _("The day before"), SLOT_NORMAL, prev);
    pager_field(p, _("7-day median"), SLOT_NORMAL, med);
    pager_push(ui, p);
    return R_REDRAW;
}

static enum reaction prev_day(struct ui *ui, void *state)
{
    (void)ui;
    struct review_screen *rs = state;
    show_date(rs, date_add(rs->date, -1));
    return R_REDRAW;
}

static enum reaction next_day(struct ui *ui, void *state)
{
    struct review_screen *rs = state;
    struct sd_date next = date_add(rs->date, 1);
    if (date_cmp(next, date_of(clock_now())) > 0) {
        ui_message(ui, SLOT_WARNING, "%s", _("There is no review after today's"));
        return R_REDRAW;
    }
    show_date(rs, next);
    return R_REDRAW;
}

static enum reaction go_date(struct ui *ui, void *state)
{
    struct review_screen *rs = state;
    char day[11];
    date_format(rs->date, day);
    char *text = NULL;
    if (prompt_line(ui, _("Date (YYYY-MM-DD):"), day, &text) != PROMPT_OK)
        return R_REDRAW;
    struct sd_date d;
    struct sd_err err = {0};
    if (date_parse(text, &d, &err)) {
        free(text);
        ui_error(ui, &err);
        return R_REDRAW;
    }
    free(text);
    if (date_cmp(d, date_of(clock_now())) > 0) {
        ui_message(ui, SLOT_WARNING, "%s", _("There is no review after today's"));
        return R_REDRAW;
    }
    show_date(rs, d);
    return R_REDRAW;
}

/* x: the defective returns by SKU, the 12 weeks up to the day shown */
static enum reaction defects(struct ui *ui, void *state)
{
    struct review_screen *rs = state;
    defects_view_push(ui, rs->date);
    return R_REDRAW;
}

static enum reaction sign_off(struct ui *ui, void *state)
{
    struct review_screen *rs = state;
    char day[11], q[160];
    date_format(rs->date, day);
    if (rs->loaded && rs->r->signed_off) {
        ui_message(ui, SLOT_WARNING, _("The review of %s is already signed off by %s"), day,
                   rs->r->signoff.login);
        return R_REDRAW;
    }
    snprintf(q, sizeof q, _("Sign off the review of %s? (y/n)"), day);
    if (!prompt_confirm(ui, q))
        return R_REDRAW;
    char *note = NULL;
    if (prompt_line(ui, _("Note (optional):"), "", &note) != PROMPT_OK)
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = review_sign_off(ui_session(ui), rs->date, note, &err);
    free(note);
    if (rc)
        ui_error(ui, &err);
    else
        ui_message(ui, SLOT_OK, _("The review of %s is signed off."), day);
    return R_RELOAD;
}

static const char *hint(void *state)
{
    (void)state;
    /* L10N: the Review's key hint; under 80 columns */
    return _("j k move  Enter open  [ ] day  d date  S sign off  ? keys");
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_chart, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_PREV_DAY, prev_day, 0, SD_PERM_COUNT, NULL},
    {ACT_NEXT_DAY, next_day, 0, SD_PERM_COUNT, NULL},
    {ACT_GO_DATE, go_date, 0, SD_PERM_COUNT, NULL},
    {ACT_SIGN_OFF, sign_off, 0, SD_PERM_REVIEW_SIGN, NULL},
    {ACT_DEFECTS, defects, 0, SD_PERM_REVIEW_READ, NULL},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
};

const struct screen_ops screen_review = {
    .name = "review",
    .title = N_("Review"),
    .perm = SD_PERM_REVIEW_READ,
    .scope = SCOPE_REVIEW,
    .is_list = true,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
