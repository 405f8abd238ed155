#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance.h"
#include "app/session.h"
#include "tui/pager.h"
#include "tui/performance_view.h"
#include "tui/prompt.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

struct perf_ctx {
    char month[8];
    char login[64]; /* the sheet shown; "" for the owner's list */
    struct perf_sheet *list;
    int n;
};

static void free_list(struct perf_ctx *c)
{
    for (int i = 0; i < c->n; i++)
        perf_sheet_clear(&c->list[i]);
    free(c->list);
    c->list = NULL;
    c->n = 0;
}

static bool is_owner(struct ui *ui)
{
    return (ui_session(ui)->roles & SD_ROLE_OWNER) != 0;
}

static const char *state_label(const struct perf_sheet *p)
{
    return !p->exists        ? _("not scored")
           : p->signed_at    ? _("signed")
           : p->disagreed_at ? _("disagreed")
                             : _("scored, to sign");
}

static void build_sheet(struct ui *ui, struct pager *p, void *ctxp)
{
    struct perf_ctx *c = ctxp;
    struct session *s = ui_session(ui);
    char title[120];
    /* L10N: the title of a performance sheet: the login and the month */
    snprintf(title, sizeof title, _("Performance: %s, %s"), c->login, c->month);
    pager_set_title(p, title);
    struct perf_sheet sh;
    struct perf_figures f;
    struct sd_err err = {0};
    if (perf_show(s, c->login, c->month, &sh, &f, &err)) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    perf_sheet_text(&sh, &f, &sb);
    /* line by line; the first (the title) is already above */
    const char *t = strchr(sb_str(&sb), '\n');
    for (t = t ? t + 1 : sb_str(&sb); *t;) {
        const char *e = strchr(t, '\n');
        size_t len = e ? (size_t)(e - t) : strlen(t);
        char *line = xstrndup(t, len);
        pager_wrapped(p, SLOT_NORMAL, line + strspn(line, " "), 6);
        free(line);
        t += len + (e ? 1 : 0);
    }
    sb_free(&sb);
    bool own = !strcmp(c->login, s->who);
    if (sh.signed_at)
        pager_set_hint(p, _("j k scroll  q back"));
    else if (is_owner(ui) && own)
        pager_set_hint(p, _("S score  Y sign  D disagree  q back"));
    else if (is_owner(ui))
        pager_set_hint(p, _("S score  q back"));
    else
        pager_set_hint(p, _("Y sign  D disagree  q back"));
    perf_sheet_clear(&sh);
}

static enum reaction score(struct ui *ui, struct perf_ctx *c)
{
    char q[120], *num = NULL, *comment = NULL;
    /* L10N: a prompt: the owner's score for a person's month */
    snprintf(q, sizeof q, _("Score for %s, %s (0-100):"), c->login, c->month);
    if (prompt_line(ui, q, "", &num) != PROMPT_OK)
        return R_REDRAW;
    char *end;
    long v = strtol(num, &end, 10);
    bool ok = *num && !*end && v >= 0 && v <= 100;
    free(num);
    if (!ok) {
        ui_message(ui, SLOT_ERROR, "%s", _("a score is 0 to 100"));
        return R_REDRAW;
    }
    if (prompt_line(ui, _("Comment:"), "", &comment) != PROMPT_OK)
        return R_REDRAW;
    struct sd_err err = {0};
    int rc = perf_score(ui_session(ui), c->login, c->month, (int)v, comment, &err);
    free(comment);
    if (rc)
        ui_error(ui, &err);
    else
        ui_message(ui, SLOT_OK, _("%s, %s: scored %ld"), c->login, c->month, v);
    return R_RELOAD;
}

static enum reaction sign(struct ui *ui, struct perf_ctx *c, bool disagree)
{
    char *note = NULL;
    if (disagree) {
        if (prompt_line(ui, _("What you disagree with:"), "", &note) != PROMPT_OK)
            return R_REDRAW;
    } else {
        char q[120];
        /* L10N: a question before signing one's sheet (y/n) */
        snprintf(q, sizeof q, _("Sign your sheet of %s? It is locked then. (y/n)"), c->month);
        if (!prompt_confirm(ui, q))
            return R_REDRAW;
    }
    struct sd_err err = {0};
    int rc = perf_sign(ui_session(ui), c->month, disagree ? note : NULL, &err);
    free(note);
    if (rc)
        ui_error(ui, &err);
    else
        ui_message(ui, SLOT_OK, "%s",
                   disagree ? _("your disagreement is recorded")
                            : _("signed; the sheet is locked"));
    return R_RELOAD;
}

static enum reaction sheet_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    (void)p;
    (void)a;
    struct perf_ctx *c = ctxp;
    bool own = !strcmp(c->login, ui_session(ui)->who);
    if (key == 'S' && is_owner(ui))
        return score(ui, c);
    if ((key == 'Y' || key == 'D') && own)
        return sign(ui, c, key == 'D');
    return R_NONE;
}

static void sheet_push(struct ui *ui, const char *login, const char *month)
{
    struct perf_ctx *c = xcalloc(1, sizeof *c);
    snprintf(c->login, sizeof c->login, "%s", login);
    snprintf(c->month, sizeof c->month, "%s", month);
    struct pager *p = pager_new("");
    build_sheet(ui, p, c);
    pager_set_handler(p, sheet_key, build_sheet, free, c);
    pager_push(ui, p);
}

static void build_list(struct ui *ui, struct pager *p, void *ctxp)
{
    struct perf_ctx *c = ctxp;
    char title[120];
    /* L10N: the title of the owner's performance sheets; a month */
    snprintf(title, sizeof title, _("Performance sheets, %s"), c->month);
    pager_set_title(p, title);
    free_list(c);
    struct sd_err err = {0};
    if (perf_list(ui_session(ui), c->month, &c->list, &c->n, &err)) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < c->n; i++) {
        const struct perf_sheet *sh = &c->list[i];
        char sc[16] = "-";
        if (sh->score >= 0)
            snprintf(sc, sizeof sc, "%d", sh->score);
        sb_reset(&sb);
        width_fit(&sb, sh->login, 20, WIDTH_LEFT);
        sb_adds(&sb, "  ");
        width_fit(&sb, sc, 5, WIDTH_RIGHT);
        sb_adds(&sb, "  ");
        sb_adds(&sb, state_label(sh));
        pager_item(p, i + 1);
        pager_line(p,
                   sh->disagreed_at && !sh->signed_at ? SLOT_WARNING
                   : sh->signed_at                    ? SLOT_OK
                                                      : SLOT_NORMAL,
                   sb_str(&sb));
    }
    pager_item(p, 0);
    sb_free(&sb);
}

static void month_step(char month[8], int delta)
{
    int y, m;
    if (sscanf(month, "%4d-%2d", &y, &m) != 2)
        return;
    m += delta;
    if (m < 1) {
        m = 12;
        y--;
    } else if (m > 12) {
        m = 1;
        y++;
    }
    snprintf(month, 8, "%04d-%02d", (y % 10000 + 10000) % 10000, (m % 100 + 100) % 100);
}

static enum reaction list_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    struct perf_ctx *c = ctxp;
    if (key == '[' || key == ']') {
        month_step(c->month, key == '[' ? -1 : 1);
        return R_RELOAD;
    }
    long long i = pager_selected(p);
    if (a == ACT_OPEN && i >= 1 && i <= c->n) {
        sheet_push(ui, c->list[i - 1].login, c->month);
        return R_REDRAW;
    }
    return R_NONE;
}

static void free_ctx(void *ctxp)
{
    struct perf_ctx *c = ctxp;
    free_list(c);
    free(c);
}

void performance_view_push(struct ui *ui)
{
    char month[8];
    perf_last_month(month);
    if (!is_owner(ui)) {
        sheet_push(ui, ui_session(ui)->who, month);
        return;
    }
    struct perf_ctx *c = xcalloc(1, sizeof *c);
    snprintf(c->month, sizeof c->month, "%s", month);
    struct pager *p = pager_new("");
    build_list(ui, p, c);
    pager_set_handler(p, list_key, build_list, free_ctx, c);
    /* L10N: the key hint under the owner's performance sheets; under 80 columns */
    pager_set_hint(p, _("Enter open  [ ] month  j k move  q back"));
    pager_push(ui, p);
}
