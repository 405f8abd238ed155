#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "app/review.h"
#include "tui/draw.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct review_screen {
    struct ui *ui;
    struct review r; /* today's review: its 14 days are the table */
    struct sd_err err;
};

static void load(struct review_screen *rs)
{
    sd_err_clear(&rs->err);
    review_build(ui_session(rs->ui), date_of(clock_now()), &rs->r, &rs->err);
}

static void *open_screen(struct ui *ui)
{
    struct review_screen *rs = xcalloc(1, sizeof *rs);
    rs->ui = ui;
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_REVIEW_READ))
        load(rs);
    return rs;
}

static void close_screen(void *state)
{
    free(state);
}

static void reload(struct ui *ui, void *state)
{
    (void)ui;
    load(state);
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct review_screen *rs = state;
    struct session *s = ui_session(ui);
    draw_text(top, 1, COLS - 2, SLOT_HEADING, _("The last 14 days"), WIDTH_LEFT);
    int widths[] = {11, 8, 15, 8, 9, 9, 13};
    /* L10N: column headings of the daily figures; "≤30 min" is the share shipped within 30
     * minutes of payment */
    const char *heads[] = {_("Day"), _("Orders"), _("Revenue"), _("Shipped"), _("\xe2\x89\xa4" "30 min"),
                           _("Refunds"), _("Refunded")};
    int x = 1;
    draw_fill(top + 1, 0, COLS, SLOT_COLUMN);
    for (int i = 0; i < 7; i++) {
        draw_text(top + 1, x, widths[i], SLOT_COLUMN, heads[i], i ? WIDTH_RIGHT : WIDTH_LEFT);
        x += widths[i] + 1;
    }
    for (int d = 0; d < REVIEW_DAYS && top + 2 + d < top + rows; d++) {
        const struct review_day *f = &rs->r.days[REVIEW_DAYS - 1 - d]; /* newest first */
        char day[11], orders[16], revenue[48], shipped[16], fast[16] = "", refunds[16],
            refunded[48];
        date_format(f->date, day);
        snprintf(orders, sizeof orders, "%lld", (long long)f->orders);
        money_format(f->revenue, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, revenue,
                     sizeof revenue);
        snprintf(shipped, sizeof shipped, "%lld", (long long)f->shipped);
        if (f->shipped)
            snprintf(fast, sizeof fast, "%lld%%", (long long)(f->band[0] * 100 / f->shipped));
        snprintf(refunds, sizeof refunds, "%lld", (long long)f->refunds_requested);
        money_format(f->refunded, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, refunded,
                     sizeof refunded);
        const char *cells[] = {day, orders, revenue, shipped, fast, refunds, refunded};
        x = 1;
        for (int i = 0; i < 7; i++) {
            enum theme_slot slot = i == 2 ? SLOT_MONEY_IN : i == 6 ? SLOT_MONEY_OUT : SLOT_NORMAL;
            draw_text(top + 2 + d, x, widths[i], slot, cells[i], i ? WIDTH_RIGHT : WIDTH_LEFT);
            x += widths[i] + 1;
        }
    }
    if (rs->err.code)
        draw_text(top + rows - 1, 1, COLS - 2, SLOT_ERROR, sd_err_text(&rs->err), WIDTH_LEFT);
}

static const char *hint(void *state)
{
    (void)state;
    return _("^L reload  ? keys  q quit");
}

static const struct screen_action actions[] = {
    {ACT_NONE, NULL, 0, SD_PERM_COUNT},
};

const struct screen_ops screen_review = {
    .name = "review",
    .title = N_("Review"),
    .perm = SD_PERM_REVIEW_READ,
    .scope = SCOPE_REVIEW,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .hint = hint,
    .actions = actions,
};
