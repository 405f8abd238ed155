#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gifts.h"
#include "app/member_detail.h"
#include "app/member_ops.h"
#include "app/session.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/members.h"
#include "tui/detail_view.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

struct members_screen {
    struct ui *ui;
    struct list list;
    struct member_filter filter;
    char *search;
    char *tag;
    int64_t per_tier[TIER_MAX];
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

static const struct list_source source = {sizeof(struct member_row), fetch, NULL, row_id,
                                          NULL};

static void load(struct members_screen *ms)
{
    struct session *s = ui_session(ms->ui);
    store_members_per_tier(s->st, ms->per_tier, TIER_MAX, NULL);
}

static void *open_screen(struct ui *ui)
{
    struct members_screen *ms = xcalloc(1, sizeof *ms);
    ms->ui = ui;
    ms->filter.tier = -1;
    list_init(&ms->list, &source, ms);
    if (perm_allowed(ui_session(ui)->roles, SD_PERM_MEMBERS_VIEW)) {
        list_load(&ms->list);
        load(ms);
    }
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
    struct members_screen *ms = state;
    list_reload(&ms->list);
    load(ms);
}

static struct list *get_list(void *state)
{
    return &((struct members_screen *)state)->list;
}

enum { C_NAME, C_ID, C_TIER, C_R, C_F, C_M, C_LAST, C_GIFTS, C_TAGS, NCOLS };

static void widths(int w[NCOLS])
{
    /* 80 columns: the name, buyer id, tier and R/F/M always; gifts and tags when there is room */
    bool wide = COLS >= 100, wider = COLS >= 120;
    w[C_NAME] = wider ? 20 : wide ? 16 : 14;
    w[C_ID] = wider ? 26 : wide ? 20 : 16;
    w[C_TIER] = 9;
    w[C_R] = 4;
    w[C_F] = 4;
    w[C_M] = 12;
    w[C_LAST] = 11;
    w[C_GIFTS] = wide ? 5 : 0;
    int used = 0, cols = 0;
    for (int i = 0; i < C_TAGS; i++)
        if (w[i] > 0) {
            used += w[i];
            cols++;
        }
    w[C_TAGS] = COLS - used - cols;
    if (w[C_TAGS] < 6)
        w[C_TAGS] = 0;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct members_screen *ms = state;
    struct session *s = ui_session(ui);
    int w[NCOLS];
    widths(w);
    int x = 0;
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    /* L10N: column headings of the members list; R = days since the last paid order, F = paid
     * orders in the window, M = money paid less refunds */
    const char *heads[NCOLS] = {_("Name"), _("Buyer id"), _("Tier"),  _("R"),   _("F"),
                                _("M"),    _("Last order"), _("Gifts"), _("Tags")};
    bool right[NCOLS] = {false, false, false, true, true, true, false, true, false};
    for (int i = 0; i < NCOLS; i++) {
        if (w[i] <= 0)
            continue;
        draw_text(top, x, w[i], SLOT_COLUMN, heads[i], right[i] ? WIDTH_RIGHT : WIDTH_LEFT);
        x += w[i] + 1;
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
        char tn[16], rr[16], ff[16], mm[48], last[32] = "", gifts[8] = "";
        const char *tier = member_tier_name(s, r->tier, tn);
        if (r->recency_days >= 0)
            snprintf(rr, sizeof rr, "%d", r->recency_days);
        else
            snprintf(rr, sizeof rr, "-");
        snprintf(ff, sizeof ff, "%lld", (long long)r->frequency);
        money_format(r->monetary, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, mm, sizeof mm);
        if (r->last_order_at)
            time_format_short(r->last_order_at, now, last);
        if (r->gifts)
            snprintf(gifts, sizeof gifts, "%d", r->gifts);
        const char *cells[NCOLS] = {r->name, r->buyer_id, tier, rr, ff, mm, last, gifts, r->tags};
        draw_fill(y, 0, COLS, base);
        x = 0;
        for (int k = 0; k < NCOLS; k++) {
            if (w[k] <= 0)
                continue;
            enum theme_slot slot = base;
            if (!sel && (k == C_ID || k == C_LAST || k == C_TAGS))
                slot = SLOT_DIM;
            if (!sel && k == C_GIFTS)
                slot = SLOT_GIFT;
            draw_text(y, x, w[k], slot, cells[k], right[k] ? WIDTH_RIGHT : WIDTH_LEFT);
            x += w[k] + 1;
        }
    }
    /* the last row: the filter, or how many members each tier has */
    int y = top + rows - 1;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    struct strbuf info = STRBUF_INIT;
    char tn[16];
    if (ms->list.n == 0) {
        sb_adds(&info, ms->search || ms->filter.tier >= 0 || ms->tag
                           ? _("No members match.")
                           : _("No members yet: they come with imported orders."));
    } else if (ms->search || ms->filter.tier >= 0 || ms->tag) {
        if (ms->search)
            sb_addf(&info, _("search \"%s\"  "), ms->search);
        if (ms->filter.tier >= 0)
            sb_addf(&info, _("tier %s  "), member_tier_name(s, ms->filter.tier, tn));
        if (ms->tag)
            sb_addf(&info, _("tag %s  "), ms->tag);
    } else {
        for (int t = 0; t < s->set.tiers.n && t < TIER_MAX; t++)
            sb_addf(&info, "%s %lld  ", s->set.tiers.tiers[t].name, (long long)ms->per_tier[t]);
    }
    if (ms->list.n && !ms->list.at_end)
        sb_adds(&info, _("more \xe2\x86\x93"));
    draw_text(y, 0, COLS, SLOT_DIM, sb_str(&info), WIDTH_LEFT);
    sb_free(&info);
}

/* ---- edit and merge --------------------------------------------------------------------- */

static enum reaction edit_id(struct ui *ui, int64_t id)
{
    struct session *s = ui_session(ui);
    struct member m;
    struct sd_err err = {0};
    if (store_member_get(s->st, id, &m, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct form_field fields[] = {
        {"name", _("Name"), FORM_TEXT, false, NULL, "", NULL},
        {"phone", _("Phone"), FORM_TEXT, false, NULL, "", NULL},
        {"birthday", _("Birthday (MM-DD)"), FORM_TEXT, false, NULL, "", NULL},
        {"tags", _("Tags (a, b)"), FORM_TEXT, false, NULL, "", NULL},
        {"notes", _("Notes"), FORM_TEXT, false, NULL, "", NULL},
    };
    const char *init[] = {m.name, m.phone, m.birthday, m.tags, m.notes};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        snprintf(fields[i].value, sizeof fields[i].value, "%s", init[i]);
    char title[160];
    snprintf(title, sizeof title, _("Member #%lld %s"), (long long)m.id, m.buyer_id);
    member_clear(&m);
    struct form f = {title, NULL, fields, (int)(sizeof fields / sizeof fields[0]), 0,
                     NULL, NULL, "", -1, 0, false, NULL, ""};
    for (;;) {
        if (form_run(ui, &f) != PROMPT_OK)
            return R_REDRAW;
        struct member_edit e = {form_value(&f, "name"), form_value(&f, "phone"),
                                form_value(&f, "birthday"), form_value(&f, "tags"),
                                form_value(&f, "notes")};
        if (member_edit(s, id, &e, &err)) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            if (err.code == SD_INPUT)
                f.cur = form_find(&f, "birthday");
            continue;
        }
        ui_message(ui, SLOT_OK, _("Member #%lld saved"), (long long)id);
        return R_RELOAD;
    }
}

static enum reaction merge_id(struct ui *ui, int64_t id)
{
    struct session *s = ui_session(ui);
    struct sd_err err = {0};
    /* offer the member who shares the phone, if there is one */
    struct member_row same[1];
    int nsame = 0;
    char initial[24] = "";
    if (store_members_same_phone(s->st, id, same, 1, &nsame, NULL) == SD_OK && nsame)
        snprintf(initial, sizeof initial, "%lld", (long long)same[0].id);
    char *text = NULL;
    char label[160];
    snprintf(label, sizeof label, _("Merge member #%lld into member (id or buyer id):"),
             (long long)id);
    if (prompt_line(ui, label, initial, &text) != PROMPT_OK)
        return R_REDRAW;
    int64_t into;
    if (!*text || member_resolve(s, text, &into, &err)) {
        if (*text)
            ui_error(ui, &err);
        free(text);
        return R_REDRAW;
    }
    free(text);
    struct member a, b;
    if (store_member_get(s->st, id, &a, &err) || store_member_get(s->st, into, &b, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    char question[400];
    snprintf(question, sizeof question,
             _("Merge #%lld %s into #%lld %s? Orders and gifts move; it cannot be undone. (y/n)"),
             (long long)a.id, a.buyer_id, (long long)b.id, b.buyer_id);
    member_clear(&a);
    member_clear(&b);
    if (!prompt_confirm(ui, question))
        return R_REDRAW;
    if (member_merge(s, id, into, &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    ui_message(ui, SLOT_OK, _("Member #%lld merged into #%lld"), (long long)id, (long long)into);
    return R_RELOAD;
}

/* ---- the detail ------------------------------------------------------------------------- */

static void build_detail(struct ui *ui, struct pager *p, void *ctx)
{
    int64_t id = *(int64_t *)ctx;
    struct detail d;
    struct sd_err err = {0};
    detail_init(&d);
    pager_clear(p);
    if (member_detail(ui_session(ui), id, &d, &err))
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    else
        detail_to_pager(&d, p);
    detail_free(&d);
}

static enum reaction detail_key(struct ui *ui, struct pager *p, void *ctx, int key,
                                enum action a)
{
    (void)a;
    int64_t *id = ctx;
    switch (ui_action_for(ui, key)) {
    case ACT_EDIT_MEMBER: {
        enum reaction r = edit_id(ui, *id);
        build_detail(ui, p, ctx);
        return r;
    }
    case ACT_MERGE: {
        enum reaction r = merge_id(ui, *id);
        if (r == R_RELOAD)
            return R_BACK; /* the member is merged away: back to the list */
        return r;
    }
    default:
        return R_NONE;
    }
}

static enum reaction open_detail(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    const struct member_row *r = list_selected(&ms->list);
    struct pager *p = pager_new("");
    int64_t *ctx = xmalloc(sizeof *ctx);
    *ctx = r->id;
    build_detail(ui, p, ctx);
    pager_set_handler(p, detail_key, build_detail, free, ctx);
    pager_set_hint(p, _("E edit  M merge  q back"));
    pager_push(ui, p);
    return R_REDRAW;
}

static enum reaction edit_selected(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    return edit_id(ui, ((const struct member_row *)list_selected(&ms->list))->id);
}

static enum reaction merge_selected(struct ui *ui, void *state)
{
    struct members_screen *ms = state;
    return merge_id(ui, ((const struct member_row *)list_selected(&ms->list))->id);
}

/* ---- tiers and gifts -------------------------------------------------------------------- */

static void tiers_report(struct ui *ui, struct pager *p, const struct tier_run *run, bool done)
{
    struct session *s = ui_session(ui);
    const struct tier_config *c = &s->set.tiers;
    char tn[16], tn2[16];
    pager_clear(p);
    if (done) {
        pager_linef(p, SLOT_OK, _("%lld members: %lld moved up, %lld moved down; %lld updated."),
                    (long long)run->members, (long long)run->up, (long long)run->down,
                    (long long)run->written);
    } else {
        pager_linef(p, SLOT_HEADING,
                    _("Under the tiers of shop.yaml: %lld would move up, %lld down."),
                    (long long)run->up, (long long)run->down);
        if (run->waiting)
            pager_linef(p, SLOT_WARNING,
                        _("%lld members are below their tier's keep rule, in the %d-day grace "
                          "period."),
                        (long long)run->waiting, c->grace_days);
    }
    pager_line(p, SLOT_NORMAL, "");
    for (int f = 0; f < TIER_MAX; f++)
        for (int t = 0; t < TIER_MAX; t++)
            if (f != t && run->moves[f][t]) {
                struct strbuf sb = STRBUF_INIT;
                sb_adds(&sb, "  ");
                width_fit(&sb, member_tier_name(s, f, tn), 12, WIDTH_LEFT);
                sb_adds(&sb, " \xe2\x86\x92 ");
                width_fit(&sb, member_tier_name(s, t, tn2), 12, WIDTH_LEFT);
                sb_addf(&sb, " %6lld", (long long)run->moves[f][t]);
                pager_line(p, t > f ? SLOT_OK : SLOT_WARNING, sb_str(&sb));
                sb_free(&sb);
            }
    if (!run->up && !run->down)
        pager_line(p, SLOT_DIM, _("  nobody changes tier"));
    pager_line(p, SLOT_NORMAL, "");
    for (int t = 0; t < c->n; t++) {
        char enter[160];
        tier_rule_text(&c->tiers[t].enter, s->set.currency, enter, sizeof enter);
        struct strbuf sb = STRBUF_INIT;
        sb_addf(&sb, "  %d ", t);
        width_fit(&sb, c->tiers[t].name, 12, WIDTH_LEFT);
        sb_addf(&sb, " %s", enter);
        pager_line(p, SLOT_DIM, sb_str(&sb));
        sb_free(&sb);
    }
}

static enum reaction tiers_key(struct ui *ui, struct pager *p, void *ctx, int key,
                               enum action a)
{
    (void)ctx;
    (void)a;
    if (key != 'Y' && key != 'y')
        return R_NONE;
    struct tier_run run;
    struct sd_err err = {0};
    ui_busy_begin(ui, _("Recomputing tiers..."));
    int rc = tiers_recompute(ui_session(ui), &run, &err);
    ui_busy_end(ui);
    if (rc) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    tiers_report(ui, p, &run, true);
    pager_set_hint(p, _("q back"));
    pager_set_handler(p, NULL, NULL, NULL, NULL);
    ui_message(ui, SLOT_OK, _("Tiers recomputed: %lld up, %lld down"), (long long)run.up,
               (long long)run.down);
    return R_RELOAD;
}

static enum reaction tiers(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct tier_run run;
    struct sd_err err = {0};
    ui_busy_begin(ui, _("Counting R, F and M..."));
    int rc = tiers_preview(s, &s->set.tiers, &run, &err);
    ui_busy_end(ui);
    if (rc) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct pager *p = pager_new(_("Member tiers"));
    tiers_report(ui, p, &run, false);
    pager_set_handler(p, tiers_key, NULL, NULL, NULL);
    pager_set_hint(p, _("Y recompute the tiers now  q back"));
    pager_push(ui, p);
    return R_REDRAW;
}

/* A gifts run seen in a pager: the gifts made (or that would be) line by line, then what
 * could not be made by rule and reason. */
struct gifts_view {
    struct strbuf made; /* a line each */
    int64_t lines;
    struct gift_groups groups;
};

static void gift_seen(const struct gift_outcome *g, void *ctx)
{
    struct gifts_view *v = ctx;
    if (g->fail) {
        gift_groups_add(&v->groups, g);
        return;
    }
    sb_adds(&v->made, "  ");
    width_fit(&v->made, g->rule, 20, WIDTH_LEFT);
    sb_addf(&v->made, " #%-6lld ", (long long)g->member_id);
    width_fit(&v->made, g->member, 16, WIDTH_LEFT);
    sb_addf(&v->made, " %s %s\n", g->sku, g->order_number);
    v->lines++;
}

static void gifts_show(struct ui *ui, struct pager *p, struct gifts_view *v,
                       const struct gift_report *rep, bool dry)
{
    struct session *s = ui_session(ui);
    char cost[48], left[48];
    pager_clear(p);
    money_format(rep->cost, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, cost, sizeof cost);
    pager_linef(p, SLOT_HEADING,
                dry ? _("The rules would make %lld gifts (%s); %lld cannot be made.")
                    : _("Made %lld gifts (%s); %lld could not be made."),
                (long long)rep->made, cost, (long long)rep->failed);
    if (rep->budget_left >= 0) {
        money_format(rep->budget_left, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, left,
                     sizeof left);
        pager_linef(p, SLOT_DIM, _("Gift budget left this month: %s"), left);
    }
    pager_line(p, SLOT_NORMAL, "");
    char *text = (char *)sb_str(&v->made), *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        pager_line(p, SLOT_GIFT, line);
    for (size_t i = 0; i < v->groups.n; i++) {
        const struct gift_group *g = &v->groups.v[i];
        struct strbuf who = STRBUF_INIT;
        for (int64_t k = 0; k < g->count && k < GIFT_GROUP_IDS; k++)
            sb_addf(&who, "%s#%lld", k ? " " : "", (long long)g->ids[k]);
        if (g->count > GIFT_GROUP_IDS)
            sb_adds(&who, " \xe2\x80\xa6");
        /* L10N: gifts a rule could not make: "birthday, GIFT-BDAY: no stock of the gift (3)" */
        pager_linef(p, SLOT_WARNING, _("  %s, %s: %s (%d)"), g->rule, g->sku,
                    gift_fail_text(g->fail), (int)g->count);
        pager_linef(p, SLOT_DIM, "      %s", sb_str(&who));
        sb_free(&who);
    }
    if (!rep->made && !rep->failed)
        pager_line(p, SLOT_DIM, _("  no gifts are due today"));
    sb_free(&v->made);
    gift_groups_free(&v->groups);
    v->lines = 0;
}

static enum reaction gifts_key(struct ui *ui, struct pager *p, void *ctx, int key,
                               enum action a)
{
    (void)ctx;
    (void)a;
    if (key != 'Y' && key != 'y')
        return R_NONE;
    struct gift_report rep;
    struct gifts_view v = {STRBUF_INIT, 0, {NULL, 0}};
    struct sd_err err = {0};
    ui_busy_begin(ui, _("Making gifts..."));
    int rc = gifts_run(ui_session(ui), date_of(clock_now()), false, gift_seen, &v, &rep, &err);
    ui_busy_end(ui);
    if (rc) {
        sb_free(&v.made);
        gift_groups_free(&v.groups);
        ui_error(ui, &err);
        return R_REDRAW;
    }
    gifts_show(ui, p, &v, &rep, false);
    pager_set_hint(p, _("q back"));
    pager_set_handler(p, NULL, NULL, NULL, NULL);
    ui_message(ui, rep.failed ? SLOT_WARNING : SLOT_OK, _("%lld gifts made, %lld not"),
               (long long)rep.made, (long long)rep.failed);
    return R_RELOAD;
}

static enum reaction gifts(struct ui *ui, void *state)
{
    (void)state;
    struct session *s = ui_session(ui);
    struct gift_report rep;
    struct gifts_view v = {STRBUF_INIT, 0, {NULL, 0}};
    struct sd_err err = {0};
    ui_busy_begin(ui, _("Finding today's gifts..."));
    int rc = gifts_run(s, date_of(clock_now()), true, gift_seen, &v, &rep, &err);
    ui_busy_end(ui);
    if (rc) {
        sb_free(&v.made);
        gift_groups_free(&v.groups);
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct pager *p = pager_new(_("Gifts for today"));
    gifts_show(ui, p, &v, &rep, true);
    if (rep.made) {
        pager_set_handler(p, gifts_key, NULL, NULL, NULL);
        pager_set_hint(p, _("Y make these gifts  q back"));
    }
    pager_push(ui, p);
    return R_REDRAW;
}

/* ---- search and filter ------------------------------------------------------------------ */

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
    struct session *s = ui_session(ui);
    int k = prompt_key(ui, _("Filter by: [t]ier [g] tag, [x] clear"), "tgx");
    if (k == 't') {
        struct strbuf q = STRBUF_INIT;
        char keys[TIER_MAX + 2] = "";
        for (int t = 0; t < s->set.tiers.n && t < TIER_MAX; t++) {
            sb_addf(&q, "%d %s, ", t, s->set.tiers.tiers[t].name);
            keys[t] = (char)('0' + t);
            keys[t + 1] = '\0';
        }
        /* L10N: after the list of tiers ("0 Newcomer, 1 Regular, ") */
        sb_adds(&q, _("a any"));
        strcat(keys, "a");
        int tk = prompt_key(ui, sb_str(&q), keys);
        sb_free(&q);
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
    /* L10N: the members screen's key hint; keep it under 80 columns */
    return _("Enter open  / search  f filter  E edit  M merge  T tiers  P gifts  ? keys");
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_detail, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_SEARCH, do_search, 0, SD_PERM_COUNT, NULL},
    {ACT_FILTER, do_filter, 0, SD_PERM_COUNT, NULL},
    {ACT_CLEAR, do_clear, 0, SD_PERM_COUNT, NULL},
    {ACT_EDIT_MEMBER, edit_selected, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MEMBERS_EDIT, NULL},
    {ACT_MERGE, merge_selected, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MEMBERS_EDIT, NULL},
    {ACT_TIERS, tiers, CHECK_WRITE, SD_PERM_TIERS, NULL},
    {ACT_GIFTS, gifts, CHECK_WRITE, SD_PERM_GIFTS_RUN, NULL},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
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
