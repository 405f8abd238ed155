#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/member_detail.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/members.h"
#include "tui/detail_view.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct members_screen {
    struct ui *ui;
    struct list list;
    struct member_filter filter;
    char *search;
    char *tag;
};

static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    struct members_screen *ms = ctx;
    return store_members_page(ui_session(ms->ui)->st, &ms->filter, from, forward, inclusive, n,
                              out, err);
}

static long long row_id(const void *row)
{
    return ((const struct member_row *)row)->id;
}

static const struct list_source source = {sizeof(struct member_row), fetch, NULL, row_id};

static void *open_screen(struct ui *ui)
{
    struct members_screen *ms = xcalloc(1, sizeof *ms);
    ms->ui = ui;
    ms->filter.tier = -1;
    list_init(&ms->list, &source, ms);
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_MEMBERS_VIEW))
        list_load(&ms->list);
    return ms;
}

static void close_screen(void *state)
{
    struct members_screen *ms = state;
    list_free(&ms->list);
    free(ms->search);
    free(ms->tag);
    free(ms);
}

static void reload(struct ui *ui, void *state)
{
    (void)ui;
    list_reload(&((struct members_screen *)state)->list);
}

static struct list *get_list(void *state)
{
    return &((struct members_screen *)state)->list;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct members_screen *ms = state;
    struct session *s = ui_session(ui);
    int wname = COLS >= 120 ? 24 : 16, wid = COLS >= 120 ? 28 : 20, wtier = 5, wr = 6, wf = 5,
        wm = 13, wlast = 11;
    int wtags = COLS - (wname + wid + wtier + wr + wf + wm + wlast + 7);
    if (wtags < 0)
        wtags = 0;
    int x = 0;
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    /* L10N: column headings of the members list; R = days since the last order, F = orders
     * in the window, M = money net of refunds */
    const char *heads[] = {_("Name"), _("Buyer id"), _("Tier"), _("R"), _("F"), _("M"),
                           _("Last order"), _("Tags")};
    int widths[] = {wname, wid, wtier, wr, wf, wm, wlast, wtags};
    bool right[] = {false, false, true, true, true, true, false, false};
    for (int i = 0; i < 8; i++) {
        if (widths[i] <= 0)
            continue;
        draw_text(top, x, widths[i], SLOT_COLUMN, heads[i], right[i] ? WIDTH_RIGHT : WIDTH_LEFT);
        x += widths[i] + 1;
    }
    int body = rows - 2;
    list_set_page(&ms->list, body);
    int64_t now = clock_now();
    for (int i = 0; i < body; i++) {
        int idx = ms->list.top + i;
        if (idx >= ms->list.n)
            break;
        const struct member_row *r = list_row(&ms->list, idx);
        bool sel = idx == ms->list.sel;
        enum theme_slot base = sel ? SLOT_SELECTED : SLOT_NORMAL;
        int y = top + 1 + i;
        char tier[8], rr[16], ff[16], mm[48], last[32] = "";
        snprintf(tier, sizeof tier, "%d", r->tier);
        if (r->recency_days >= 0)
            snprintf(rr, sizeof rr, "%d", r->recency_days);
        else
            snprintf(rr, sizeof rr, "-");
        snprintf(ff, sizeof ff, "%lld", (long long)r->frequency);
        money_format(r->monetary, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, mm, sizeof mm);
        if (r->last_order_at)
            time_format_short(r->last_order_at, now, last);
        const char *cells[] = {r->name, r->buyer_id, tier, rr, ff, mm, last, r->tags};
        draw_fill(y, 0, COLS, base);
        x = 0;
        for (int k = 0; k < 8; k++) {
            if (widths[k] <= 0)
                continue;
            enum theme_slot slot = base;
            if (!sel && (k == 1 || k == 6 || k == 7))
                slot = SLOT_DIM;
            draw_text(y, x, widths[k], slot, cells[k], right[k] ? WIDTH_RIGHT : WIDTH_LEFT);
            x += widths[k] + 1;
        }
    }
    int y = top + rows - 1;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    struct strbuf info = STRBUF_INIT;
    if (ms->list.n == 0)
        sb_adds(&info, ms->search || ms->filter.tier >= 0 || ms->tag
                           ? _("No members match.")
                           : _("No members yet: they come with imported orders."));
    else {
        if (ms->search)
            sb_addf(&info, _("search \"%s\"  "), ms->search);
        if (ms->filter.tier >= 0)
            sb_addf(&info, _("tier %d  "), ms->filter.tier);
        if (ms->tag)
            sb_addf(&info, _("tag %s  "), ms->tag);
        if (!ms->list.at_end)
            sb_adds(&info, _("more \xe2\x86\x93"));
    }
    draw_text(y, 0, COLS, SLOT_DIM, sb_str(&info), WIDTH_LEFT);
    sb_free(&info);
}

static void build_detail(struct ui *ui, struct pager *p, void *ctx)
{
    int64_t id = *(int64_t *)ctx;
    struct detail d;
    struct sd_err err = {0};
    detail_init(&d);
    if (member_detail(ui_session(ui), id, &d, &err))
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    else
        detail_to_pager(&d, p);
    detail_free(&d);
}

static enum reaction open_detail(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    const struct member_row *r = list_selected(&ms->list);
    struct pager *p = pager_new("");
    int64_t *ctx = xmalloc(sizeof *ctx);
    *ctx = r->id;
    build_detail(ui, p, ctx);
    pager_set_handler(p, NULL, build_detail, free, ctx);
    pager_push(ui, p);
    return R_REDRAW;
}

static void apply(struct members_screen *ms)
{
    ms->filter.search = ms->search;
    ms->filter.tag = ms->tag;
    if (list_load(&ms->list))
        ui_error(ms->ui, &ms->list.err);
}

static enum reaction do_search(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    char *text = NULL;
    if (prompt_line(ui, _("Search members (name, phone, id):"), "", &text) != PROMPT_OK)
        return R_REDRAW;
    free(ms->search);
    ms->search = *text ? text : NULL;
    if (!ms->search)
        free(text);
    apply(ms);
    return R_REDRAW;
}

static enum reaction do_filter(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    int k = prompt_key(ui, _("Filter by: [t]ier [g] tag, [x] clear"), "tgx");
    if (k == 't') {
        int tk = prompt_key(ui, _("Member tier: 0-9, or a for any"), "0123456789a");
        if (tk < 0)
            return R_REDRAW;
        ms->filter.tier = tk == 'a' ? -1 : tk - '0';
    } else if (k == 'g') {
        char *text = NULL;
        if (prompt_line(ui, _("Tag (empty: any):"), ms->tag, &text) != PROMPT_OK)
            return R_REDRAW;
        free(ms->tag);
        ms->tag = *text ? text : NULL;
        if (!ms->tag)
            free(text);
    } else if (k == 'x') {
        ms->filter.tier = -1;
        free(ms->tag);
        ms->tag = NULL;
    } else {
        return R_REDRAW;
    }
    apply(ms);
    return R_REDRAW;
}

static enum reaction do_clear(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    (void)ui;
    free(ms->search);
    free(ms->tag);
    ms->search = ms->tag = NULL;
    ms->filter.tier = -1;
    apply(ms);
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

const struct screen_ops screen_members = {
    .name = "members",
    .title = N_("Members"),
    .perm = SD_PERM_MEMBERS_VIEW,
    .scope = SCOPE_MEMBERS,
    .is_list = true,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
