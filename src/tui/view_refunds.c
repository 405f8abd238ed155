#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compensate.h"
#include "app/disputes.h"
#include "app/pricing.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/refund.h"
#include "core/tz.h"
#include "store/refunds.h"
#include "tui/detail_view.h"
#include "tui/dispute_view.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/refund_form.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct refunds_screen {
    struct ui *ui;
    struct list list;
    enum refund_view view;
    int64_t last_second;
    /* platform disputes: how many are open and overdue, and the nearest deadline */
    int64_t disputes_open, disputes_overdue;
    struct dispute next_dispute;
    bool has_next;
};

/* The disputes line over every view: read with the list. */
static void load_disputes(struct refunds_screen *rs)
{
    struct session *s = ui_session(rs->ui);
    rs->disputes_open = rs->disputes_overdue = 0;
    rs->has_next = false;
    if (!perm_allowed(s->roles, SD_PERM_DISPUTES))
        return;
    if (dispute_open_counts(s, &rs->disputes_open, &rs->disputes_overdue, NULL) ||
        !rs->disputes_open)
        return;
    struct dispute_filter f = {true, 0, 0, 0};
    int found = 0;
    rs->has_next = dispute_list(s, &f, &rs->next_dispute, 1, &found, NULL) == SD_OK && found &&
                   !rs->next_dispute.answered_at;
}

static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    struct refunds_screen *rs = ctx;
    struct session *s = ui_session(rs->ui);
    int64_t adv[TIER_MAX];
    refund_queue_advance(s, adv);
    return store_refunds_page(s->st, rs->view, adv, from, forward, inclusive, n, out, err);
}

static long long row_id(const void *row)
{
    return ((const struct refund_row *)row)->id;
}

static const struct list_source source = {sizeof(struct refund_row), fetch, NULL, row_id,
                                          NULL};

static void *open_screen(struct ui *ui)
{
    struct refunds_screen *rs = xcalloc(1, sizeof *rs);
    struct session *s = ui_session(ui);
    rs->ui = ui;
    /* each team starts where its work is */
    if ((s->roles & (SD_ROLE_OWNER | SD_ROLE_REFUNDS)))
        rs->view = REFUNDS_QUEUE;
    else if (s->roles & SD_ROLE_AGENT)
        rs->view = REFUNDS_REVIEW;
    else if (s->roles & SD_ROLE_RETURNS)
        rs->view = REFUNDS_RETURNS;
    else
        rs->view = REFUNDS_ALL;
    list_init(&rs->list, &source, rs);
    if (perm_allowed(s->roles, SD_PERM_REFUNDS_VIEW))
        list_load(&rs->list);
    load_disputes(rs);
    return rs;
}

static void close_screen(void *state)
{
    struct refunds_screen *rs = state;
    list_free(&rs->list);
    free(rs);
}

static void reload(struct ui *ui, void *state)
{
    (void)ui;
    list_reload(&((struct refunds_screen *)state)->list);
    load_disputes(state);
}

static struct list *get_list(void *state)
{
    return &((struct refunds_screen *)state)->list;
}

/* The queue's countdowns move every second; nothing else changes, so only their cells are
 * sent to the terminal. */
static bool tick(struct ui *ui, void *state)
{
    struct refunds_screen *rs = state;
    (void)ui;
    int64_t now = clock_now();
    if ((rs->view != REFUNDS_QUEUE && !rs->has_next) || now == rs->last_second)
        return false;
    rs->last_second = now;
    return rs->list.n > 0 || rs->has_next;
}

static const char *view_title(enum refund_view v)
{
    switch (v) {
    case REFUNDS_QUEUE:
        return _("Ready to pay: by deadline, members' tier priority moving theirs up");
    case REFUNDS_REVIEW:
        return _("Waiting for review");
    case REFUNDS_RETURNS:
        return _("Approved, waiting for the parcel");
    default:
        return _("All requests, newest first");
    }
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct refunds_screen *rs = state;
    struct session *s = ui_session(ui);
    bool queue = rs->view == REFUNDS_QUEUE;
    draw_text(top, 1, COLS - 2, SLOT_HEADING, view_title(rs->view), WIDTH_LEFT);
    top++;
    rows--;
    if (rs->disputes_open) {
        /* the disputes waiting on the platform's clock, the nearest deadline named */
        char line[400], left[32] = "";
        const struct dispute *d = &rs->next_dispute;
        int64_t now = clock_now();
        if (rs->has_next)
            countdown_format(d->due_at - now, left);
        if (rs->has_next)
            /* L10N: the disputes line of the refunds screen: open, overdue, then the nearest
             * deadline: its number, kind and time left; d opens the disputes */
            snprintf(line, sizeof line, _("Disputes: %lld open, %lld overdue \xc2\xb7 next #%lld "
                                          "(%s) %s \xc2\xb7 d shows them"),
                     (long long)rs->disputes_open, (long long)rs->disputes_overdue,
                     (long long)d->id, d->kind, left);
        else
            /* L10N: the same when every open dispute is answered */
            snprintf(line, sizeof line, _("Disputes: %lld open, all answered \xc2\xb7 d shows them"),
                     (long long)rs->disputes_open);
        enum theme_slot slot = rs->disputes_overdue ? SLOT_OVERDUE
                               : rs->has_next && d->due_at - now < 2 * 3600 ? SLOT_WARNING
                                                                           : SLOT_DIM;
        draw_fill(top, 0, COLS, SLOT_NORMAL);
        draw_text(top, 1, COLS - 2, slot, line, WIDTH_LEFT);
        top++;
        rows--;
    }
    /* the tier by its name where there is room, else its number; the heading never cut */
    int wname = 0;
    for (int t = 0; t < s->set.tiers.n; t++) {
        int w = width_str(s->set.tiers.tiers[t].name);
        if (w > wname)
            wname = w;
    }
    bool tier_names = COLS >= 100 && wname <= 10;
    const char *tier_head = tier_names ? _("Tier") : _("T");
    int wtier = tier_names ? wname : 1;
    if (width_str(tier_head) > wtier)
        wtier = width_str(tier_head);
    int wfirst = queue ? 7 : 11, wnum = 19, wamount = 10, wkind = 10;
    /* below 100 columns the buyer waits for the detail view */
    int wbuyer = COLS >= 100 ? COLS / 6 : 0;
    int wlast = COLS - (wfirst + 4 + wnum + wbuyer + wtier + wamount + wkind + (wbuyer ? 7 : 6));
    if (wlast < 8)
        wlast = 8;
    int widths[] = {wfirst, 4, wnum, wbuyer, wtier, wamount, wkind, wlast};
    bool right[] = {true, true, false, false, true, true, false, false};
    /* L10N: column headings of the refunds list; "Left" is the time left to pay */
    const char *heads[] = {queue ? _("Left") : _("Time"), _("#"),
                           _("Order"),                   _("Buyer"),
                           tier_head,                    _("Amount"),
                           _("Kind"),                    queue ? _("Reason") : _("Status")};
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    int x = 0;
    for (int i = 0; i < 8; i++) {
        if (!widths[i])
            continue;
        draw_text(top, x, widths[i], SLOT_COLUMN, heads[i], right[i] ? WIDTH_RIGHT : WIDTH_LEFT);
        x += widths[i] + 1;
    }
    int body = rows - 2;
    list_set_page(&rs->list, body);
    int64_t now = clock_now();
    for (int i = 0; i < body; i++) {
        int idx = rs->list.top + i;
        if (idx >= rs->list.n)
            break;
        const struct refund_row *r = list_row(&rs->list, idx);
        bool sel = idx == rs->list.sel;
        int64_t left = r->ready_at ? refund_deadline(s, r->ready_at) - now : 0;
        bool overdue = queue && r->ready_at && left < 0;
        enum theme_slot base = sel ? SLOT_SELECTED : overdue ? SLOT_OVERDUE : SLOT_NORMAL;
        char first[32], id[24], tier[64], amount[48];
        if (queue)
            countdown_format(left, first);
        else
            time_format_short(r->requested_at, now, first);
        snprintf(id, sizeof id, "%lld", (long long)r->id);
        if (tier_names && r->tier >= 0 && r->tier < s->set.tiers.n)
            snprintf(tier, sizeof tier, "%s", s->set.tiers.tiers[r->tier].name);
        else
            snprintf(tier, sizeof tier, "%d", r->tier);
        const struct currency *cur = currency_find(r->currency);
        money_format(r->amount + r->shipping_amount, cur ? cur : s->set.currency,
                     MONEY_SYMBOL | MONEY_GROUP, amount, sizeof amount);
        int code = refund_reason_parse(r->reason);
        const char *last = queue ? (code >= 0 ? refund_reason_label((enum refund_reason)code)
                                              : r->reason)
                                 : refund_status_label(r->status);
        const char *cells[] = {first, id, r->number, r->buyer, tier, amount,
                               refund_kind_short(r->kind), last};
        int y = top + 1 + i;
        draw_fill(y, 0, COLS, base);
        x = 0;
        for (int k = 0; k < 8; k++) {
            if (!widths[k])
                continue;
            enum theme_slot slot = base;
            if (base == SLOT_NORMAL) {
                if (k == 5)
                    slot = SLOT_MONEY_OUT;
                else if (k == 1 || (k == 0 && !queue))
                    slot = SLOT_DIM;
                else if (k == 0 && queue && left < 60)
                    slot = SLOT_WARNING;
                if (k == 7 && r->needs_owner)
                    slot = SLOT_WARNING;
            }
            /* an overdue countdown stays in the alarm colour, selected or not */
            if (k == 0 && overdue)
                slot = SLOT_OVERDUE;
            draw_text(y, x, widths[k], slot, cells[k], right[k] ? WIDTH_RIGHT : WIDTH_LEFT);
            x += widths[k] + 1;
        }
    }
    int y = top + rows - 1;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    if (rs->list.n == 0)
        draw_text(y, 0, COLS, SLOT_DIM,
                  queue ? _("Nothing waits to be paid.") : _("No refund requests here."),
                  WIDTH_LEFT);
    else if (!rs->list.at_end)
        draw_text(y, 0, COLS, SLOT_DIM, _("more \xe2\x86\x93"), WIDTH_LEFT);
}

static int64_t selected_id(struct refunds_screen *rs)
{
    const struct refund_row *r = list_selected(&rs->list);
    return r ? r->id : 0;
}

/* After a step: the error, or what was done (a translated "refund #%lld ..." text). */
static enum reaction done(struct ui *ui, int rc, const struct sd_err *err, const char *what)
{
    if (rc)
        ui_error(ui, err);
    else
        ui_message(ui, SLOT_OK, "%s", what);
    return R_RELOAD;
}

static const char *said(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format a message into a static buffer (one at a time). */
static const char *said(const char *fmt, ...)
{
    static char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

static enum reaction approve_id(struct ui *ui, int64_t id)
{
    char *note = NULL;
    if (prompt_line(ui, _("Note (optional):"), "", &note) != PROMPT_OK)
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = refund_approve(ui_session(ui), id, note, &err);
    free(note);
    return done(ui, rc, &err, said(_("refund #%lld approved"), (long long)id));
}

static enum reaction reject_id(struct ui *ui, int64_t id)
{
    char q[96];
    snprintf(q, sizeof q, _("Reject refund #%lld? (y/n)"), (long long)id);
    if (!prompt_confirm(ui, q))
        return R_REDRAW;
    char *note = NULL;
    if (prompt_line(ui, _("Why (the buyer reads this):"), "", &note) != PROMPT_OK)
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = refund_reject(ui_session(ui), id, note, &err);
    free(note);
    return done(ui, rc, &err, said(_("refund #%lld rejected"), (long long)id));
}

static enum reaction pay_id(struct ui *ui, int64_t id)
{
    struct session *s = ui_session(ui);
    struct sd_err err = {0};
    if (session_require(s, SD_PERM_REFUND_PAY, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct refund r;
    if (store_refund_get(s->st, id, &r, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    int64_t asked = r.amount + r.shipping_amount;
    refund_clear(&r);
    struct strbuf q = STRBUF_INIT;
    char keys[12] = "";
    sb_adds(&q, _("Paid by:"));
    size_t k = s->set.refunds.nmethods < 9 ? s->set.refunds.nmethods : 9;
    for (size_t i = 0; i < k; i++) {
        sb_addf(&q, " %zu %s", i + 1, s->set.refunds.methods[i]);
        keys[i] = (char)('1' + i);
        keys[i + 1] = '\0';
    }
    int c = prompt_key(ui, sb_str(&q), keys);
    sb_free(&q);
    if (c < 0)
        return R_REDRAW;
    const char *method = s->set.refunds.methods[c - '1'];
    char *ref = NULL;
    if (prompt_line(ui, _("Reference (the payment's transaction number):"), "", &ref) !=
        PROMPT_OK)
        return R_REDRAW;
    char m[48], question[200];
    money_format(asked, refund_currency(s, id), MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
    snprintf(question, sizeof question, _("Pay %s for refund #%lld by %s? (y/n)"), m,
             (long long)id, method);
    if (!prompt_confirm(ui, question)) {
        free(ref);
        return R_REDRAW;
    }
    struct payment p;
    int rc = refund_pay(s, id, 0, method, ref, &p, &err);
    free(ref);
    if (!rc && p.late)
        ui_message(ui, SLOT_WARNING, _("refund #%lld paid, late"), (long long)id);
    else
        return done(ui, rc, &err, said(_("refund #%lld paid"), (long long)id));
    return R_RELOAD;
}

static enum reaction exchange_id(struct ui *ui, int64_t id)
{
    struct sd_err err = {0};
    int64_t x = 0;
    int rc = refund_exchange(ui_session(ui), id, &x, &err);
    return done(ui, rc, &err, said(_("refund #%lld: the replacement order is made"), (long long)id));
}

static enum reaction withdraw_id(struct ui *ui, int64_t id)
{
    char q[96];
    snprintf(q, sizeof q, _("Withdraw refund #%lld? (y/n)"), (long long)id);
    if (!prompt_confirm(ui, q))
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = refund_withdraw(ui_session(ui), id, "", &err);
    return done(ui, rc, &err, said(_("refund #%lld withdrawn"), (long long)id));
}

/* The same actions inside a request's detail view. */
static enum reaction detail_key(struct ui *ui, struct pager *p, void *ctx, int key,
                                enum action a)
{
    (void)p;
    (void)key;
    int64_t id = *(int64_t *)ctx;
    /* the same checks as on the list, before any question */
    static const struct {
        enum action a;
        enum refund_step step;
    } steps[] = {{ACT_APPROVE, STEP_APPROVE}, {ACT_REJECT, STEP_REJECT}, {ACT_PAY, STEP_PAY},
                 {ACT_EXCHANGE, STEP_EXCHANGE}, {ACT_WITHDRAW, STEP_WITHDRAW}};
    enum action act = ui_action_for(ui, key);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct sd_err err = {0};
        if (steps[i].a == act && refund_check(ui_session(ui), id, steps[i].step, &err)) {
            ui_error(ui, &err);
            return R_REDRAW;
        }
    }
    switch (act) {
    case ACT_APPROVE:
        return approve_id(ui, id);
    case ACT_REJECT:
        return reject_id(ui, id);
    case ACT_PAY:
        return pay_id(ui, id);
    case ACT_EXCHANGE:
        return exchange_id(ui, id);
    case ACT_WITHDRAW:
        return withdraw_id(ui, id);
    default:
        (void)a;
        return R_NONE;
    }
}

static void build_detail(struct ui *ui, struct pager *p, void *ctx)
{
    int64_t id = *(int64_t *)ctx;
    struct detail d;
    struct sd_err err = {0};
    detail_init(&d);
    if (refund_detail(ui_session(ui), id, &d, &err))
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    else
        detail_to_pager(&d, p);
    detail_free(&d);
}

static enum reaction open_detail(struct ui *ui, void *state)
{
    struct refunds_screen *rs = state;
    struct pager *p = pager_new("");
    int64_t *ctx = xmalloc(sizeof *ctx);
    *ctx = selected_id(rs);
    build_detail(ui, p, ctx);
    pager_set_handler(p, detail_key, build_detail, free, ctx);
    pager_set_hint(p, _("A approve  X reject  P pay  E exchange  W withdraw  q back"));
    pager_push(ui, p);
    return R_REDRAW;
}

static enum reaction view(struct ui *ui, void *state)
{
    struct refunds_screen *rs = state;
    (void)ui;
    static const enum refund_view order[] = {REFUNDS_QUEUE, REFUNDS_REVIEW, REFUNDS_RETURNS,
                                             REFUNDS_ALL};
    for (int i = 0; i < 4; i++)
        if (order[i] == rs->view) {
            rs->view = order[(i + 1) % 4];
            break;
        }
    list_load(&rs->list);
    return R_REDRAW;
}

void refunds_show_queue(struct ui *ui)
{
    struct refunds_screen *rs = ui_show(ui, &screen_refunds);
    if (!rs)
        return;
    rs->view = REFUNDS_QUEUE;
    list_load(&rs->list);
}

/* Before the first prompt of a step on the selected request. */
static int check_step(struct ui *ui, void *state, enum refund_step step, struct sd_err *err)
{
    return refund_check(ui_session(ui), selected_id(state), step, err);
}

static int check_approve(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_APPROVE, err);
}

static int check_reject(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_REJECT, err);
}

static int check_pay(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_PAY, err);
}

static int check_exchange(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_EXCHANGE, err);
}

static int check_withdraw(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_WITHDRAW, err);
}

static enum reaction approve(struct ui *ui, void *state)
{
    return approve_id(ui, selected_id(state));
}

static enum reaction reject(struct ui *ui, void *state)
{
    return reject_id(ui, selected_id(state));
}

static enum reaction pay(struct ui *ui, void *state)
{
    return pay_id(ui, selected_id(state));
}

static enum reaction exchange(struct ui *ui, void *state)
{
    return exchange_id(ui, selected_id(state));
}

static enum reaction withdraw(struct ui *ui, void *state)
{
    return withdraw_id(ui, selected_id(state));
}

static enum reaction disputes(struct ui *ui, void *state)
{
    (void)state;
    disputes_view_push(ui);
    return R_REDRAW;
}

static enum reaction new_refund(struct ui *ui, void *state)
{
    (void)state;
    return refund_form_run(ui, NULL);
}

/* A compensation batch: the filter, the amount and the reason; a preview; then yes or no. */
static enum reaction compensate(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct form_field fields[] = {
        {"tier", _("Member tier (0-9)"), FORM_TEXT, false, NULL, "", NULL},
        {"from", _("Ordered from (date)"), FORM_TEXT, false, NULL, "", NULL},
        {"to", _("Ordered to (date)"), FORM_TEXT, false, NULL, "", NULL},
        {"sku", _("SKU"), FORM_TEXT, false, NULL, "", NULL},
        {"courier", _("Courier"), FORM_TEXT, false, NULL, "", NULL},
        {"amount", _("Amount per order"), FORM_MONEY, true, NULL, "", NULL},
        {"reason", _("Reason"), FORM_TEXT, true, NULL, "", NULL},
    };
    struct form f = {_("Compensate every order a filter selects"), "compensation", fields,
                     (int)(sizeof fields / sizeof fields[0]), 0, NULL, NULL, "", -1, 0, false, NULL, ""};
    for (;;) {
        if (form_run(ui, &f) != PROMPT_OK)
            return R_REDRAW;
        struct comp_request q = {0};
        order_filter_init(&q.filter);
        struct strbuf text = STRBUF_INIT;
        struct sd_err err = {0};
        bool bad = false;
        if (*form_value(&f, "tier")) {
            q.filter.tier = atoi(form_value(&f, "tier"));
            sb_addf(&text, "tier=%s ", form_value(&f, "tier"));
        }
        const char *dates[2] = {"from", "to"};
        for (int i = 0; i < 2 && !bad; i++) {
            const char *v = form_value(&f, dates[i]);
            struct sd_date d;
            if (!*v)
                continue;
            if (date_parse(v, &d, &err)) {
                snprintf(f.message, sizeof f.message, "%s", err.msg);
                f.cur = form_find(&f, dates[i]);
                bad = true;
                break;
            }
            if (i == 0)
                q.filter.from = date_start(d);
            else
                q.filter.to = date_start(date_add(d, 1));
            sb_addf(&text, "%s=%s ", dates[i], v);
        }
        if (bad) {
            sb_free(&text);
            continue;
        }
        if (*form_value(&f, "sku")) {
            q.filter.sku = form_value(&f, "sku");
            sb_addf(&text, "sku=%s ", q.filter.sku);
        }
        if (*form_value(&f, "courier")) {
            q.filter.courier = form_value(&f, "courier");
            sb_addf(&text, "courier=%s ", q.filter.courier);
        }
        money_parse(form_value(&f, "amount"), s->set.currency, 0, &q.amount, NULL);
        q.reason = form_value(&f, "reason");
        q.filter_text = sb_str(&text);
        int64_t orders = 0, total = 0;
        bool already = false;
        struct comp_batch b;
        if (compensation_preview(s, &q, &orders, &total, &already, &b, &err)) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            sb_free(&text);
            continue;
        }
        char m1[48], m2[48], question[300];
        money_format(q.amount, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
        money_format(total, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, m2, sizeof m2);
        if (already) {
            ui_message(ui, SLOT_WARNING, _("this batch was created before (%lld orders): nothing "
                                           "to add"),
                       (long long)b.orders);
            form_forget(ui, &f);
            sb_free(&text);
            return R_REDRAW;
        }
        if (orders == 0) {
            snprintf(f.message, sizeof f.message, "%s",
                     _("no order matches the filter: nothing was created"));
            sb_free(&text);
            continue;
        }
        snprintf(question, sizeof question,
                 _("Compensate %lld orders, %s each, %s in all? (y/n)"), (long long)orders, m1,
                 m2);
        if (!prompt_confirm(ui, question)) {
            sb_free(&text);
            continue;
        }
        int rc = compensation_run(s, &q, &b, &already, &err);
        sb_free(&text);
        if (rc) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            continue;
        }
        form_forget(ui, &f);
        if (already)
            ui_message(ui, SLOT_WARNING,
                       _("this batch was created before (%lld orders): nothing to add"),
                       (long long)b.orders);
        else
            ui_message(ui, SLOT_OK, _("%lld orders compensated"), (long long)b.orders);
        return R_RELOAD;
    }
}

/* O: price protection's offers due now, previewed (each order, SKU and amount), then made
 * as refund requests when the owner says so */
static enum reaction protect(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct protect_offer *v = NULL;
    size_t n = 0;
    struct sd_err err = {0};
    if (protect_preview(s, &v, &n, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    if (!n) {
        ui_message(ui, SLOT_INFO, "%s",
                   _("No price protection is due: nothing sold for less within a member's "
                     "days"));
        return R_REDRAW;
    }
    int64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += v[i].o.amount;
    char m[48], question[300];
    money_format(total, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
    /* the offers first, the question under them */
    struct pager *p = pager_new("");
    char title[160];
    /* L10N: title of the price protection preview; %zu offers, %s their total */
    snprintf(title, sizeof title, P_("Price protection: %zu offer, %s",
                                     "Price protection: %zu offers, %s", n),
             n, m);
    pager_set_title(p, title);
    for (size_t i = 0; i < n; i++) {
        const struct currency *cur = currency_find(v[i].currency);
        char was[48], low[48], amount[48];
        money_format(v[i].o.was_price, cur ? cur : s->set.currency, MONEY_SYMBOL, was, sizeof was);
        money_format(v[i].o.new_price, cur ? cur : s->set.currency, MONEY_SYMBOL, low, sizeof low);
        money_format(v[i].o.amount, cur ? cur : s->set.currency, MONEY_SYMBOL, amount,
                     sizeof amount);
        /* L10N: an offer: order, SKU, paid, lower price, quantity, amount, where */
        pager_linef(p, SLOT_NORMAL, _("%s  %s  %s \xe2\x86\x92 %s \xc3\x97%lld = %s  (%s)"),
                    v[i].number, v[i].sku, was, low, (long long)v[i].o.qty, amount,
                    v[i].o.source);
    }
    pager_push(ui, p);
    ui_draw(ui);
    snprintf(question, sizeof question,
             P_("Make %zu price protection request, %s, for the refunds team to pay? (y/n)",
                "Make %zu price protection requests, %s in all, for the refunds team to pay? "
                "(y/n)",
                n),
             n, m);
    bool yes = prompt_confirm(ui, question);
    ui_pop(ui);
    if (!yes) {
        free(v);
        return R_REDRAW;
    }
    int made = 0;
    struct strbuf why = STRBUF_INIT;
    int rc = protect_make(s, v, n, &made, &why, &err);
    free(v);
    if (rc)
        ui_error(ui, &err);
    else if (why.len)
        ui_message(ui, SLOT_WARNING, _("%d made; not made: %s"), made, sb_str(&why));
    else
        ui_message(ui, SLOT_OK,
                   P_("%d price protection request made", "%d price protection requests made",
                      made),
                   made);
    sb_free(&why);
    return R_RELOAD;
}

static const char *hint(void *state)
{
    (void)state;
    /* L10N: the refunds screen's key hint; keep it under 80 columns */
    return _("Enter open  v view  A approve  X reject  P pay  N new  C compensate  ? keys");
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_detail, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_VIEW, view, 0, SD_PERM_COUNT, NULL},
    {ACT_APPROVE, approve, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_REVIEW, check_approve},
    {ACT_REJECT, reject, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_REVIEW, check_reject},
    {ACT_PAY, pay, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_PAY, check_pay},
    {ACT_EXCHANGE, exchange, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_PAY, check_exchange},
    {ACT_WITHDRAW, withdraw, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_REQUEST,
     check_withdraw},
    {ACT_NEW_REFUND, new_refund, CHECK_WRITE, SD_PERM_REFUND_REQUEST, NULL},
    {ACT_COMPENSATE, compensate, CHECK_WRITE, SD_PERM_COMPENSATE, NULL},
    {ACT_PROTECT, protect, CHECK_WRITE, SD_PERM_COMPENSATE, NULL},
    {ACT_DISPUTES, disputes, 0, SD_PERM_DISPUTES, NULL},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
};

const struct screen_ops screen_refunds = {
    .name = "refunds",
    .title = N_("Refunds"),
    .perm = SD_PERM_REFUNDS_VIEW,
    .scope = SCOPE_REFUNDS,
    .is_list = true,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .tick = tick,
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
