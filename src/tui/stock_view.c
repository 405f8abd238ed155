/* The stock by SKU and condition, and a SKU's ledger of movements (read only: goods are
 * received and counted with `shopdesk stock`, and come back through the scan screen). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "core/tz.h"
#include "tui/pager.h"
#include "tui/stock_view.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

#define SKUS_SHOWN 500
#define MOVES_SHOWN 300

struct stock_ctx {
    struct stock_row *v;
    int n;
};

/* a row of columns: the SKU left, the counts right-aligned under their headings */
static void columns(struct strbuf *sb, const char *sku, const char *a, const char *b,
                    const char *c)
{
    sb_reset(sb);
    width_fit(sb, sku, 24, WIDTH_LEFT);
    sb_adds(sb, "  ");
    width_fit(sb, a, 9, WIDTH_RIGHT);
    sb_adds(sb, "  ");
    width_fit(sb, b, 9, WIDTH_RIGHT);
    sb_adds(sb, "  ");
    width_fit(sb, c, 9, WIDTH_RIGHT);
}

static void build(struct ui *ui, struct pager *p, void *ctxp)
{
    struct stock_ctx *c = ctxp;
    struct sd_err err = {0};
    int found = 0;
    /* one more than are shown: whether there are more */
    int rc = stock_page(ui_session(ui), "", NULL, c->v, SKUS_SHOWN + 1, &found, &err);
    bool more = !rc && found > SKUS_SHOWN;
    c->n = rc ? 0 : more ? SKUS_SHOWN : found;
    char title[200];
    if (more)
        /* L10N: the title of the stock view of a shop with more SKUs than it shows */
        snprintf(title, sizeof title,
                 _("Stock: the first %d SKUs (shopdesk stock list has them all)"), c->n);
    else
        /* L10N: the title of the stock view; %d is how many SKUs */
        snprintf(title, sizeof title, P_("Stock: %d SKU", "Stock: %d SKUs", c->n), c->n);
    pager_set_title(p, title);
    if (rc) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    if (!c->n) {
        pager_line(p, SLOT_DIM, _("Nothing in stock yet: shopdesk stock add SKU N receives "
                                  "goods."));
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    columns(&sb, _("SKU"), _("new"), _("open-box"), _("defective"));
    pager_line(p, SLOT_DIM, sb_str(&sb));
    for (int i = 0; i < c->n; i++) {
        const struct stock_row *r = &c->v[i];
        char n[24], o[24], d[24];
        snprintf(n, sizeof n, "%lld", (long long)r->qty[STOCK_NEW]);
        snprintf(o, sizeof o, "%lld", (long long)r->qty[STOCK_OPEN_BOX]);
        snprintf(d, sizeof d, "%lld", (long long)r->qty[STOCK_DEFECTIVE]);
        columns(&sb, r->sku, n, o, d);
        pager_item(p, i + 1);
        /* none new left: the next order of it cannot be picked */
        pager_line(p, r->qty[STOCK_NEW] == 0 ? SLOT_WARNING : SLOT_NORMAL, sb_str(&sb));
    }
    pager_item(p, 0);
    sb_free(&sb);
}

static void moves_push(struct ui *ui, const char *sku)
{
    struct stock_move *v = xcalloc(MOVES_SHOWN, sizeof *v);
    int found = 0;
    struct sd_err err = {0};
    int rc = stock_history(ui_session(ui), sku, v, MOVES_SHOWN, &found, &err);
    char title[160];
    /* L10N: the title of a SKU's movements; %s is the SKU */
    snprintf(title, sizeof title, _("%s: movements, newest first"), sku);
    struct pager *p = pager_new(title);
    if (rc)
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    for (int i = 0; !rc && i < found; i++) {
        const struct stock_move *m = &v[i];
        char when[32], ref[48] = "";
        time_format_local(m->at, when);
        if (m->refund_id)
            /* L10N: what a movement was for: a refund's number */
            snprintf(ref, sizeof ref, _("refund #%lld"), (long long)m->refund_id);
        else if (m->order_id)
            /* L10N: what a movement was for: an order's id */
            snprintf(ref, sizeof ref, _("order %lld"), (long long)m->order_id);
        struct strbuf sb = STRBUF_INIT;
        sb_addf(&sb, "%s  %+6lld ", when, (long long)m->delta);
        width_fit(&sb, stock_condition_label(m->condition), 10, WIDTH_LEFT);
        sb_adds(&sb, " ");
        width_fit(&sb, stock_kind_label(m->kind), 10, WIDTH_LEFT);
        sb_addf(&sb, " %s  %s", m->login, ref);
        pager_line(p, m->delta < 0 ? SLOT_NORMAL : SLOT_OK, sb_str(&sb));
        if (m->reason[0])
            pager_wrapped(p, SLOT_DIM, m->reason, 2);
        sb_free(&sb);
    }
    if (!rc && !found)
        pager_line(p, SLOT_DIM, _("No movements."));
    free(v);
    /* L10N: the key hint under a SKU's movements */
    pager_set_hint(p, _("j k scroll  q back"));
    pager_push(ui, p);
}

static enum reaction on_key(struct ui *ui, struct pager *p, void *ctxp, int key, enum action a)
{
    (void)key;
    struct stock_ctx *c = ctxp;
    if (a != ACT_OPEN)
        return R_NONE;
    long long i = pager_selected(p);
    if (i < 1 || i > c->n)
        return R_NONE;
    moves_push(ui, c->v[i - 1].sku);
    return R_REDRAW;
}

static void free_ctx(void *ctxp)
{
    struct stock_ctx *c = ctxp;
    free(c->v);
    free(c);
}

void stock_view_push(struct ui *ui)
{
    struct stock_ctx *c = xcalloc(1, sizeof *c);
    c->v = xcalloc(SKUS_SHOWN + 1, sizeof *c->v);
    struct pager *p = pager_new("");
    build(ui, p, c);
    pager_set_handler(p, on_key, build, free_ctx, c);
    /* L10N: the key hint under the stock view; under 80 columns */
    pager_set_hint(p, _("Enter movements of the SKU  j k move  q back"));
    pager_push(ui, p);
}

void defects_view_push(struct ui *ui, struct sd_date to)
{
    struct sd_date from = date_add(to, -(DEFECT_WEEKS * 7 - 1));
    char f[11], t[11], title[160];
    date_format(from, f);
    date_format(to, t);
    /* L10N: the title of the defects view; two dates */
    snprintf(title, sizeof title, _("Defective returns by SKU, %s to %s"), f, t);
    struct pager *p = pager_new(title);
    struct defect_sku v[DEFECT_SKUS];
    int n = 0;
    struct sd_err err = {0};
    if (defects_report(ui_session(ui), date_start(from), date_start(date_add(to, 1)), v, &n,
                       &err)) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
    } else if (!n) {
        pager_line(p, SLOT_DIM, _("None: no parcel came back graded defective in these days."));
    }
    for (int i = 0; i < n; i++) {
        const struct defect_sku *d = &v[i];
        char share[32];
        defect_share_text(d->share, share, sizeof share);
        if (i)
            pager_line(p, SLOT_NORMAL, "");
        pager_linef(p, SLOT_HEADING, _("%s: %lld defective back (%lld requests) of %lld sold, %s"),
                    d->sku, (long long)d->units, (long long)d->refunds, (long long)d->sold,
                    share);
        struct strbuf sb = STRBUF_INIT;
        defect_reasons_text(d, false, &sb);
        pager_linef(p, SLOT_NORMAL, _("  reasons: %s"), sb_str(&sb));
        sb_reset(&sb);
        defect_weeks_chart(d, &sb);
        pager_linef(p, SLOT_NORMAL, _("  12 weeks: %s (latest on the right)"), sb_str(&sb));
        sb_free(&sb);
        for (int k = 0; k < d->ncomments; k++) {
            struct strbuf c = STRBUF_INIT;
            sb_addf(&c, "\xe2\x80\x9c%s\xe2\x80\x9d", d->comments[k]);
            pager_wrapped(p, SLOT_DIM, sb_str(&c), 2);
            sb_free(&c);
        }
    }
    defects_clear(v, n);
    pager_set_hint(p, _("j k scroll  q back"));
    pager_push(ui, p);
}
