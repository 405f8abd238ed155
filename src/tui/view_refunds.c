#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/refund.h"
#include "core/tz.h"
#include "store/refunds.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct refunds_screen {
    struct ui *ui;
    struct list list;
    enum refund_view view;
};

static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    struct refunds_screen *rs = ctx;
    return store_refunds_page(ui_session(rs->ui)->st, rs->view, from, forward, inclusive, n,
                              out, err);
}

static long long row_id(const void *row)
{
    return ((const struct refund_row *)row)->id;
}

static const struct list_source source = {sizeof(struct refund_row), fetch, NULL, row_id};

static void *open_screen(struct ui *ui)
{
    struct refunds_screen *rs = xcalloc(1, sizeof *rs);
    rs->ui = ui;
    rs->view = REFUNDS_ALL;
    list_init(&rs->list, &source, rs);
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_REFUNDS_VIEW))
        list_load(&rs->list);
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
}

static struct list *get_list(void *state)
{
    return &((struct refunds_screen *)state)->list;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct refunds_screen *rs = state;
    struct session *s = ui_session(ui);
    int wid = 6, wnum = 20, wkind = 14, wamount = 12, wstatus = 16, wtime = 11;
    int wbuyer = COLS - (wid + wnum + wkind + wamount + wstatus + wtime + 6);
    if (wbuyer < 8)
        wbuyer = 8;
    int widths[] = {wid, wnum, wbuyer, wkind, wamount, wstatus, wtime};
    bool right[] = {true, false, false, false, true, false, false};
    /* L10N: column headings of the refunds list */
    const char *heads[] = {_("#"),      _("Order"),  _("Buyer"),    _("Kind"),
                           _("Amount"), _("Status"), _("Requested")};
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    int x = 0;
    for (int i = 0; i < 7; i++) {
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
        enum theme_slot base = sel ? SLOT_SELECTED : SLOT_NORMAL;
        char id[24], amount[48], when[32];
        snprintf(id, sizeof id, "%lld", (long long)r->id);
        const struct currency *cur = currency_find(r->currency);
        money_format(r->amount + r->shipping_amount, cur ? cur : s->set.currency,
                     MONEY_SYMBOL | MONEY_GROUP, amount, sizeof amount);
        time_format_short(r->requested_at, now, when);
        const char *cells[] = {id,     r->number,
                               r->buyer, refund_kind_label(r->kind),
                               amount, refund_status_label(r->status),
                               when};
        int y = top + 1 + i;
        draw_fill(y, 0, COLS, base);
        x = 0;
        for (int k = 0; k < 7; k++) {
            enum theme_slot slot = base;
            if (!sel && k == 4)
                slot = SLOT_MONEY_OUT;
            if (!sel && (k == 0 || k == 6))
                slot = SLOT_DIM;
            draw_text(y, x, widths[k], slot, cells[k], right[k] ? WIDTH_RIGHT : WIDTH_LEFT);
            x += widths[k] + 1;
        }
    }
    int y = top + rows - 1;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    if (rs->list.n == 0)
        draw_text(y, 0, COLS, SLOT_DIM, _("No refund requests."), WIDTH_LEFT);
    else if (!rs->list.at_end)
        draw_text(y, 0, COLS, SLOT_DIM, _("more \xe2\x86\x93"), WIDTH_LEFT);
}

static const char *hint(void *state)
{
    (void)state;
    return _("j/k move  ? keys  q quit");
}

static const struct screen_action actions[] = {
    {ACT_NONE, NULL, 0, SD_PERM_COUNT},
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
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
