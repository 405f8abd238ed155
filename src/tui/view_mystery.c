#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/mystery.h"
#include "tui/draw.h"
#include "app/detail.h"
#include "app/mystery.h"
#include "tui/detail_view.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/mystery_form.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/decimal.h"
#include "util/xalloc.h"

struct mystery_screen {
    struct ui *ui;
    struct list list;
    struct mystery_viewer viewer;
};

static int fetch(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err)
{
    struct mystery_screen *ms = ctx;
    return store_mystery_page(ui_session(ms->ui)->st, &ms->viewer, from, forward, inclusive, n, out,
                              err);
}

static long long row_id(const void *row)
{
    return ((const struct mystery_row *)row)->id;
}

static const struct list_source source = {sizeof(struct mystery_row), fetch, NULL, row_id,
                                          NULL};

static void *open_screen(struct ui *ui)
{
    struct mystery_screen *ms = xcalloc(1, sizeof *ms);
    struct session *s = ui_session(ui);
    ms->ui = ui;
    ms->viewer.login = s->who;
    ms->viewer.owner = (s->roles & SD_ROLE_OWNER) != 0;
    ms->viewer.shopper = (s->roles & SD_ROLE_SHOPPER) != 0;
    list_init(&ms->list, &source, ms);
    list_load(&ms->list);
    return ms;
}

static void close_screen(void *state)
{
    struct mystery_screen *ms = state;
    list_free(&ms->list);
    free(ms);
}

static void reload(struct ui *ui, void *state)
{
    (void)ui;
    list_reload(&((struct mystery_screen *)state)->list);
}

static struct list *get_list(void *state)
{
    return &((struct mystery_screen *)state)->list;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct mystery_screen *ms = state;
    (void)ui;
    int wid = 5, wvisit = 11, wscore = 8, wstatus = 10, wshopper = COLS >= 100 ? 14 : 10,
        wcard = COLS >= 100 ? 20 : 14;
    int wtarget = COLS - (wid + wvisit + wscore + wstatus + wshopper + wcard + 6);
    if (wtarget < 8)
        wtarget = 8;
    int widths[] = {wid, wvisit, wtarget, wcard, wshopper, wscore, wstatus};
    bool right[] = {true, false, false, false, false, true, false};
    /* L10N: column headings of the mystery reports list */
    const char *heads[] = {_("#"),       _("Visited"), _("Target"), _("Scorecard"),
                           _("Shopper"), _("Score"),   _("Status")};
    draw_fill(top, 0, COLS, SLOT_COLUMN);
    int x = 0;
    for (int i = 0; i < 7; i++) {
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
        const struct mystery_row *r = list_row(&ms->list, idx);
        bool sel = idx == ms->list.sel;
        enum theme_slot base = sel ? SLOT_SELECTED : SLOT_NORMAL;
        char id[24], when[32], score[16] = "", target[128];
        snprintf(id, sizeof id, "%lld", (long long)r->id);
        time_format_short(r->visited_at, now, when);
        if (r->score >= 0)
            hundredths_text(r->score, "%", score, sizeof score);
        snprintf(target, sizeof target, "%s: %s", mystery_target_text(r->target_kind), r->target);
        const char *cells[] = {id,
                               when,
                               target,
                               r->scorecard,
                               r->shopper_hidden ? "\xe2\x80\x94" : r->shopper,
                               score,
                               mystery_status_text(r->status)};
        int y = top + 1 + i;
        draw_fill(y, 0, COLS, base);
        x = 0;
        for (int k = 0; k < 7; k++) {
            enum theme_slot slot = base;
            if (!sel && k == 5 && r->critical_failed)
                slot = SLOT_OVERDUE;
            draw_text(y, x, widths[k], slot, cells[k], right[k] ? WIDTH_RIGHT : WIDTH_LEFT);
            x += widths[k] + 1;
        }
    }
    if (ms->list.n == 0)
        draw_text(top + rows - 1, 0, COLS, SLOT_DIM,
                  ms->viewer.owner || ms->viewer.shopper ? _("No mystery-shopper reports.")
                                                         : _("No released feedback about you."),
                  WIDTH_LEFT);
}

static const char *hint(void *state)
{
    struct mystery_screen *ms = state;
    struct session *s = ui_session(ms->ui);
    /* only the keys this person may use */
    if (perm_allowed(s->roles, SD_PERM_MYSTERY_MANAGE))
        return _("Enter open  N new  t trends  c compare  a actions  ? keys");
    if (perm_allowed(s->roles, SD_PERM_MYSTERY_FILE))
        /* L10N: the mystery screen's key hint for shoppers; under 80 columns */
        return _("Enter open  N new report  S submit  a action items  ? keys");
    /* L10N: the mystery screen's key hint for staff who neither file nor manage reports */
    return _("Enter open  a my action items  ? keys");
}

/* A document in a pager over the list: a report, the trends, the comparison, the actions. */
enum doc { DOC_REPORT, DOC_TRENDS, DOC_COMPARE };

static enum reaction step_id(struct ui *ui, int64_t id, enum mystery_step which);

static void rebuild_report(struct ui *ui, struct pager *p, void *ctx)
{
    struct detail d;
    struct sd_err err = {0};
    detail_init(&d);
    if (mystery_detail(ui_session(ui), *(int64_t *)ctx, &d, &err))
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    else
        detail_to_pager(&d, p);
    detail_free(&d);
}

static enum reaction report_key(struct ui *ui, struct pager *p, void *ctx, int key, enum action a)
{
    (void)p;
    (void)a;
    int64_t id = *(int64_t *)ctx;
    static const struct {
        enum action act;
        enum mystery_step step;
    } steps[] = {{ACT_SUBMIT_REPORT, STEP_SUBMIT},
                 {ACT_REVIEW_REPORT, STEP_REVIEW},
                 {ACT_RELEASE_REPORT, STEP_RELEASE},
                 {ACT_LOCK_REPORT, STEP_LOCK}};
    enum action act = ui_action_for(ui, key);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i].act == act)
            return step_id(ui, id, steps[i].step);
    return R_NONE;
}

static enum reaction show(struct ui *ui, enum doc which, int64_t id)
{
    struct session *s = ui_session(ui);
    struct detail d;
    struct sd_err err = {0};
    detail_init(&d);
    int rc = which == DOC_REPORT   ? mystery_detail(s, id, &d, &err)
             : which == DOC_TRENDS ? mystery_trends_detail(s, &d, &err)
                                   : mystery_compare_detail(s, &d, &err);
    if (rc) {
        detail_free(&d);
        ui_error(ui, &err);
        return R_REDRAW;
    }
    struct pager *p = pager_new("");
    detail_to_pager(&d, p);
    detail_free(&d);
    if (which == DOC_REPORT) { /* the report's steps work here too */
        int64_t *ctx = xmalloc(sizeof *ctx);
        *ctx = id;
        pager_set_handler(p, report_key, rebuild_report, free, ctx);
        unsigned roles = ui_session(ui)->roles;
        pager_set_hint(p, perm_allowed(roles, SD_PERM_MYSTERY_MANAGE)
                              ? _("S submit  V reviewed  F release  L lock  q back")
                          : perm_allowed(roles, SD_PERM_MYSTERY_FILE) ? _("S submit  q back")
                                                                      : _("q back"));
    }
    pager_push(ui, p);
    return R_REDRAW;
}

static enum reaction open_report(struct ui *ui, void *state)
{
    struct mystery_screen *ms = state;
    return show(ui, DOC_REPORT, ((const struct mystery_row *)list_selected(&ms->list))->id);
}

static enum reaction trends(struct ui *ui, void *state)
{
    (void)state;
    return show(ui, DOC_TRENDS, 0);
}

static enum reaction compare(struct ui *ui, void *state)
{
    (void)state;
    return show(ui, DOC_COMPARE, 0);
}

/* ---- the open action items: D done, X dropped, Enter the report they came from ---- */

#define ACTION_ROWS 200

struct items_ctx {
    struct mystery_action_row *v;
    int n;
};

static void build_items(struct ui *ui, struct pager *p, void *ctxp)
{
    struct items_ctx *c = ctxp;
    struct sd_err err = {0};
    int k = mystery_open_actions(ui_session(ui), c->v, ACTION_ROWS, &err);
    c->n = k < 0 ? 0 : k;
    pager_set_title(p, _("Open action items"));
    if (k < 0) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    if (!c->n) {
        pager_line(p, SLOT_OK, _("No open action items."));
        return;
    }
    char today[11];
    date_format(date_of(clock_now()), today);
    const char *who = "";
    for (int i = 0; i < c->n; i++) {
        const struct mystery_action_row *a = &c->v[i];
        if (strcmp(who, a->owner)) {
            pager_item(p, 0);
            if (i)
                pager_line(p, SLOT_NORMAL, "");
            pager_line(p, SLOT_HEADING, who = a->owner);
        }
        bool late = strcmp(a->due, today) < 0;
        pager_item(p, a->id);
        /* the date and the report whole on the first line, the words wrapped under them */
        pager_linef(p, late ? SLOT_OVERDUE : SLOT_NORMAL, "  %s%s  (%s #%lld)", a->due,
                    late ? _("  past due") : "", _("report"), (long long)a->report_id);
        pager_wrapped(p, late ? SLOT_OVERDUE : SLOT_NORMAL, a->text, 4);
    }
    pager_item(p, 0);
}

static const struct mystery_action_row *item_selected(struct pager *p, struct items_ctx *c)
{
    long long id = pager_selected(p);
    for (int i = 0; id && i < c->n; i++)
        if (c->v[i].id == id)
            return &c->v[i];
    return NULL;
}

static enum reaction item_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    (void)key;
    struct items_ctx *c = ctxp;
    if (a != ACT_ITEM_DONE && a != ACT_ITEM_DROP && a != ACT_OPEN)
        return R_NONE;
    const struct mystery_action_row *it = item_selected(p, c);
    if (!it) {
        ui_message(ui, SLOT_INFO, "%s", _("No open action items."));
        return R_REDRAW;
    }
    if (a == ACT_OPEN)
        return show(ui, DOC_REPORT, it->report_id);
    struct session *s = ui_session(ui);
    if (strcmp(it->owner, s->who) && !perm_allowed(s->roles, SD_PERM_MYSTERY_MANAGE)) {
        /* L10N: %s is the login the action item belongs to */
        ui_message(ui, SLOT_WARNING, _("This action item is %s's: they or an owner close it."),
                   it->owner);
        return R_REDRAW;
    }
    char q[400];
    if (a == ACT_ITEM_DROP) {
        snprintf(q, sizeof q, _("Drop \xe2\x80\x9c%s\xe2\x80\x9d? (y/n)"), it->text);
        if (!prompt_confirm(ui, q))
            return R_REDRAW;
    }
    struct sd_err err = {0};
    int64_t id = it->id;
    if (mystery_action_set(s, id, a == ACT_ITEM_DONE ? "done" : "dropped", &err)) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    ui_message(ui, SLOT_OK,
               a == ACT_ITEM_DONE ? _("Action item #%lld is done.") : _("Action item #%lld is dropped."),
               (long long)id);
    return R_RELOAD;
}

static void free_items(void *ctxp)
{
    struct items_ctx *c = ctxp;
    free(c->v);
    free(c);
}

static void push_items(struct ui *ui)
{
    struct items_ctx *c = xcalloc(1, sizeof *c);
    c->v = xcalloc(ACTION_ROWS, sizeof *c->v);
    struct pager *p = pager_new("");
    build_items(ui, p, c);
    pager_set_handler(p, item_key, build_items, free_items, c);
    /* L10N: the key hint under the open action items; under 80 columns */
    pager_set_hint(p, _("D done  X drop  Enter its report  j k move  q back"));
    pager_push(ui, p);
}

static enum reaction action_items(struct ui *ui, void *state)
{
    (void)state;
    push_items(ui);
    return R_REDRAW;
}

void mystery_show_actions(struct ui *ui)
{
    if (ui_show(ui, &screen_mystery))
        push_items(ui);
}

/* A step of the selected report: S submit, V review, F release (asks for the feedback),
 * L lock (asks first). */
static enum reaction step(struct ui *ui, struct mystery_screen *ms, enum mystery_step which)
{
    return step_id(ui, ((const struct mystery_row *)list_selected(&ms->list))->id, which);
}

static enum reaction step_id(struct ui *ui, int64_t id, enum mystery_step which)
{
    struct sd_err first = {0};
    if (mystery_check(ui_session(ui), id, which, &first)) { /* before anything is asked */
        ui_error(ui, &first);
        return R_REDRAW;
    }
    char *feedback = NULL;
    if (which == STEP_RELEASE &&
        prompt_line(ui, _("Feedback the target reads:"), "", &feedback) != PROMPT_OK)
        return R_REDRAW;
    if (which == STEP_LOCK) {
        char q[120];
        snprintf(q, sizeof q, _("Lock report #%lld for good? (y/n)"), (long long)id);
        if (!prompt_confirm(ui, q))
            return R_REDRAW;
    }
    struct sd_err err = {0};
    int rc = mystery_step(ui_session(ui), id, which, feedback, &err);
    free(feedback);
    if (rc)
        ui_error(ui, &err);
    else
        ui_message(ui, SLOT_OK, _("report #%lld is %s"), (long long)id,
                   mystery_status_label(which == STEP_SUBMIT    ? MYSTERY_SUBMITTED
                                        : which == STEP_REVIEW  ? MYSTERY_REVIEWED
                                        : which == STEP_RELEASE ? MYSTERY_RELEASED
                                                                : MYSTERY_LOCKED));
    return R_RELOAD;
}

static int check_step(struct ui *ui, void *state, enum mystery_step step, struct sd_err *err)
{
    struct mystery_screen *ms = state;
    int64_t id = ((const struct mystery_row *)list_selected(&ms->list))->id;
    return mystery_check(ui_session(ui), id, step, err);
}

static int check_submit(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_SUBMIT, err);
}

static int check_review(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_REVIEW, err);
}

static int check_release(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_RELEASE, err);
}

static int check_lock(struct ui *ui, void *state, struct sd_err *err)
{
    return check_step(ui, state, STEP_LOCK, err);
}

static enum reaction submit_report(struct ui *ui, void *state)
{
    return step(ui, state, STEP_SUBMIT);
}

static enum reaction review_report(struct ui *ui, void *state)
{
    return step(ui, state, STEP_REVIEW);
}

static enum reaction release_report(struct ui *ui, void *state)
{
    return step(ui, state, STEP_RELEASE);
}

static enum reaction lock_report(struct ui *ui, void *state)
{
    return step(ui, state, STEP_LOCK);
}

static enum reaction new_report(struct ui *ui, void *state)
{
    (void)state;
    return mystery_form_run(ui);
}

static const struct screen_action actions[] = {
    {ACT_OPEN, open_report, CHECK_SELECTION, SD_PERM_COUNT, NULL},
    {ACT_NEW_REPORT, new_report, CHECK_WRITE, SD_PERM_MYSTERY_FILE, NULL},
    {ACT_TRENDS, trends, 0, SD_PERM_MYSTERY_MANAGE, NULL},
    {ACT_COMPARE, compare, 0, SD_PERM_MYSTERY_MANAGE, NULL},
    {ACT_ACTION_ITEMS, action_items, 0, SD_PERM_COUNT, NULL},
    {ACT_ITEM_DONE, action_items, 0, SD_PERM_COUNT, NULL},
    {ACT_ITEM_DROP, action_items, 0, SD_PERM_COUNT, NULL},
    {ACT_SUBMIT_REPORT, submit_report, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MYSTERY_FILE,
     check_submit},
    {ACT_REVIEW_REPORT, review_report, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MYSTERY_MANAGE,
     check_review},
    {ACT_RELEASE_REPORT, release_report, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MYSTERY_MANAGE,
     check_release},
    {ACT_LOCK_REPORT, lock_report, CHECK_SELECTION | CHECK_WRITE, SD_PERM_MYSTERY_MANAGE,
     check_lock},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
};

/* Everyone may open it: what each person sees is filtered by who they are. */
const struct screen_ops screen_mystery = {
    .name = "mystery",
    .title = N_("Mystery"),
    .perm = SD_PERM_MYSTERY_VIEW,
    .scope = SCOPE_MYSTERY,
    .is_list = true,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .reload = reload,
    .list = get_list,
    .hint = hint,
    .actions = actions,
};
