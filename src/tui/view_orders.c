#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_detail.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/orders.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/detail_view.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct orders_screen {
    struct ui *ui;
    struct list list;
    struct order_filter filter;
    char *search;
    char *platform;
    char *courier;
    char filter_label[128];
};

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

static const struct list_source source = {sizeof(struct order_row), fetch, NULL, row_id};

static void *open_screen(struct ui *ui)
{
    struct orders_screen *os = xcalloc(1, sizeof *os);
    os->ui = ui;
    order_filter_init(&os->filter);
    list_init(&os->list, &source, os);
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_ORDERS_VIEW))
        list_load(&os->list);
    return os;
}

static void close_screen(void *state)
{
    struct orders_screen *os = state;
    list_free(&os->list);
    free(os->search);
    free(os->platform);
    free(os->courier);
    free(os);
}

static void reload(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    (void)ui;
    list_reload(&os->list);
}

static struct list *get_list(void *state)
{
    return &((struct orders_screen *)state)->list;
}

/* Column layout for the width: fixed columns first, the rest to the buyer. */
struct layout {
    int number, time, buyer, amount, status, courier, ship, tracking;
};

static void layout_for(int cols, struct layout *l)
{
    l->time = 11;
    l->amount = 10;
    l->status = 9;
    l->ship = 6;
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
    } else if (r->paid_at && (r->status == ORDER_PAID || r->status == ORDER_PICKED ||
                              r->status == ORDER_PACKED)) {
        char d[32];
        duration_format(now - r->paid_at, d);
        /* L10N: still waiting to ship since payment; max 7 columns with the duration */
        snprintf(buf, n, _("+%s"), d);
        *slot = now - r->paid_at > 30 * 60 ? SLOT_WARNING : SLOT_NORMAL;
    }
}

static void draw_row(struct orders_screen *os, const struct order_row *r, int y, bool sel,
                     const struct layout *l, int64_t now)
{
    struct session *s = ui_session(os->ui);
    enum theme_slot base = sel ? SLOT_SELECTED : SLOT_NORMAL;
    int x = 0;
    draw_fill(y, 0, COLS, base);
    draw_text(y, x, l->number, base, r->number, WIDTH_LEFT);
    x += l->number + 1;
    char t[32];
    time_format_short(r->created_at, now, t);
    draw_text(y, x, l->time, sel ? base : SLOT_DIM, t, WIDTH_LEFT);
    x += l->time + 1;
    draw_text(y, x, l->buyer, base, r->buyer, WIDTH_LEFT);
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
    draw_text(y, 0, COLS, SLOT_DIM, sb_str(&info), WIDTH_LEFT);
    sb_free(&info);
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

static enum reaction open_detail(struct ui *ui, void *state)
{
    struct orders_screen *os = state;
    struct order_row *r = list_selected(&os->list);
    struct pager *p = pager_new("");
    int64_t *ctx = xmalloc(sizeof *ctx);
    *ctx = r->id;
    add_detail(ui, p, ctx);
    pager_set_handler(p, NULL, add_detail, free, ctx);
    pager_push(ui, p);
    return R_REDRAW;
}

static void apply_filter(struct orders_screen *os)
{
    os->filter.search = os->search;
    os->filter.platform = os->platform;
    os->filter.courier = os->courier;
    ui_busy_begin(os->ui, _("Searching\xe2\x80\xa6"));
    int rc = list_load(&os->list);
    ui_busy_end(os->ui);
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
    snprintf(os->filter_label, sizeof os->filter_label, "%s", sb_str(&sb));
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

static const char *hint(void *state)
{
    (void)state;
    return _("j/k move  Enter open  / search  f filter  ? keys  q quit");
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_detail, CHECK_SELECTION, SD_PERM_COUNT},
    {ACT_SEARCH, do_search, 0, SD_PERM_COUNT},
    {ACT_FILTER, do_filter, 0, SD_PERM_COUNT},
    {ACT_CLEAR, do_clear, 0, SD_PERM_COUNT},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT},
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
