#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/disputes.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "tui/dispute_view.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

#define SHOWN 300
/* an unanswered dispute this close to its deadline is shown in the warning colour */
#define DUE_SOON (2 * 3600)

struct disputes_ctx {
    struct dispute *v;
    int n;
};

/* "1:20" / "5h 10m" left, "-0:40" overdue; "answered" for one waiting for the platform */
static void state_text(const struct dispute *d, int64_t now, char buf[64])
{
    if (d->answered_at) {
        snprintf(buf, 64, "%s",
                 dispute_in_time(d->answered_at, d->due_at) ? _("answered") : _("answered late"));
        return;
    }
    char t[32];
    countdown_format(d->due_at - now, t);
    snprintf(buf, 64, "%s", t);
}

static enum theme_slot slot_of(const struct dispute *d, int64_t now)
{
    if (d->answered_at)
        return SLOT_DIM;
    if (d->due_at < now)
        return SLOT_OVERDUE;
    return d->due_at - now < DUE_SOON ? SLOT_WARNING : SLOT_NORMAL;
}

static void build(struct ui *ui, struct pager *p, void *ctxp)
{
    struct disputes_ctx *c = ctxp;
    struct session *s = ui_session(ui);
    struct sd_err err = {0};
    struct dispute_filter f = {true, 0, 0, 0};
    int rc = dispute_list(s, &f, c->v, SHOWN, &c->n, &err);
    int64_t now = clock_now(), overdue = 0;
    bool seconds = false; /* a countdown shown to the second (within 100 minutes) */
    for (int i = 0; i < c->n; i++) {
        const struct dispute *d = &c->v[i];
        overdue += !d->answered_at && d->due_at < now;
        seconds |= !d->answered_at && d->due_at - now < 100 * 60 && now - d->due_at < 100 * 60;
    }
    /* rebuilt as the clock moves: each second while one shows seconds, else each minute */
    pager_set_tick(p, seconds ? 1 : 60);
    char title[160];
    /* L10N: the title of the disputes view: how many are open, how many overdue */
    snprintf(title, sizeof title, _("Open disputes: %d, %lld unanswered past the deadline"), c->n,
             (long long)overdue);
    pager_set_title(p, title);
    if (rc) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    if (!c->n) {
        pager_line(p, SLOT_DIM,
                   _("No open dispute. shopdesk dispute add records one; shopdesk "
                     "import disputes reads the platform's export."));
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    /* L10N: the column headings of the disputes view: time left, number, order, kind, claim */
    width_fit(&sb, _("Left"), 9, WIDTH_RIGHT);
    sb_adds(&sb, "  ");
    width_fit(&sb, _("#"), 4, WIDTH_RIGHT);
    sb_adds(&sb, "  ");
    width_fit(&sb, _("Order"), 20, WIDTH_LEFT);
    sb_adds(&sb, "  ");
    width_fit(&sb, _("Kind"), 10, WIDTH_LEFT);
    sb_adds(&sb, "  ");
    sb_adds(&sb, _("Claim"));
    pager_line(p, SLOT_COLUMN, sb_str(&sb));
    for (int i = 0; i < c->n; i++) {
        const struct dispute *d = &c->v[i];
        char left[64], id[24];
        state_text(d, now, left);
        snprintf(id, sizeof id, "%lld", (long long)d->id);
        sb_reset(&sb);
        width_fit(&sb, left, 9, WIDTH_RIGHT);
        sb_adds(&sb, "  ");
        width_fit(&sb, id, 4, WIDTH_RIGHT);
        sb_adds(&sb, "  ");
        width_fit(&sb, d->number, 20, WIDTH_LEFT);
        sb_adds(&sb, "  ");
        width_fit(&sb, d->kind, 10, WIDTH_LEFT);
        sb_adds(&sb, "  ");
        sb_adds(&sb, d->claim);
        pager_item(p, d->id);
        pager_line(p, slot_of(d, now), sb_str(&sb));
    }
    pager_item(p, 0);
    sb_free(&sb);
}

static void detail_push(struct ui *ui, int64_t id)
{
    struct session *s = ui_session(ui);
    struct dispute d;
    struct sd_err err = {0};
    char title[120];
    /* L10N: the title of a dispute's page; %lld its number */
    snprintf(title, sizeof title, _("Dispute #%lld"), (long long)id);
    struct pager *p = pager_new(title);
    if (dispute_get(s, id, &d, &err)) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        pager_push(ui, p);
        return;
    }
    char buf[160], when[32], left[64];
    int64_t now = clock_now();
    snprintf(buf, sizeof buf, "%s (%s)", d.number, d.platform);
    pager_field(p, _("Order"), SLOT_NORMAL, buf);
    if (d.refund_id) {
        snprintf(buf, sizeof buf, "#%lld", (long long)d.refund_id);
        pager_field(p, _("Refund"), SLOT_NORMAL, buf);
    }
    pager_field(p, _("Kind"), SLOT_NORMAL, d.kind);
    if (d.ref[0])
        pager_field(p, _("Platform no."), SLOT_NORMAL, d.ref);
    time_format_local(d.opened_at, when);
    pager_field(p, _("Opened"), SLOT_NORMAL, when);
    time_format_local(d.due_at, when);
    state_text(&d, now, left);
    snprintf(buf, sizeof buf, "%s (%s)", when, left);
    pager_field(p, _("Answer by"), d.outcome == DISPUTE_OPEN ? slot_of(&d, now) : SLOT_NORMAL, buf);
    pager_field(p, _("Buyer"), SLOT_NORMAL, d.buyer);
    pager_field(p, _("Claim"), SLOT_NORMAL, "");
    pager_wrapped(p, SLOT_NORMAL, d.claim, 8);
    if (d.answered_at) {
        time_format_local(d.answered_at, when);
        snprintf(buf, sizeof buf, "%s, %s, %s", when, d.answered_by,
                 dispute_in_time(d.answered_at, d.due_at) ? _("in time") : _("late"));
        pager_field(p, _("Answered"), SLOT_NORMAL, buf);
        pager_wrapped(p, SLOT_NORMAL, d.answer, 12);
    }
    pager_field(p, _("Outcome"), d.outcome == DISPUTE_LOST ? SLOT_WARNING : SLOT_NORMAL,
                dispute_outcome_label(d.outcome));
    if (d.responsible[0])
        pager_field(p, _("Held responsible"), SLOT_NORMAL, d.responsible);
    char paths[20][512], sha[20][65];
    int nev = store_dispute_evidence(s->st, id, paths, sha, 20, &err);
    for (int i = 0; i < nev; i++) {
        pager_field(p, _("Evidence"), SLOT_NORMAL, paths[i]);
        pager_linef(p, SLOT_DIM, "  sha256 %s", sha[i]);
    }
    pager_set_hint(p, _("j k scroll  q back"));
    pager_push(ui, p);
}

static enum reaction answer(struct ui *ui, int64_t id)
{
    char q[120], *note = NULL, *file = NULL;
    /* L10N: a prompt: the answer the shop sent to the platform about dispute #N */
    snprintf(q, sizeof q, _("Answer sent for dispute #%lld:"), (long long)id);
    if (prompt_line(ui, q, "", &note) != PROMPT_OK)
        return R_REDRAW;
    if (prompt_line(ui, _("Evidence file (Enter for none):"), "", &file) != PROMPT_OK) {
        free(note);
        return R_REDRAW;
    }
    const char *files[2] = {file && *file ? file : NULL, NULL};
    struct sd_err err = {0};
    int rc = dispute_answer(ui_session(ui), id, note, files, &err);
    free(note);
    free(file);
    if (rc)
        ui_error(ui, &err);
    else
        /* L10N: after answering dispute #N */
        ui_message(ui, SLOT_OK, _("dispute #%lld answered"), (long long)id);
    return R_RELOAD;
}

static enum reaction decide(struct ui *ui, int64_t id)
{
    char q[160];
    /* L10N: a question with three keys: w, l, x (keep the letters) */
    snprintf(q, sizeof q, _("Dispute #%lld: w won, l lost, x withdrawn by the buyer"),
             (long long)id);
    int k = prompt_key(ui, q, "wlx");
    if (k < 0)
        return R_REDRAW;
    enum dispute_outcome o = k == 'w' ? DISPUTE_WON : k == 'l' ? DISPUTE_LOST : DISPUTE_WITHDRAWN;
    char *who = NULL;
    if (prompt_line(ui, _("Held responsible (Enter: not said):"), "", &who) != PROMPT_OK)
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = dispute_close(ui_session(ui), id, o, who, &err);
    free(who);
    if (rc)
        ui_error(ui, &err);
    else
        /* L10N: "dispute #3: lost" */
        ui_message(ui, SLOT_OK, _("dispute #%lld: %s"), (long long)id, dispute_outcome_label(o));
    return R_RELOAD;
}

static enum reaction on_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    (void)ctxp;
    long long id = pager_selected(p);
    if (id <= 0)
        return R_NONE;
    if (a == ACT_OPEN) {
        detail_push(ui, id);
        return R_REDRAW;
    }
    if (key == 'A')
        return answer(ui, id);
    if (key == 'C')
        return decide(ui, id);
    return R_NONE;
}

static void free_ctx(void *ctxp)
{
    struct disputes_ctx *c = ctxp;
    free(c->v);
    free(c);
}

void disputes_view_push(struct ui *ui)
{
    struct disputes_ctx *c = xcalloc(1, sizeof *c);
    c->v = xcalloc(SHOWN, sizeof *c->v);
    struct pager *p = pager_new("");
    build(ui, p, c);
    pager_set_handler(p, on_key, build, free_ctx, c);
    /* L10N: the key hint under the disputes view; under 80 columns */
    pager_set_hint(p, _("Enter open  A answer  C decided  j k move  q back"));
    pager_push(ui, p);
}
