/* The ratings left to answer, over the Orders screen: lowest first, each with its words
 * wrapped to the width; A answers the selected one, H marks it handled without a reply. An
 * answered rating leaves the list and the next one is selected, so an agent works down it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ratings.h"
#include "app/session.h"
#include "core/tz.h"
#include "tui/draw.h"
#include "tui/pager.h"
#include "tui/prompt.h"
#include "tui/ratings_view.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define RATINGS_SHOWN 200
#define COMMENT_LINES 6

struct ratings_ctx {
    struct rating *v;
    int n;
};

static void build(struct ui *ui, struct pager *p, void *ctxp)
{
    struct ratings_ctx *c = ctxp;
    struct sd_err err = {0};
    int64_t total;
    int k = ratings_to_answer(ui_session(ui), c->v, RATINGS_SHOWN, &total, &err);
    c->n = k < 0 ? 0 : k;
    char title[200];
    /* L10N: the title of the ratings to answer in the console; %lld is how many */
    snprintf(title, sizeof title,
             P_("%lld rating to answer, lowest first", "%lld ratings to answer, lowest first",
                total),
             (long long)total);
    if (total > c->n) {
        size_t len = strlen(title);
        /* L10N: after the title when not all ratings are listed; %d is how many are */
        snprintf(title + len, sizeof title - len, _(" (the first %d here)"), c->n);
    }
    pager_set_title(p, title);
    if (k < 0) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    if (c->n == 0) {
        pager_line(p, SLOT_OK, _("Every rating has a reply or is marked handled."));
        return;
    }
    for (int i = 0; i < c->n; i++) {
        const struct rating *r = &c->v[i];
        char when[32];
        time_format_local(r->rated_at, when);
        pager_item(p, i + 1);
        enum theme_slot slot = r->rating <= 2 ? SLOT_OVERDUE : SLOT_NORMAL;
        pager_linef(p, slot, "%d\xe2\x98\x85  %s  %s %s%s", r->rating, when, r->platform,
                    r->number, r->order_id ? "" : _("  (order not in the shop)"));
        if (!r->comment[0] || !pager_wrapped(p, SLOT_NORMAL, r->comment, COMMENT_LINES))
            pager_wrapped(p, SLOT_NORMAL, _("(no words, only the stars)"), 1);
    }
    pager_item(p, 0);
}

static const struct rating *selected(struct pager *p, struct ratings_ctx *c)
{
    long long i = pager_selected(p);
    return i >= 1 && i <= c->n ? &c->v[i - 1] : NULL;
}

static enum reaction on_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    (void)key;
    struct ratings_ctx *c = ctxp;
    if (a != ACT_ANSWER && a != ACT_HANDLED && a != ACT_OPEN)
        return R_NONE;
    const struct rating *r = selected(p, c);
    if (!r) {
        ui_message(ui, SLOT_INFO, "%s", _("No rating is waiting for an answer."));
        return R_REDRAW;
    }
    char ref[80], q[1400];
    snprintf(ref, sizeof ref, "%s:%s", r->platform, r->number);
    struct sd_err err = {0};
    int rc;
    if (a == ACT_HANDLED) {
        /* L10N: %1$d stars, %2$s the order number */
        snprintf(q, sizeof q, _("Mark the %1$d\xe2\x98\x85 rating of %2$s handled without a reply? "
                                "(y/n)"),
                 r->rating, r->number);
        if (!prompt_confirm(ui, q))
            return R_REDRAW;
        rc = ratings_handle(ui_session(ui), ref, &err);
    } else {
        /* the buyer's words in the question: the answer is typed reading them */
        /* L10N: %1$d stars, %2$s the order number, %3$s the buyer's words */
        snprintf(q, sizeof q, _("Reply to the %1$d\xe2\x98\x85 rating of %2$s (\xe2\x80\x9c%3$s\xe2\x80\x9d):"),
                 r->rating, r->number, r->comment[0] ? r->comment : "-");
        char *text = NULL;
        const char *ask = q;
        char again[1500];
        for (;;) {
            if (prompt_line(ui, ask, "", &text) != PROMPT_OK)
                return R_REDRAW;
            if (*text)
                break;
            free(text);
            text = NULL;
            /* L10N: before the question again after a blank reply */
            snprintf(again, sizeof again, _("A reply needs some words (Esc: not now). %s"), q);
            ask = again;
        }
        rc = ratings_reply(ui_session(ui), ref, text, &err);
        free(text);
    }
    if (rc) {
        ui_error(ui, &err);
        return R_REDRAW;
    }
    ui_message(ui, SLOT_OK,
               a == ACT_HANDLED ? _("The rating of %s is marked handled.")
                                : _("Replied to the rating of %s."),
               r->number);
    return R_RELOAD;
}

static void free_ctx(void *ctxp)
{
    struct ratings_ctx *c = ctxp;
    free(c->v);
    free(c);
}

void ratings_view_push(struct ui *ui, const char *number)
{
    struct ratings_ctx *c = xcalloc(1, sizeof *c);
    c->v = xcalloc(RATINGS_SHOWN, sizeof *c->v);
    struct pager *p = pager_new("");
    build(ui, p, c);
    for (int i = 0; number && i < c->n; i++)
        if (!strcmp(c->v[i].number, number)) {
            pager_select(p, i + 1);
            break;
        }
    pager_set_handler(p, on_key, build, free_ctx, c);
    /* L10N: the key hint under the ratings to answer; under 80 columns */
    pager_set_hint(p, _("A answer  H handled without a reply  j k move  q back"));
    pager_push(ui, p);
}
