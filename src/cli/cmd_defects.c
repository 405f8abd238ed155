/* shopdesk defects: defective returns by SKU, their reasons, the share of the units sold,
 * twelve weeks of them and what the buyers said: the page an owner takes to the maker. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/stock.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/tz.h"
#include "util/i18n.h"
#include "util/strbuf.h"

enum { OPT_FROM = CLI_OPT_FIRST_PRIVATE, OPT_TO };

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk defects [--from DATE] [--to DATE] [--format text|csv|json]"));
    printf("%s\n", _("The SKUs with the most defective returns (parcels graded 2) from --from to "
                     "--to\n(inclusive; the last 12 weeks by default): how many units came "
                     "back, with how many\nrequests, the share of the units sold in the same "
                     "days, the requests' reasons, each\nof the 12 weeks up to --to, and what "
                     "the buyers said. Owners."));
}

static void print_json(const struct defect_sku *v, int n, const char *from, const char *to)
{
    json_object *root = json_object_new_object();
    json_object_object_add(root, "from", json_object_new_string(from));
    json_object_object_add(root, "to", json_object_new_string(to));
    json_object *skus = json_object_new_array();
    for (int i = 0; i < n; i++) {
        const struct defect_sku *d = &v[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "sku", json_object_new_string(d->sku));
        json_object_object_add(o, "defective", json_object_new_int64(d->units));
        json_object_object_add(o, "requests", json_object_new_int64(d->refunds));
        json_object_object_add(o, "sold", json_object_new_int64(d->sold));
        char share[32];
        defect_share_text(d->share, share, sizeof share);
        share[strcspn(share, "%")] = '\0'; /* the number as written, without its sign */
        json_object_object_add(o, "share_percent",
                               d->share < 0 ? NULL
                                            : json_object_new_double_s(d->share / 100.0, share));
        json_object *reasons = json_object_new_object();
        for (int k = 0; k < d->nreasons; k++)
            json_object_object_add(reasons, d->reason[k][0] ? d->reason[k] : "none",
                                   json_object_new_int64(d->reason_units[k]));
        json_object_object_add(o, "reasons", reasons);
        json_object *weeks = json_object_new_array();
        for (int k = DEFECT_WEEKS - 1; k >= 0; k--) /* oldest first, as a chart reads */
            json_object_array_add(weeks, json_object_new_int64(d->weeks[k]));
        json_object_object_add(o, "weeks", weeks);
        json_object *said = json_object_new_array();
        for (int k = 0; k < d->ncomments; k++)
            json_object_array_add(said, json_object_new_string(d->comments[k]));
        json_object_object_add(o, "comments", said);
        json_object_array_add(skus, o);
    }
    json_object_object_add(root, "skus", skus);
    puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}

static void print_csv(struct cli *c, struct session *s, const struct defect_sku *v, int n)
{
    struct table *t = table_new(s->set.currency);
    int cs = table_col(t, "sku", _("SKU"), COL_TEXT);
    int cd = table_col(t, "defective", _("Defective"), COL_INT);
    int cr = table_col(t, "requests", _("Requests"), COL_INT);
    int cn = table_col(t, "sold", _("Sold"), COL_INT);
    int cp = table_col(t, "share_percent", _("Share"), COL_TEXT);
    int cw = table_col(t, "reasons", _("Reasons"), COL_TEXT);
    int ck = table_col(t, "weeks", _("Weeks"), COL_TEXT);
    for (int i = 0; i < n; i++) {
        const struct defect_sku *d = &v[i];
        struct strbuf sb = STRBUF_INIT;
        table_row(t);
        table_text(t, cs, d->sku);
        table_int(t, cd, d->units);
        table_int(t, cr, d->refunds);
        table_int(t, cn, d->sold);
        char share[32];
        defect_share_text(d->share, share, sizeof share);
        share[strcspn(share, "%")] = '\0';
        table_text(t, cp, d->share >= 0 ? share : "");
        defect_reasons_text(d, true, &sb);
        table_text(t, cw, sb_str(&sb));
        sb_reset(&sb);
        for (int k = DEFECT_WEEKS - 1; k >= 0; k--)
            sb_addf(&sb, "%s%lld", k == DEFECT_WEEKS - 1 ? "" : " ", (long long)d->weeks[k]);
        table_text(t, ck, sb_str(&sb));
        sb_free(&sb);
    }
    table_print(t, c->format, stdout);
    table_free(&t);
}

static void print_text(const struct defect_sku *v, int n, const char *from, const char *to)
{
    /* L10N: the title of shopdesk defects; two dates */
    printf(_("Defective returns, %s to %s\n\n"), from, to);
    if (!n) {
        printf("%s\n", _("None: no parcel came back graded defective in these days."));
        return;
    }
    for (int i = 0; i < n; i++) {
        const struct defect_sku *d = &v[i];
        char share[32];
        defect_share_text(d->share, share, sizeof share);
        /* L10N: a SKU in shopdesk defects: SKU, units back, requests, units sold, share */
        printf(_("%s: %lld defective back (%lld requests) of %lld sold, %s\n"), d->sku,
               (long long)d->units, (long long)d->refunds, (long long)d->sold, share);
        struct strbuf sb = STRBUF_INIT;
        defect_reasons_text(d, false, &sb);
        printf(_("  reasons: %s\n"), sb_str(&sb));
        sb_reset(&sb);
        defect_weeks_chart(d, &sb);
        /* L10N: 12 weeks of a SKU's defective returns as a bar chart, the latest on the right */
        printf(_("  12 weeks: %s (latest on the right)\n"), sb_str(&sb));
        sb_free(&sb);
        for (int k = 0; k < d->ncomments; k++)
            printf("  \xe2\x80\x9c%s\xe2\x80\x9d\n", d->comments[k]);
        putchar('\n');
    }
}

int cmd_defects(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {NULL, 0, NULL, 0},
    };
    struct sd_date from = {0}, to = {0};
    bool have_from = false, have_to = false;
    const char *arg;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_FROM:
        case OPT_TO: {
            struct sd_err e = {0};
            if (date_parse(arg, opt == OPT_FROM ? &from : &to, &e))
                return cli_usage_error(c->cmd, "%s", e.msg);
            *(opt == OPT_FROM ? &have_from : &have_to) = true;
            break;
        }
        case CLI_OPT_HELP:
            usage();
            return 0;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    if (ex)
        return ex;
    if (optind != argc)
        return cli_usage_error(c->cmd, _("'%s' takes no arguments"), "defects");
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    if (!have_to)
        to = date_of(clock_now());
    if (!have_from)
        from = date_add(to, -(DEFECT_WEEKS * 7 - 1));
    char f[11], t[11];
    date_format(from, f);
    date_format(to, t);
    struct defect_sku v[DEFECT_SKUS];
    int n = 0;
    struct sd_err err = {0};
    int rc = defects_report(&s, date_start(from), date_start(date_add(to, 1)), v, &n, &err);
    if (!rc) {
        if (c->format == OUT_JSON)
            print_json(v, n, f, t);
        else if (c->format == OUT_CSV)
            print_csv(c, &s, v, n);
        else
            print_text(v, n, f, t);
    }
    defects_clear(v, n);
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
