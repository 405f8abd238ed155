#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/couriers.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "tui/couriers_view.h"
#include "tui/pager.h"
#include "util/decimal.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"

#define DAYS 30

static void cell(struct strbuf *sb, const char *text, int w, bool right)
{
    width_fit(sb, text, w, right ? WIDTH_RIGHT : WIDTH_LEFT);
    sb_adds(sb, " ");
}

static void hours(int64_t s, char buf[32])
{
    if (s < 0)
        snprintf(buf, 32, "-");
    else
        snprintf(buf, 32, _("%lld.%lld h"), (long long)((s + 180) / 3600),
                 (long long)((s + 180) % 3600 / 360));
}

static void build(struct ui *ui, struct pager *p, void *ctx)
{
    (void)ctx;
    struct sd_date to = date_of(clock_now()), from = date_add(to, -(DAYS - 1));
    char f[11], t[11], title[160];
    date_format(from, f);
    date_format(to, t);
    /* L10N: the title of the couriers view; two dates */
    snprintf(title, sizeof title, _("Couriers, orders shipped %s to %s"), f, t);
    pager_set_title(p, title);
    struct courier_line *v = NULL;
    int n = 0;
    struct sd_err err = {0};
    if (couriers_report(ui_session(ui), date_start(from), date_start(date_add(to, 1)), &v, &n,
                        &err)) {
        pager_line(p, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    if (!n)
        pager_line(p, SLOT_DIM, _("Nothing shipped in these days."));
    struct strbuf sb = STRBUF_INIT;
    /* L10N: the couriers view's column headings; keep each within its width */
    cell(&sb, _("Courier"), 12, false);
    cell(&sb, _("Province"), 8, false);
    cell(&sb, _("Shipped"), 7, true);
    cell(&sb, _("Median"), 7, true);
    cell(&sb, _("P90"), 7, true);
    cell(&sb, _("On time"), 7, true);
    cell(&sb, _("Rating"), 6, true);
    cell(&sb, _("Disp."), 5, true);
    cell(&sb, _("Last mile"), 9, true);
    pager_line(p, SLOT_COLUMN, sb_str(&sb));
    for (int i = 0; i < n; i++) {
        const struct courier_line *l = &v[i];
        char shipped[24], med[32], p90[32], ot[32] = "-", rt[32] = "-", my[32] = "", d[24];
        snprintf(shipped, sizeof shipped, "%lld", (long long)l->shipped);
        hours(l->median_s, med);
        hours(l->p90_s, p90);
        if (courier_on_time_percent(l) >= 0)
            hundredths_text(courier_on_time_percent(l), "%", ot, sizeof ot);
        if (courier_rating_average(l) >= 0)
            hundredths_text(courier_rating_average(l), "", rt, sizeof rt);
        if (!l->province[0] && l->mystery_avg >= 0)
            hundredths_text(l->mystery_avg, "%", my, sizeof my);
        snprintf(d, sizeof d, "%lld", (long long)l->disputes);
        sb_reset(&sb);
        bool own = !l->province[0];
        cell(&sb, own ? l->courier : "", 12, false);
        cell(&sb,
             own                        ? _("all")
             : strcmp(l->province, "?") ? l->province
                                        : _("elsewhere"),
             8, false);
        cell(&sb, shipped, 7, true);
        cell(&sb, med, 7, true);
        cell(&sb, p90, 7, true);
        cell(&sb, ot, 7, true);
        cell(&sb, rt, 6, true);
        cell(&sb, d, 5, true);
        cell(&sb, my, 9, true);
        if (own && i)
            pager_line(p, SLOT_NORMAL, "");
        pager_line(p, own ? SLOT_HEADING : SLOT_NORMAL, sb_str(&sb));
    }
    sb_free(&sb);
    free(v);
    pager_line(p, SLOT_NORMAL, "");
    char note[200];
    /* L10N: under the couriers view: what "on time" means */
    snprintf(note, sizeof note,
             _("On time: delivered within %d days of shipping (shop.yaml's "
               "couriers.delivery_days)."),
             ui_session(ui)->set.delivery.delivery_days);
    pager_wrapped(p, SLOT_DIM, note, 3);
}

void couriers_view_push(struct ui *ui)
{
    struct pager *p = pager_new("");
    build(ui, p, NULL);
    pager_set_handler(p, NULL, build, NULL, NULL);
    pager_set_hint(p, _("j k scroll  q back"));
    pager_push(ui, p);
}
