#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_detail.h"
#include "app/order_ops.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/orders.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/detail_view.h"
#include "tui/pager.h"
#include "tui/refund_form.h"
#include "tui/prompt.h"
#include "tui/ratings_view.h"
#include "tui/couriers_view.h"
#include "tui/stock_view.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct orders_screen {
    struct ui *ui;
    struct list list;
    struct order_filter filter;
    char *search;
    char *platform;
    char *courier;
    char filter_label[128];
    int unshipped_hours; /* the filter shows orders paid this long ago, not shipped */
    /* the search and filter the rows on screen answer, put back when a new one is cancelled */
    struct {
        struct order_filter filter;
        char *search, *platform, *courier;
        char label[128];
        int unshipped_hours;
    } shown;
    int64_t *marked; /* ids of rows marked for a bulk action */
    size_t nmarked, capmarked;
    struct ship_stats today;
    /* the last move, to put back with u within UNDO_MS */
    struct order_undo *undo;
    size_t nundo, capundo;
    int64_t undo_until;
};

#define UNDO_MS 60000

static bool is_marked(const struct orders_screen *os, int64_t id)
{
    for (size_t i = 0; i < os->nmarked; i++)
        if (os->marked[i] == id)
            return true;
    return false;
}

static void load_today(struct orders_screen *os)
{
    struct session *s = ui_session(os->ui);
    struct sd_date d = date_of(clock_now());
    ship_stats(s, date_start(d), date_start(date_add(d, 1)), &os->today, NULL);
}

static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    struct orders_screen *os = ctx;
    return store_orders_page(ui_session(os->ui)->st, &os->filter, from, forward, inclusive, n,
                             out, err);
}

static long long row_id(const void *row)
{
    return ((const struct order_row *)row)->id;
}

static const struct list_source source = {sizeof(struct order_row), fetch, NULL, row_id,
                                          NULL};

static void *open_screen(struct ui *ui)
{
    struct orders_screen *os = xcalloc(1, sizeof *os);
    os->ui = ui;
    order_filter_init(&os->filter);
    order_filter_init(&os->shown.filter);
    list_init(&os->list, &source, os);
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_ORDERS_VIEW)) {
        list_load(&os->list);
        load_today(os);
    }
    return os;
}

static void close_screen(void *state)
{
    struct orders_screen *os = state;
    list_free(&os->list);
    free(os->search);
    free(os->platform);
    free(os->courier);
    free(os->shown.search);
    free(os->shown.platform);
    free(os->shown.courier);
    free(os->marked);
    free(os->undo);
    free(os);
}

static void reload(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    (void)ui;
    list_reload(&os->list);
    load_today(os);
}

static struct list *get_list(void *state)
{
    return &((struct orders_screen *)state)->list;
}

/* Column layout for the width: fixed columns first, the rest to the buyer. */
struct layout {
    int number, time, buyer, amount, status, courier, ship, tracking;
};

/* The widest a translated value of a column can be: the column is that wide, never cut. */
static int widest_status(void)
{
    int w = 6;
    for (int st = 0; st < ORDER_STATUS_COUNT; st++) {
        int x = width_str(order_status_label((enum order_status)st));
        if (x > w)
            w = x;
    }
    return w;
}

static int widest_ship(void)
{
    static const int64_t samples[] = {59 * 60, 23 * 3600 + 59 * 60, 9 * 86400 + 23 * 3600};
    int w = 5;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char d[32], forms[3][48];
        duration_format(samples[i], d);
        snprintf(forms[0], sizeof forms[0], _("+%s"), d);
        snprintf(forms[1], sizeof forms[1], _("\xe2\x89\xa4%s"), d);
        snprintf(forms[2], sizeof forms[2], _("!%s"), d);
        for (int k = 0; k < 3; k++) {
            int x = width_str(forms[k]);
            if (x > w)
                w = x;
        }
    }
    return w;
}

static void layout_for(int cols, struct layout *l)
{
    l->time = 11;
    l->amount = 10;
    l->status = widest_status();
    l->ship = widest_ship();
    l->number = cols >= 120 ? 21 : 19;
    l->courier = cols >= 100 ? 10 : 8;
    l->tracking = cols >= 120 ? 16 : 0;
    int used = l->number + l->time + l->amount + l->status + l->ship + l->courier + l->tracking +
               (l->tracking ? 7 : 6);
    l->buyer = cols - used;
    if (l->buyer > 30) {
        l->amount += 2;
        l->buyer -= 2;
        l->number += (l->buyer - 30) / 3;
        l->buyer = 30 + (l->buyer - 30) * 2 / 3;
    }
    if (l->buyer < 6)
        l->buyer = 6;
}

static void ship_text(const struct order_row *r, int64_t now, char *buf, size_t n,
                      enum theme_slot *slot)
{
    *slot = SLOT_NORMAL;
    buf[0] = '\0';
    if (r->paid_at && r->shipped_at) {
        char d[32];
        duration_format(r->shipped_at - r->paid_at, d);
        snprintf(buf, n, "%s", d);
        *slot = r->shipped_at - r->paid_at <= 30 * 60 ? SLOT_OK : SLOT_NORMAL;
        if (r->promise_by && r->shipped_at > r->promise_by) /* shipped after its promise */
            *slot = SLOT_OVERDUE;
    } else if (r->paid_at && r->promise_by && (r->status == ORDER_PAID ||
                                                r->status == ORDER_PICKED ||
                                                r->status == ORDER_PACKED)) {
        /* the delivery promise: the time left to ship, or how late it is */
        char d[32];
        if (now < r->promise_by) {
            duration_format(r->promise_by - now, d);
            /* L10N: time left to keep the delivery promise ("within 2h 10m"); at most 8
             * columns */
            snprintf(buf, n, _("\xe2\x89\xa4%s"), d);
            *slot = r->promise_by - now <= 2 * 3600 ? SLOT_WARNING : SLOT_OK;
        } else {
            duration_format(now - r->promise_by, d);
            /* L10N: the delivery promise was missed this long ago ("late by 1h 05m"); at
             * most 8 columns */
            snprintf(buf, n, _("!%s"), d);
            *slot = SLOT_OVERDUE;
        }
    } else if (r->paid_at && (r->status == ORDER_PAID || r->status == ORDER_PICKED ||
                              r->status == ORDER_PACKED)) {
        char d[32];
        duration_format(now - r->paid_at, d);
        /* L10N: still waiting to ship since payment; max 7 columns with the duration */
        snprintf(buf, n, _("+%s"), d);
        *slot = now - r->paid_at > 30 * 60 ? SLOT_WARNING : SLOT_NORMAL;
    }
}

/* "138****0001": enough to tell a caller from another, not the number. */
static void mask_phone(const char *phone, char *out, size_t n)
{
    size_t len = strlen(phone);
    if (len < 7) {
        snprintf(out, n, "%s", phone);
        return;
    }
    snprintf(out, n, "%.3s****%s", phone, phone + len - 4);
}

static bool has_text(const char *hay, const char *needle)
{
    return needle && *needle && strcasestr(hay, needle) != NULL;
}

/* Who the order is for, as staff know them: the receiver's name and a masked phone (for those
 * who may see contacts), else the buyer id; with a search, the field that matched. */
static void buyer_text(struct session *s, const struct order_row *r, const char *search,
                       char *out, size_t n)
{
    bool contacts = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
    char masked[32] = "";
    if (contacts && r->phone[0])
        mask_phone(r->phone, masked, sizeof masked);
    if (contacts && r->receiver[0])
        snprintf(out, n, "%s%s%s", r->receiver, masked[0] ? " " : "", masked);
    else
        snprintf(out, n, "%s", r->buyer);
    if (!search || !*search)
        return;
    /* L10N: which field of an order a search matched, shown after the buyer */
    const char *field = has_text(r->number, search)              ? _("number")
                        : has_text(r->tracking, search)          ? _("tracking")
                        : contacts && has_text(r->receiver, search) ? _("receiver")
                        : contacts && has_text(r->phone, search) ? _("phone")
                        : has_text(r->buyer, search)             ? _("buyer")
                                                                 : _("item");
    size_t len = strlen(out);
    snprintf(out + len, n - len, " \xe2\x89\x88%s", field); /* ≈ */
}

static void draw_row(struct orders_screen *os, const struct order_row *r, int y, bool sel,
                     const struct layout *l, int64_t now)
{
    struct session *s = ui_session(os->ui);
    bool marked = is_marked(os, r->id);
    enum theme_slot base = sel ? SLOT_SELECTED : marked ? SLOT_MARKED : SLOT_NORMAL;
    int x = 0;
    draw_fill(y, 0, COLS, base);
    /* the number whole; a mark in the gap after it, never in place of a digit */
    draw_text(y, x, l->number, base, r->number, WIDTH_LEFT);
    if (marked)
        draw_text(y, x + l->number, 1, base, "*", WIDTH_LEFT);
    x += l->number + 1;
    char t[32];
    time_format_short(r->created_at, now, t);
    draw_text(y, x, l->time, sel ? base : SLOT_DIM, t, WIDTH_LEFT);
    x += l->time + 1;
    char who[160];
    buyer_text(s, r, os->search, who, sizeof who);
    draw_text(y, x, l->buyer, base, who, WIDTH_LEFT);
    x += l->buyer + 1;
    char amount[48];
    const struct currency *cur = currency_find(r->currency);
    if (!cur)
        cur = s->set.currency;
    if (r->gift)
        snprintf(amount, sizeof amount, "%s", _("gift"));
    else
        money_format(r->total, cur, MONEY_SYMBOL | MONEY_GROUP, amount, sizeof amount);
    draw_text(y, x, l->amount, sel ? base : r->gift ? SLOT_GIFT : SLOT_NORMAL, amount,
              WIDTH_RIGHT);
    x += l->amount + 1;
    const char *st = r->status >= 0 ? order_status_label((enum order_status)r->status) : "?";
    enum theme_slot sslot = base;
    if (!sel && r->status == ORDER_CANCELLED)
        sslot = SLOT_DIM;
    draw_text(y, x, l->status, sslot, st, WIDTH_LEFT);
    x += l->status + 1;
    draw_text(y, x, l->courier, sel ? base : SLOT_DIM, r->courier, WIDTH_LEFT);
    x += l->courier + 1;
    if (l->tracking) {
        draw_text(y, x, l->tracking, sel ? base : SLOT_DIM, r->tracking, WIDTH_LEFT);
        x += l->tracking + 1;
    }
    char ship[32];
    enum theme_slot shslot;
    ship_text(r, now, ship, sizeof ship, &shslot);
    draw_text(y, x, l->ship, sel ? base : shslot, ship, WIDTH_RIGHT);
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct orders_screen *os = state;
    struct layout l;
    layout_for(COLS, &l);
    int x = 0;
    /* L10N: column headings of the orders list; each fits its column (8-20 columns) */
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    draw_text(top, x, l.number, SLOT_COLUMN, _("Order"), WIDTH_LEFT);
    x += l.number + 1;
    draw_text(top, x, l.time, SLOT_COLUMN, _("Time"), WIDTH_LEFT);
    x += l.time + 1;
    draw_text(top, x, l.buyer, SLOT_COLUMN, _("Buyer"), WIDTH_LEFT);
    x += l.buyer + 1;
    draw_text(top, x, l.amount, SLOT_COLUMN, _("Amount"), WIDTH_RIGHT);
    x += l.amount + 1;
    draw_text(top, x, l.status, SLOT_COLUMN, _("Status"), WIDTH_LEFT);
    x += l.status + 1;
    draw_text(top, x, l.courier, SLOT_COLUMN, _("Courier"), WIDTH_LEFT);
    x += l.courier + 1;
    if (l.tracking) {
        draw_text(top, x, l.tracking, SLOT_COLUMN, _("Tracking"), WIDTH_LEFT);
        x += l.tracking + 1;
    }
    draw_text(top, x, l.ship, SLOT_COLUMN, _("Ship"), WIDTH_RIGHT);

    int body = rows - 2;
    list_set_page(&os->list, body);
    int64_t now = clock_now();
    for (int i = 0; i < body; i++) {
        int idx = os->list.top + i;
        if (idx >= os->list.n)
            break;
        draw_row(os, list_row(&os->list, idx), top + 1 + i, idx == os->list.sel, &l, now);
    }
    /* the line under the list: filters and position */
    int y = top + rows - 1;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    struct strbuf info = STRBUF_INIT;
    if (os->search)
        sb_addf(&info, _("search \"%s\"  "), os->search);
    if (os->filter_label[0])
        sb_addf(&info, "%s  ", os->filter_label);
    if (os->list.n == 0)
        sb_adds(&info, os->search || os->filter_label[0] ? _("No orders match.")
                                                         : _("No orders yet: import them with "
                                                             "`shopdesk import orders FILE`."));
    else if (!os->list.at_end)
        sb_adds(&info, _("more \xe2\x86\x93"));
    if (os->nmarked)
        sb_addf(&info, P_("  %zu marked", "  %zu marked", os->nmarked), os->nmarked);
    draw_text(y, 0, COLS, SLOT_DIM, sb_str(&info), WIDTH_LEFT);
    sb_free(&info);
    if (os->today.count) {
        char med[32], line[160];
        duration_format(os->today.median, med);
        /* L10N: today's shipments on the orders screen's last line: "today 26 shipped · 53%
         * within 30m · median 28m" */
        snprintf(line, sizeof line, _("today %lld shipped \xc2\xb7 %lld%% within %dm \xc2\xb7 median %s"),
                 (long long)os->today.count, (long long)(os->today.band[0] * 100 / os->today.count),
                 ui_session(ui)->set.orders.ship_bands[0], med);
        int w = width_str(line);
        if (w < COLS / 2)
            draw_text(y, COLS - w, w, SLOT_DIM, line, WIDTH_RIGHT);
    }
    (void)ui;
}

static void add_detail(struct ui *ui, struct pager *p, void *ctx)
{
    int64_t id = *(int64_t *)ctx;
    struct session *s = ui_session(ui);
    struct sd_err err = {0};
    struct detail d;
    detail_init(&d);
    if (order_detail(s, id, &d, &err))
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    else
        detail_to_pager(&d, p);
    detail_free(&d);
}

/* R in an order's detail: a refund request for that order, as on the list. */
static enum reaction detail_key(struct ui *ui, struct pager *p, void *ctx, int key, enum action a)
{
    (void)p;
    (void)a;
    if (ui_action_for(ui, key) != ACT_REQUEST)
        return R_NONE;
    struct sd_err err = {0};
    if (session_require(ui_session(ui), SD_PERM_REFUND_REQUEST, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct order o;
    if (store_order_get(ui_session(ui)->st, *(int64_t *)ctx, &o, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    char ref[96];
    snprintf(ref, sizeof ref, "%s:%s", o.platform, o.number);
    order_clear(&o);
    return refund_form_run(ui, ref);
}

static enum reaction open_detail(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    struct order_row *r = list_selected(&os->list);
    struct pager *p = pager_new("");
    int64_t *ctx = xmalloc(sizeof *ctx);
    *ctx = r->id;
    add_detail(ui, p, ctx);
    pager_set_handler(p, detail_key, add_detail, free, ctx);
    pager_set_hint(p, _("R refund request  q back"));
    pager_push(ui, p);
    return R_REDRAW;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* The rows a search or filter loaded: kept, so that a later one stopped with Esc (the rows
 * stay those of before) puts its search and label back too, and the screen never shows one
 * search's label over another's rows. */
static void keep_shown(struct orders_screen *os)
{
    free(os->shown.search);
    free(os->shown.platform);
    free(os->shown.courier);
    os->shown.search = dup_or_null(os->search);
    os->shown.platform = dup_or_null(os->platform);
    os->shown.courier = dup_or_null(os->courier);
    os->shown.filter = os->filter;
    memcpy(os->shown.label, os->filter_label, sizeof os->shown.label);
    os->shown.unshipped_hours = os->unshipped_hours;
}

static void put_back_shown(struct orders_screen *os)
{
    free(os->search);
    free(os->platform);
    free(os->courier);
    os->search = dup_or_null(os->shown.search);
    os->platform = dup_or_null(os->shown.platform);
    os->courier = dup_or_null(os->shown.courier);
    os->filter = os->shown.filter;
    os->filter.search = os->search;
    os->filter.platform = os->platform;
    os->filter.courier = os->courier;
    memcpy(os->filter_label, os->shown.label, sizeof os->filter_label);
    os->unshipped_hours = os->shown.unshipped_hours;
}

static void apply_filter(struct orders_screen *os)
{
    os->filter.search = os->search;
    os->filter.platform = os->platform;
    os->filter.courier = os->courier;
    ui_busy_begin(os->ui, _("Searching\xe2\x80\xa6"));
    int rc = list_load(&os->list);
    ui_busy_end(os->ui);
    if (rc == 0)
        keep_shown(os);
    else if (os->list.err.code == SD_CANCELLED)
        put_back_shown(os);
    if (rc)
        ui_error(os->ui, &os->list.err);
}

static enum reaction do_search(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    char *text = NULL;
    if (prompt_line(ui, _("Search orders:"), "", &text) != PROMPT_OK)
        return R_REDRAW;
    free(os->search);
    os->search = text && *text ? text : NULL;
    if (!os->search)
        free(text);
    apply_filter(os);
    return R_REDRAW;
}

static void set_label(struct orders_screen *os)
{
    struct strbuf sb = STRBUF_INIT;
    if (os->filter.unshipped_before)
        /* L10N: the orders filter from the Review's "Paid, not shipped after 24 h" */
        sb_addf(&sb, _("paid, not shipped after %d h "), os->unshipped_hours);
    if (os->filter.status >= 0)
        sb_addf(&sb, "%s ", order_status_label((enum order_status)os->filter.status));
    if (os->filter.gift == 1)
        sb_addf(&sb, "%s ", _("gifts"));
    if (os->filter.gift == 0)
        sb_addf(&sb, "%s ", _("no gifts"));
    if (os->filter.tier >= 0)
        sb_addf(&sb, _("tier %d "), os->filter.tier);
    if (os->platform)
        sb_addf(&sb, "%s ", os->platform);
    if (os->courier)
        sb_addf(&sb, "%s ", os->courier);
    if (os->filter.from) {
        char d[11];
        date_format(date_of(os->filter.from), d);
        sb_addf(&sb, _("from %s "), d);
    }
    if (os->filter.to) {
        char d[11];
        date_format(date_add(date_of(os->filter.to), -1), d);
        sb_addf(&sb, _("to %s "), d);
    }
    utf8_copy(os->filter_label, sizeof os->filter_label, sb_str(&sb));
    sb_free(&sb);
}

static enum reaction do_filter(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    /* L10N: the filter menu; the letters in brackets are the keys to press */
    int k = prompt_key(ui, _("Filter by: [s]tatus [d]ates [p]latform [c]ourier [t]ier [g]ift, "
                             "[x] clear"),
                       "sdpctgx");
    char *text = NULL;
    struct sd_err err = {0};
    switch (k) {
    case 's': {
        int sk = prompt_key(ui, _("Status: [a]ll [u]npaid [p]aid p[i]cked pac[k]ed [s]hipped "
                                  "[d]elivered [c]ancelled"),
                            "aupikdsc");
        const char *map = "upikdsc";
        const char *pos = sk > 0 ? strchr(map, sk) : NULL;
        if (sk == 'a')
            os->filter.status = -1;
        else if (pos)
            os->filter.status = (int)(pos - map);
        else
            return R_REDRAW;
        break;
    }
    case 'd': {
        if (prompt_line(ui, _("From date (YYYY-MM-DD, empty: any):"), "", &text) != PROMPT_OK)
            return R_REDRAW;
        struct sd_date d;
        os->filter.from = 0;
        if (*text) {
            if (date_parse(text, &d, &err)) {
                free(text);
                ui_error(ui, &err);
                return R_REDRAW;
            }
            os->filter.from = date_start(d);
        }
        free(text);
        text = NULL;
        if (prompt_line(ui, _("To date, inclusive (YYYY-MM-DD, empty: any):"), "", &text) !=
            PROMPT_OK)
            return R_REDRAW;
        os->filter.to = 0;
        if (*text) {
            if (date_parse(text, &d, &err)) {
                free(text);
                ui_error(ui, &err);
                return R_REDRAW;
            }
            os->filter.to = date_start(date_add(d, 1));
        }
        free(text);
        break;
    }
    case 'p':
    case 'c': {
        const char *q = k == 'p' ? _("Platform (shopify, taobao, manual, ...; empty: any):")
                                 : _("Courier (empty: any):");
        if (prompt_line(ui, q, "", &text) != PROMPT_OK)
            return R_REDRAW;
        char **slot = k == 'p' ? &os->platform : &os->courier;
        free(*slot);
        *slot = *text ? text : NULL;
        if (!*slot)
            free(text);
        break;
    }
    case 't': {
        int tk = prompt_key(ui, _("Member tier: 0-9, or a for any"), "0123456789a");
        if (tk < 0)
            return R_REDRAW;
        os->filter.tier = tk == 'a' ? -1 : tk - '0';
        break;
    }
    case 'g': {
        int gk = prompt_key(ui, _("Gift orders: [o]nly, [n]one, [a]ll"), "ona");
        if (gk < 0)
            return R_REDRAW;
        os->filter.gift = gk == 'o' ? 1 : gk == 'n' ? 0 : -1;
        break;
    }
    case 'x': {
        order_filter_init(&os->filter);
        free(os->platform);
        free(os->courier);
        os->platform = os->courier = NULL;
        break;
    }
    default:
        return R_REDRAW;
    }
    set_label(os);
    apply_filter(os);
    return R_REDRAW;
}

static enum reaction do_clear(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    (void)ui;
    free(os->search);
    free(os->platform);
    free(os->courier);
    os->search = os->platform = os->courier = NULL;
    order_filter_init(&os->filter);
    os->filter_label[0] = '\0';
    apply_filter(os);
    return R_REDRAW;
}

static enum reaction mark(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    (void)ui;
    const struct order_row *r = list_selected(&os->list);
    for (size_t i = 0; i < os->nmarked; i++) {
        if (os->marked[i] == r->id) {
            os->marked[i] = os->marked[--os->nmarked];
            list_move(&os->list, 1);
            return R_REDRAW;
        }
    }
    if (os->nmarked == os->capmarked) {
        os->capmarked = os->capmarked ? os->capmarked * 2 : 16;
        os->marked = xrealloc(os->marked, os->capmarked * sizeof *os->marked);
    }
    os->marked[os->nmarked++] = r->id;
    list_move(&os->list, 1);
    return R_REDRAW;
}

/* The orders an action applies to: the marked ones, or else the selected one. Caller frees. */
static int64_t *targets(struct orders_screen *os, size_t *n)
{
    if (os->nmarked) {
        int64_t *ids = xmalloc(os->nmarked * sizeof *ids);
        memcpy(ids, os->marked, os->nmarked * sizeof *ids);
        *n = os->nmarked;
        return ids;
    }
    const struct order_row *r = list_selected(&os->list);
    if (!r) {
        *n = 0;
        return NULL;
    }
    int64_t *ids = xmalloc(sizeof *ids);
    ids[0] = r->id;
    *n = 1;
    return ids;
}

static void report(struct ui *ui, int moved, enum order_status to, const struct strbuf *skipped)
{
    if (skipped->len) {
        /* the first skipped order says why; the rest are counted */
        char first[256];
        size_t n = strcspn(sb_str(skipped), "\n");
        snprintf(first, sizeof first, "%.*s", (int)n, sb_str(skipped));
        ui_message(ui, SLOT_WARNING, _("%d now %s; not moved: %s"), moved,
                   order_status_label(to), first);
    } else {
        ui_message(ui, SLOT_OK, P_("%d order is now %s", "%d orders are now %s", moved), moved,
                   order_status_label(to));
    }
}

/* Room for the undo record of n orders about to move. */
static void undo_room(struct orders_screen *os, size_t n)
{
    if (n > os->capundo) {
        os->capundo = n;
        os->undo = xrealloc(os->undo, n * sizeof *os->undo);
    }
    os->nundo = 0;
    os->undo_until = 0;
}

static enum reaction move_to(struct ui *ui, struct orders_screen *os, enum order_status to,
                             const char *reason)
{
    size_t n;
    int64_t *ids = targets(os, &n);
    if (n > 1 && to != ORDER_CANCELLED) { /* cancel has asked already */
        char q[160];
        snprintf(q, sizeof q, P_("Move %zu order to %s? (y/n)", "Move %zu orders to %s? (y/n)", n),
                 n, order_status_label(to));
        if (!prompt_confirm(ui, q)) {
            free(ids);
            return R_REDRAW;
        }
    }
    undo_room(os, n);
    struct order_move m = {to, NULL, NULL, reason, os->undo, &os->nundo};
    int moved = 0;
    struct strbuf skipped = STRBUF_INIT;
    struct sd_err err = {0};
    if (order_move(ui_session(ui), ids, n, &m, &moved, &skipped, &err)) {
        ui_error(ui, &err);
    } else {
        report(ui, moved, to, &skipped);
        if (os->nundo)
            os->undo_until = clock_mono_ms() + UNDO_MS;
    }
    sb_free(&skipped);
    free(ids);
    os->nmarked = 0;
    return R_RELOAD;
}

static enum reaction undo(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    if (!os->nundo || clock_mono_ms() >= os->undo_until) {
        ui_message(ui, SLOT_WARNING, "%s",
                   _("nothing to put back (a move can be undone with u for a minute)"));
        return R_REDRAW;
    }
    int undone = 0;
    struct strbuf skipped = STRBUF_INIT;
    struct sd_err err = {0};
    if (order_undo(ui_session(ui), os->undo, os->nundo, &undone, &skipped, &err)) {
        ui_error(ui, &err);
    } else if (skipped.len) {
        char first[256];
        size_t n = strcspn(sb_str(&skipped), "\n");
        snprintf(first, sizeof first, "%.*s", (int)n, sb_str(&skipped));
        ui_message(ui, SLOT_WARNING, _("%d put back; %s"), undone, first);
    } else {
        ui_message(ui, SLOT_OK, P_("%d order is back as it was", "%d orders are back as they were",
                                   undone),
                   undone);
    }
    sb_free(&skipped);
    os->nundo = 0;
    os->undo_until = 0;
    return R_RELOAD;
}

static enum reaction pick(struct ui *ui, void *state)
{
    return move_to(ui, state, ORDER_PICKED, NULL);
}

static enum reaction pack(struct ui *ui, void *state)
{
    return move_to(ui, state, ORDER_PACKED, NULL);
}

static enum reaction deliver(struct ui *ui, void *state)
{
    return move_to(ui, state, ORDER_DELIVERED, NULL);
}

static enum reaction cancel(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    size_t n;
    int64_t *ids = targets(os, &n);
    free(ids);
    char q[128];
    snprintf(q, sizeof q, P_("Cancel %zu order? (y/n)", "Cancel %zu orders? (y/n)", n), n);
    if (!prompt_confirm(ui, q))
        return R_REDRAW;
    char *reason = NULL;
    if (prompt_line(ui, _("Reason for cancelling:"), "", &reason) != PROMPT_OK)
        return R_REDRAW;
    enum reaction r = move_to(ui, os, ORDER_CANCELLED, reason);
    free(reason);
    return r;
}

/* Ask for the courier: a number from the shop's list, or 0 to type a name. */
static char *ask_courier(struct ui *ui)
{
    struct session *s = ui_session(ui);
    struct strbuf q = STRBUF_INIT;
    char keys[16] = "0";
    sb_adds(&q, _("Courier:"));
    size_t k = s->set.orders.ncouriers < 9 ? s->set.orders.ncouriers : 9;
    for (size_t i = 0; i < k; i++) {
        sb_addf(&q, " %zu %s", i + 1, s->set.orders.couriers[i]);
        keys[i + 1] = (char)('1' + i);
        keys[i + 2] = '\0';
    }
    sb_adds(&q, _("  0 other"));
    int c = prompt_key(ui, sb_str(&q), keys);
    sb_free(&q);
    if (c < 0)
        return NULL;
    if (c != '0')
        return xstrdup(s->set.orders.couriers[c - '1']);
    char *name = NULL;
    if (prompt_line(ui, _("Courier name:"), "", &name) != PROMPT_OK || !*name) {
        free(name);
        return NULL;
    }
    return name;
}

static enum reaction ship(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    struct sd_err err = {0};
    if (session_require(ui_session(ui), SD_PERM_ORDERS_SHIP, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    size_t n;
    int64_t *ids = targets(os, &n);
    char *courier = ask_courier(ui);
    if (!courier) {
        free(ids);
        return R_REDRAW;
    }
    int shipped = 0;
    struct strbuf skipped = STRBUF_INIT;
    undo_room(os, n);
    for (size_t i = 0; i < n && !ui_stopping(); i++) {
        struct order o;
        if (store_order_get(ui_session(ui)->st, ids[i], &o, NULL))
            continue;
        char q[200], number[64], tracking[64];
        snprintf(number, sizeof number, "%s", o.number);
        order_clear(&o);
        bool stop = false, have = false, blank = false;
        while (!have && !stop && !ui_stopping()) {
            char *typed = NULL;
            if (blank)
                /* L10N: asked again after a blank Enter; a scanner types the number */
                snprintf(q, sizeof q, _("%s needs its tracking number (Esc stops shipping). "
                                        "Tracking number for %s (%s):"),
                         number, number, courier);
            else
                /* L10N: asked for each order being shipped; a scanner types the number */
                snprintf(q, sizeof q, _("Tracking number for %s (%s):"), number, courier);
            if (prompt_line(ui, q, "", &typed) != PROMPT_OK) {
                free(typed);
                stop = true;
                break;
            }
            blank = !*typed;
            if (blank) { /* a blank Enter never skips an order: it asks again */
                free(typed);
                beep();
                continue;
            }
            char other[64];
            struct sd_err why = {0};
            int chk = order_tracking_check(ui_session(ui), courier, typed, ids[i], tracking,
                                           sizeof tracking, other, sizeof other, &why);
            free(typed);
            if (chk == SD_OK) {
                have = true;
            } else if (chk == SD_INPUT || chk == SD_CONFLICT) {
                beep();
                snprintf(q, sizeof q, _("%s: y use it anyway, n type it again"), why.msg);
                have = prompt_confirm(ui, q);
            } else {
                ui_error(ui, &why);
                stop = true;
            }
        }
        if (stop)
            break;
        struct order_move m = {ORDER_SHIPPED, courier, tracking, NULL, os->undo + os->nundo,
                               NULL};
        size_t one = 0;
        m.nundo = &one;
        int moved = 0;
        if (order_move(ui_session(ui), &ids[i], 1, &m, &moved, &skipped, &err)) {
            ui_error(ui, &err);
            break;
        }
        os->nundo += one;
        shipped += moved;
    }
    if (os->nundo)
        os->undo_until = clock_mono_ms() + UNDO_MS;
    if (!err.code)
        report(ui, shipped, ORDER_SHIPPED, &skipped);
    sb_free(&skipped);
    free(courier);
    free(ids);
    os->nmarked = 0;
    return R_RELOAD;
}

static enum reaction wave(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    int64_t id = 0;
    int orders = 0;
    struct strbuf list = STRBUF_INIT;
    struct sd_err err = {0};
    char *path = NULL;
    struct strbuf short_of = STRBUF_INIT;
    if (wave_create(s, 0, WAVE_TO_SHOP, NULL, &id, &orders, &list, &path, &short_of, &err)) {
        ui_error(ui, &err);
        sb_free(&list);
        sb_free(&short_of);
        return id ? R_RELOAD : R_REDRAW;
    }
    if (!id && !short_of.len) {
        ui_message(ui, SLOT_INFO, "%s", _("No paid orders are waiting for a wave."));
        sb_free(&list);
        return R_REDRAW;
    }
    struct pager *p = pager_new("");
    char title[160];
    if (id)
        snprintf(title, sizeof title, _("Wave %lld: %d orders"), (long long)id, orders);
    else /* nothing to pick: the orders that wait, and why */
        snprintf(title, sizeof title, "%s", _("No wave: every waiting order is short of stock."));
    pager_set_title(p, title);
    char *text = sb_detach(&list), *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        pager_line(p, SLOT_NORMAL, line);
    free(text);
    if (path) {
        pager_line(p, SLOT_NORMAL, "");
        pager_linef(p, SLOT_DIM, _("Saved for printing: %s"), path);
        free(path);
    }
    if (short_of.len) {
        pager_line(p, SLOT_NORMAL, "");
        pager_line(p, SLOT_WARNING, _("Left out, not enough stock (they wait for the next wave):"));
        char *t = sb_detach(&short_of), *sv = NULL;
        for (char *line = strtok_r(t, "\n", &sv); line; line = strtok_r(NULL, "\n", &sv))
            pager_line(p, SLOT_WARNING, line);
        free(t);
    }
    sb_free(&short_of);
    pager_push(ui, p);
    return id ? R_RELOAD : R_REDRAW;
}

#define LINE_SLOTS 3

static int validate_order(struct form *f, void *ctx, int *field, struct sd_err *err)
{
    (void)ctx;
    bool any = false;
    for (int l = 1; l <= LINE_SLOTS; l++) {
        char key[16];
        snprintf(key, sizeof key, "item%d", l);
        if (form_value(f, key)[0])
            any = true;
    }
    if (!any) {
        *field = form_find(f, "item1");
        return sd_fail(err, SD_INPUT, "%s", _("an order needs at least one item"));
    }
    return SD_OK;
}

static enum reaction new_order(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct form_field fields[8 + 4 * LINE_SLOTS];
    int n = 0;
#define FIELD(k, label, type, req)                                                                 \
    fields[n++] = (struct form_field){k, label, type, req, NULL, "", NULL}
    FIELD("number", _("Order number"), FORM_TEXT, false);
    FIELD("buyer", _("Buyer (phone or id)"), FORM_TEXT, false);
    FIELD("receiver", _("Receiver"), FORM_TEXT, false);
    FIELD("phone", _("Phone"), FORM_TEXT, false);
    FIELD("address", _("Address"), FORM_TEXT, false);
    char keys[LINE_SLOTS][4][16], labels[LINE_SLOTS][4][64];
    for (int l = 0; l < LINE_SLOTS; l++) {
        const char *what[4] = {"sku", "item", "qty", "price"};
        enum form_type ty[4] = {FORM_TEXT, FORM_TEXT, FORM_NUMBER, FORM_MONEY};
        /* L10N: field labels of an order line in the hand-entry form: "Item 1", "Qty 1" */
        snprintf(labels[l][0], sizeof labels[l][0], _("SKU %d"), l + 1);
        snprintf(labels[l][1], sizeof labels[l][1], _("Item %d"), l + 1);
        snprintf(labels[l][2], sizeof labels[l][2], _("Qty %d"), l + 1);
        snprintf(labels[l][3], sizeof labels[l][3], _("Price %d"), l + 1);
        for (int k = 0; k < 4; k++) {
            snprintf(keys[l][k], sizeof keys[l][k], "%s%d", what[k], l + 1);
            FIELD(keys[l][k], labels[l][k], ty[k], false);
        }
    }
    FIELD("shipping", _("Shipping"), FORM_MONEY, false);
    FIELD("paid", _("Paid already"), FORM_YESNO, false);
    FIELD("note", _("Note"), FORM_TEXT, false);
#undef FIELD
    snprintf(fields[form_find(&(struct form){.fields = fields, .n = n}, "paid")].value, 256, "yes");
    struct form f = {_("A new order, entered by hand"), "order.new", fields, n, 0, validate_order,
                     NULL, "", -1, 0, false, NULL, ""};
    for (;;) {
        int r = form_run(ui, &f);
        if (r != PROMPT_OK)
            return R_REDRAW;
        struct order_line lines[LINE_SLOTS];
        size_t nl = 0;
        struct sd_err err = {0};
        for (int l = 1; l <= LINE_SLOTS; l++) {
            char k[16];
            snprintf(k, sizeof k, "item%d", l);
            const char *item = form_value(&f, k);
            if (!*item)
                continue;
            struct order_line *x = &lines[nl++];
            memset(x, 0, sizeof *x);
            x->title = (char *)item;
            snprintf(k, sizeof k, "sku%d", l);
            x->sku = (char *)form_value(&f, k);
            snprintf(k, sizeof k, "qty%d", l);
            x->qty = *form_value(&f, k) ? strtoll(form_value(&f, k), NULL, 10) : 1;
            snprintf(k, sizeof k, "price%d", l);
            if (*form_value(&f, k))
                money_parse(form_value(&f, k), s->set.currency, 0, &x->price, NULL);
        }
        struct manual_order m = {
            form_value(&f, "number"),  form_value(&f, "buyer"), form_value(&f, "receiver"),
            form_value(&f, "phone"),   form_value(&f, "address"), form_value(&f, "note"),
            0, !strcmp(form_value(&f, "paid"), "yes"), lines, nl, 0,
        };
        if (*form_value(&f, "shipping"))
            money_parse(form_value(&f, "shipping"), s->set.currency, 0, &m.shipping, NULL);
        int64_t id;
        if (order_create_manual(s, &m, &id, &err)) {
            /* stay in the form with what was typed */
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            continue;
        }
        form_forget(ui, &f);
        struct order o;
        if (store_order_get(s->st, id, &o, NULL) == SD_OK) {
            if (m.rebate) {
                char off[48];
                money_format(m.rebate, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, off,
                             sizeof off);
                /* L10N: after saving an order entered by hand for a member with a tier */
                ui_message(ui, SLOT_OK, _("Order %s saved; the member's tier took %s off the "
                                          "shipping"),
                           o.number, off);
            } else {
                ui_message(ui, SLOT_OK, _("Order %s saved"), o.number);
            }
            order_clear(&o);
        }
        return R_RELOAD;
    }
}

static enum reaction ship_times(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct pager *p = pager_new(_("Ship times: paid to shipped"));
    struct sd_date today = date_of(clock_now());
    for (int d = 0; d < 7; d++) {
        struct sd_date day = date_add(today, -d);
        struct ship_stats st;
        struct sd_err err = {0};
        if (ship_stats(s, date_start(day), date_start(date_add(day, 1)), &st, &err)) {
            pager_line(p, SLOT_ERROR, sd_err_text(&err));
            break;
        }
        char date[11], med[32], p90[32];
        date_format(day, date);
        duration_format(st.median, med);
        duration_format(st.p90, p90);
        const int *lim = s->set.orders.ship_bands;
        if (!st.count) {
            pager_linef(p, SLOT_DIM, _("%s  nothing shipped"), date);
            continue;
        }
        /* L10N: one day of ship times: date, count, the four bands (the median and p90
         * follow on a line of their own, so 80 columns hold both) */
        pager_linef(p, d == 0 ? SLOT_HEADING : SLOT_NORMAL,
                    _("%s  %3lld shipped  \xe2\x89\xa4%dm %3lld%%  \xe2\x89\xa4%dm %3lld%%  "
                      "\xe2\x89\xa4%dm %3lld%%  later %3lld%%"),
                    date, (long long)st.count, lim[0], (long long)(st.band[0] * 100 / st.count),
                    lim[1], (long long)(st.band[1] * 100 / st.count), lim[2],
                    (long long)(st.band[2] * 100 / st.count),
                    (long long)(st.band[3] * 100 / st.count));
        /* L10N: under a day's ship times: the median and the 90th percentile */
        pager_linef(p, d == 0 ? SLOT_HEADING : SLOT_NORMAL, _("            median %s  p90 %s"),
                    med, p90);
    }
    pager_push(ui, p);
    return R_REDRAW;
}

static enum reaction request_refund(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    const struct order_row *r = list_selected(&os->list);
    char ref[96];
    snprintf(ref, sizeof ref, "%s:%s", r->platform, r->number);
    return refund_form_run(ui, ref);
}

/* r, and A or H on the list: the ratings left to answer, the selected order's first. */
static enum reaction ratings(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    const struct order_row *o = list_selected(&os->list);
    ratings_view_push(ui, o ? o->number : NULL);
    return R_REDRAW;
}

/* s: the stock by SKU and condition */
static enum reaction stock(struct ui *ui, void *state)
{
    (void)state;
    stock_view_push(ui);
    return R_REDRAW;
}

static enum reaction couriers(struct ui *ui, void *state)
{
    (void)state;
    couriers_view_push(ui);
    return R_REDRAW;
}

void orders_show_ratings(struct ui *ui, const char *number)
{
    if (!ui_show(ui, &screen_orders))
        return;
    if (!perm_allowed(ui_session(ui)->roles, SD_PERM_RATINGS)) {
        char roles[128];
        roles_label(perm_roles(SD_PERM_RATINGS), roles, sizeof roles);
        ui_message(ui, SLOT_WARNING, _("Answering ratings is for: %s"), roles);
        return;
    }
    ratings_view_push(ui, number);
}

void orders_show_unshipped(struct ui *ui, int hours)
{
    struct orders_screen *os = ui_show(ui, &screen_orders);
    if (!os)
        return;
    free(os->search);
    free(os->platform);
    free(os->courier);
    os->search = os->platform = os->courier = NULL;
    order_filter_init(&os->filter);
    os->filter.unshipped_before = clock_now() - (int64_t)hours * 3600;
    os->unshipped_hours = hours;
    set_label(os);
    apply_filter(os);
}

static const char *hint(void *state)
{
    struct orders_screen *os = state;
    struct session *s = ui_session(os->ui);
    /* only the keys this person may use */
    if (perm_allowed(s->roles, SD_PERM_ORDERS_SHIP))
        /* L10N: the orders screen's key hint for warehouse staff and owners; under 80 columns */
        return _("Enter open  / search  Space mark  I K S D move  u undo  W wave  N new  ? keys");
    if (perm_allowed(s->roles, SD_PERM_REFUND_REQUEST))
        /* L10N: the orders screen's key hint for agents; under 80 columns */
        return _("Enter open  / search  f filter  R refund request  r ratings  N new  ? keys");
    return _("Enter open  / search  f filter  ? keys");
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_detail, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_SEARCH, do_search, 0, SD_PERM_COUNT, NULL},
    {ACT_FILTER, do_filter, 0, SD_PERM_COUNT, NULL},
    {ACT_CLEAR, do_clear, 0, SD_PERM_COUNT, NULL},
    {ACT_MARK, mark, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_PICK, pick, CHECK_SELECTION | CHECK_WRITE, SD_PERM_ORDERS_SHIP, NULL},
    {ACT_UNDO, undo, CHECK_WRITE, SD_PERM_ORDERS_SHIP, NULL},
    {ACT_PACK, pack, CHECK_SELECTION | CHECK_WRITE, SD_PERM_ORDERS_SHIP, NULL},
    {ACT_SHIP, ship, CHECK_SELECTION | CHECK_WRITE, SD_PERM_ORDERS_SHIP, NULL},
    {ACT_DELIVER, deliver, CHECK_SELECTION | CHECK_WRITE, SD_PERM_ORDERS_SHIP, NULL},
    {ACT_CANCEL, cancel, CHECK_SELECTION | CHECK_WRITE, SD_PERM_ORDERS_EDIT, NULL},
    {ACT_WAVE, wave, CHECK_WRITE, SD_PERM_WAVES, NULL},
    {ACT_NEW_ORDER, new_order, CHECK_WRITE, SD_PERM_ORDERS_EDIT, NULL},
    {ACT_SHIP_TIMES, ship_times, 0, SD_PERM_COUNT, NULL},
    {ACT_REQUEST, request_refund, CHECK_SELECTION | CHECK_WRITE, SD_PERM_REFUND_REQUEST, NULL},
    {ACT_RATINGS, ratings, 0, SD_PERM_RATINGS, NULL},
    {ACT_STOCK, stock, 0, SD_PERM_ORDERS_VIEW, NULL},
    {ACT_COURIERS, couriers, 0, SD_PERM_REVIEW_READ, NULL},
    {ACT_ANSWER, ratings, 0, SD_PERM_RATINGS, NULL},
    {ACT_HANDLED, ratings, 0, SD_PERM_RATINGS, NULL},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
};

const struct screen_ops screen_orders = {
    .name = "orders",
    .title = N_("Orders"),
    .perm = SD_PERM_ORDERS_VIEW,
    .scope = SCOPE_ORDERS,
    .is_list = true,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
