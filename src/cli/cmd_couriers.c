/* shopdesk couriers report: the couriers side by side, per destination province. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/couriers.h"
#include "app/session.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/tz.h"
#include "util/decimal.h"
#include "util/i18n.h"

enum { OPT_FROM = CLI_OPT_FIRST_PRIVATE, OPT_TO };

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk couriers report [--from DATE] [--to DATE] [--format "
                       "text|csv|json]"));
    printf("%s\n", _("The couriers side by side (owners), for orders shipped from --from to --to "
                     "(the last 30\ndays by default): each courier, then each destination "
                     "province, with the orders\nshipped, delivered, shipped-to-delivered median "
                     "and p90, the share delivered on time\n(shop.yaml's couriers.delivery_days), "
                     "the buyers' ratings of those orders, low ratings,\ndisputes, refund "
                     "requests about delivery (not received, damaged, late) and the\nlast-mile "
                     "mystery reports on the courier. Delivered times come from imports, the D\n"
                     "key, and couriers' tracking exports: shopdesk import deliveries FILE."));
}

static void hours_text(int64_t s, char *buf, size_t n)
{
    if (s < 0)
        snprintf(buf, n, "-");
    else
        /* L10N: a transit time in hours with a tenth: "26.5 h" */
        snprintf(buf, n, _("%lld.%lld h"), (long long)((s + 180) / 3600),
                 (long long)((s + 180) % 3600 / 360));
}

int cmd_couriers(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {NULL, 0, NULL, 0},
    };
    const char *arg, *from_text = NULL, *to_text = NULL;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_FROM:
            from_text = arg;
            break;
        case OPT_TO:
            to_text = arg;
            break;
        case CLI_OPT_HELP:
            usage();
            return 0;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    if (ex)
        return ex;
    if (optind >= argc || strcmp(argv[optind], "report") || optind + 1 != argc)
        return cli_usage_error(c->cmd, _("say what to do: report"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    /* dates in the shop's zone, once the shop is open */
    struct sd_err err = {0};
    struct sd_date to = date_of(clock_now()), from;
    if (to_text && date_parse(to_text, &to, &err)) {
        session_close(&s);
        return cli_usage_error(c->cmd, "--to: %s", err.msg);
    }
    from = date_add(to, -29);
    if (from_text && date_parse(from_text, &from, &err)) {
        session_close(&s);
        return cli_usage_error(c->cmd, "--from: %s", err.msg);
    }
    struct courier_line *v = NULL;
    int n = 0;
    int rc = couriers_report(&s, date_start(from), date_start(date_add(to, 1)), &v, &n, &err);
    if (!rc) {
        bool keys = c->format == OUT_JSON || c->format == OUT_CSV;
        struct table *t = table_new(s.set.currency);
        int cc = table_col(t, "courier", _("Courier"), COL_TEXT);
        int cp = table_col(t, "province", _("Province"), COL_TEXT);
        int cs = table_col(t, "shipped", _("Shipped"), COL_INT);
        int cd = table_col(t, "delivered", _("Delivered"), COL_INT);
        int cm = table_col(t, keys ? "median_hours" : "median", _("Median"), COL_TEXT);
        int c9 = table_col(t, keys ? "p90_hours" : "p90", _("P90"), COL_TEXT);
        int co = table_col(t, "on_time_percent", _("On time"), COL_TEXT);
        int cr = table_col(t, "rating", _("Rating"), COL_TEXT);
        int cl = table_col(t, "low_ratings", _("1-2 stars"), COL_INT);
        int cdi = table_col(t, "disputes", _("Disputes"), COL_INT);
        int cre = table_col(t, "delivery_refunds", _("Delivery refunds"), COL_INT);
        int cy = table_col(t, "last_mile_mystery", _("Last mile"), COL_TEXT);
        for (int i = 0; i < n; i++) {
            const struct courier_line *l = &v[i];
            char med[32], p90[32], ot[32] = "", rt[32] = "", my[32] = "";
            if (keys) {
                snprintf(med, sizeof med, "%s", "");
                snprintf(p90, sizeof p90, "%s", "");
                if (l->median_s >= 0)
                    snprintf(med, sizeof med, "%.1f", (double)((l->median_s + 180) / 360) / 10);
                if (l->p90_s >= 0)
                    snprintf(p90, sizeof p90, "%.1f", (double)((l->p90_s + 180) / 360) / 10);
            } else {
                hours_text(l->median_s, med, sizeof med);
                hours_text(l->p90_s, p90, sizeof p90);
            }
            if (courier_on_time_percent(l) >= 0)
                hundredths_text(courier_on_time_percent(l), keys ? "" : "%", ot, sizeof ot);
            if (courier_rating_average(l) >= 0)
                hundredths_text(courier_rating_average(l), "", rt, sizeof rt);
            if (!l->province[0] && l->mystery_avg >= 0)
                hundredths_text(l->mystery_avg, keys ? "" : "%", my, sizeof my);
            table_row(t);
            table_text(t, cc, l->courier);
            table_text(t, cp,
                       !l->province[0]            ? (keys ? "" : _("all"))
                       : strcmp(l->province, "?") ? l->province
                                                  : (keys ? "?" : _("elsewhere")));
            table_int(t, cs, l->shipped);
            table_int(t, cd, l->delivered);
            table_text(t, cm, med);
            table_text(t, c9, p90);
            table_text(t, co, ot);
            table_text(t, cr, rt);
            table_int(t, cl, l->low_ratings);
            table_int(t, cdi, l->disputes);
            table_int(t, cre, l->delivery_refunds);
            table_text(t, cy, my);
        }
        table_print(t, c->format, stdout);
        table_free(&t);
    }
    free(v);
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
