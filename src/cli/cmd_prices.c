/* shopdesk prices: an owner's price for a SKU, and price protection (会员保价): the
 * difference offered back to members whose tier protects their price when the SKU sells for
 * less soon after they paid. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pricing.h"
#include "app/session.h"
#include "cli/cli.h"
#include "core/money.h"
#include "util/i18n.h"
#include "util/strbuf.h"

enum { OPT_YES = CLI_OPT_FIRST_PRIVATE };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk prices set SKU PRICE"));
    printf("%s\n\n", _("       shopdesk prices protect [--yes] [--format text|csv|json]"));
    printf("%s\n", _("set: the SKU's price from now on, in the shop's currency (owners); a "
                     "member who paid\nmore within their tier's price_protection_days is "
                     "offered the difference.\nprotect: the offers due now (a SKU sold for "
                     "less, in a paid order or by a price set,\nwithin the days of a "
                     "member's payment), not made before; --yes makes each a refund\nrequest "
                     "the refunds team pays, once per order line and lower price (owners)."));
}

static int protect(struct cli *c, struct session *s, bool yes, struct sd_err *err)
{
    struct protect_offer *v = NULL;
    size_t n = 0;
    int rc = protect_preview(s, &v, &n, err);
    if (rc)
        return rc;
    struct table *t = table_new(s->set.currency);
    int co = table_col(t, "order", _("Order"), COL_TEXT);
    int cm = table_col(t, "member_id", _("Member"), COL_INT);
    int cs = table_col(t, "sku", _("SKU"), COL_TEXT);
    int cw = table_col(t, "paid_price", _("Paid"), COL_MONEY);
    int cn = table_col(t, "lower_price", _("Sold for"), COL_MONEY);
    int cq = table_col(t, "qty", _("Qty"), COL_INT);
    int ca = table_col(t, "amount", _("Offer"), COL_MONEY);
    int cf = table_col(t, "source", _("Where"), COL_TEXT);
    int ct = table_col(t, "dropped_at", _("When"), COL_TIME);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        table_row(t);
        table_row_currency(t, v[i].currency);
        table_text(t, co, v[i].number);
        table_int(t, cm, v[i].member_id);
        table_text(t, cs, v[i].sku);
        table_money(t, cw, v[i].o.was_price);
        table_money(t, cn, v[i].o.new_price);
        table_int(t, cq, v[i].o.qty);
        table_money(t, ca, v[i].o.amount);
        table_text(t, cf, v[i].o.source);
        table_time(t, ct, v[i].o.dropped_at);
        total += v[i].o.amount;
    }
    if (!yes || c->format != OUT_TEXT)
        table_print(t, c->format, stdout);
    table_free(&t);
    if (c->format == OUT_TEXT && !yes) {
        char m[48];
        money_format(total, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
        /* L10N: the preview of price protection: how many offers, their total */
        printf(P_("%zu offer, %s in all; make it with --yes\n",
                  "%zu offers, %s in all; make them with --yes\n", n),
               n, m);
    }
    if (yes) {
        int made = 0;
        struct strbuf why = STRBUF_INIT;
        rc = protect_make(s, v, n, &made, &why, err);
        if (!rc && c->format == OUT_TEXT)
            /* L10N: price protection made: how many refund requests */
            printf(P_("%d price protection request made; the refunds team pays it\n",
                      "%d price protection requests made; the refunds team pays them\n", made),
                   made);
        if (why.len) {
            fputs(_("not made:\n"), stderr);
            fputs(sb_str(&why), stderr);
        }
        sb_free(&why);
    }
    free(v);
    return rc;
}

int cmd_prices(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"yes", no_argument, NULL, OPT_YES},
        {NULL, 0, NULL, 0},
    };
    bool yes = false;
    const char *arg;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_YES:
            yes = true;
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
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: set or protect"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    bool is_set = !strcmp(verb, "set"), is_protect = !strcmp(verb, "protect");
    if (!is_set && !is_protect)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if ((is_set && n != 2) || (is_protect && n != 0))
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc;
    if (is_set) {
        int64_t price = 0;
        rc = money_parse(argv[optind + 1], s.set.currency, 0, &price, &err);
        if (rc) {
            session_close(&s);
            return cli_usage_error(c->cmd, "%s", err.msg);
        }
        rc = prices_set(&s, argv[optind], price, &err);
        if (!rc) {
            char m[48];
            money_format(price, s.set.currency, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
            printf(_("%s: %s from now on.\n"), argv[optind], m);
        }
    } else {
        rc = protect(c, &s, yes, &err);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
