/* shopdesk stock: goods on the shelves by SKU, as new, open-box and defective, and the
 * ledger of their movements. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/stock.h"
#include "cli/cli.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum { OPT_SKU = CLI_OPT_FIRST_PRIVATE, OPT_CONDITION, OPT_TO, OPT_REASON, OPT_NOTE, OPT_LIMIT };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk stock list [--sku TEXT] [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk stock add SKU N [--condition new|open-box] [--note TEXT]"));
    printf("%s\n", _("       shopdesk stock adjust SKU --condition new|open-box|defective --to N "
                     "--reason TEXT"));
    printf("%s\n\n", _("       shopdesk stock moves SKU [--limit N] [--format text|csv|json]"));
    printf("%s\n", _("The shop's goods by SKU: how many are new, open-box (opened, photographed "
                     "or returned:\nnever sold as new again) and defective. add takes in a "
                     "delivery; adjust sets a count\nafter a stocktake and needs its reason; "
                     "moves lists every movement of a SKU, newest\nfirst: received, picked for "
                     "an order, given as a gift, returned and graded, adjusted.\nlist --sku "
                     "keeps the SKUs holding TEXT. Returns put goods back by their grade:\n1 "
                     "open-box, 2 defective, 3 the SKU that came back (open-box), 4 nothing."));
}

static int parse_count(const char *cmd, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1000000000)
        return cli_usage_error(cmd, _("'%s' is not a count"), s);
    *out = v;
    return 0;
}

static void list_rows(struct cli *c, struct session *s, const struct stock_row *v, int n)
{
    struct table *t = table_new(s->set.currency);
    int cs = table_col(t, "sku", _("SKU"), COL_TEXT);
    int cn = table_col(t, "new", _("New"), COL_INT);
    int co = table_col(t, "open_box", _("Open-box"), COL_INT);
    int cd = table_col(t, "defective", _("Defective"), COL_INT);
    for (int i = 0; i < n; i++) {
        table_row(t);
        table_text(t, cs, v[i].sku);
        table_int(t, cn, v[i].qty[STOCK_NEW]);
        table_int(t, co, v[i].qty[STOCK_OPEN_BOX]);
        table_int(t, cd, v[i].qty[STOCK_DEFECTIVE]);
    }
    table_print(t, c->format, stdout);
    table_free(&t);
}

static int do_list(struct cli *c, struct session *s, const char *like, struct sd_err *err)
{
    enum { PAGE = 500 };
    struct stock_row *v = xcalloc(PAGE, sizeof *v);
    struct stock_row *all = NULL;
    size_t nall = 0;
    char after[48] = "";
    int found, rc;
    /* every SKU, a page at a time */
    while ((rc = stock_page(s, after, like, v, PAGE, &found, err)) == SD_OK && found > 0) {
        all = xrealloc(all, (nall + (size_t)found) * sizeof *all);
        memcpy(all + nall, v, (size_t)found * sizeof *v);
        nall += (size_t)found;
        snprintf(after, sizeof after, "%s", v[found - 1].sku);
        if (found < PAGE)
            break;
    }
    if (rc == SD_OK)
        list_rows(c, s, all, (int)nall);
    free(all);
    free(v);
    return rc;
}

static int do_moves(struct cli *c, struct session *s, const char *sku, long limit,
                    struct sd_err *err)
{
    struct stock_move *v = xcalloc((size_t)limit, sizeof *v);
    int found = 0;
    int rc = stock_history(s, sku, v, (int)limit, &found, err);
    if (rc == SD_OK) {
        struct table *t = table_new(s->set.currency);
        int ct = table_col(t, "at", _("Time"), COL_TIME);
        int ck = table_col(t, "kind", _("Movement"), COL_TEXT);
        int cc = table_col(t, "condition", _("Condition"), COL_TEXT);
        int cd = table_col(t, "delta", _("Change"), COL_INT);
        int cr = table_col(t, "ref", _("Order/refund"), COL_TEXT);
        int cw = table_col(t, "reason", _("Reason"), COL_TEXT);
        int cl = table_col(t, "login", _("By"), COL_TEXT);
        bool json = c->format == OUT_JSON || c->format == OUT_CSV;
        for (int i = 0; i < found; i++) {
            char ref[48] = "";
            if (v[i].refund_id)
                snprintf(ref, sizeof ref, "#%lld", (long long)v[i].refund_id);
            else if (v[i].order_id)
                snprintf(ref, sizeof ref, "%lld", (long long)v[i].order_id);
            table_row(t);
            table_time(t, ct, v[i].at);
            table_text(t, ck, json ? stock_kind_key(v[i].kind) : stock_kind_label(v[i].kind));
            table_text(t, cc,
                       json ? stock_condition_key(v[i].condition)
                            : stock_condition_label(v[i].condition));
            table_int(t, cd, v[i].delta);
            table_text(t, cr, ref);
            table_text(t, cw, v[i].reason);
            table_text(t, cl, v[i].login);
        }
        table_print(t, c->format, stdout);
        table_free(&t);
    }
    free(v);
    return rc;
}

int cmd_stock(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"sku", required_argument, NULL, OPT_SKU},
        {"condition", required_argument, NULL, OPT_CONDITION},
        {"to", required_argument, NULL, OPT_TO},
        {"reason", required_argument, NULL, OPT_REASON},
        {"note", required_argument, NULL, OPT_NOTE},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {NULL, 0, NULL, 0},
    };
    const char *sku = NULL, *reason = NULL, *note = NULL, *arg;
    int condition = -1, opt, ex = 0;
    int64_t to = -1;
    long limit = 100;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_SKU:
            sku = arg;
            break;
        case OPT_CONDITION:
            condition = stock_condition_parse(arg);
            if (condition < 0)
                return cli_usage_error(c->cmd,
                                       _("'%s' is not a condition (new, open-box, defective)"),
                                       arg);
            break;
        case OPT_TO:
            if ((ex = parse_count(c->cmd, arg, &to)))
                return ex;
            break;
        case OPT_REASON:
            reason = arg;
            break;
        case OPT_NOTE:
            note = arg;
            break;
        case OPT_LIMIT:
            limit = strtol(arg, &end, 10);
            if (*end || limit < 1 || limit > 100000)
                return cli_usage_error(c->cmd, _("'%s' is not a number"), arg);
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
        return cli_usage_error(c->cmd, _("say what to do: list, add, adjust or moves"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    char **args = argv + optind;
    bool is_list = !strcmp(verb, "list"), is_add = !strcmp(verb, "add"),
         is_adjust = !strcmp(verb, "adjust"), is_moves = !strcmp(verb, "moves");
    if (!is_list && !is_add && !is_adjust && !is_moves)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if ((is_list && n != 0) || (is_add && n != 2) || ((is_adjust || is_moves) && n != 1))
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    int64_t count = 0;
    if (is_add && (ex = parse_count(c->cmd, args[1], &count)))
        return ex;
    if (is_adjust && (condition < 0 || to < 0 || !reason))
        return cli_usage_error(c->cmd, "%s",
                               _("adjust needs --condition, --to and --reason"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc;
    if (is_list) {
        rc = do_list(c, &s, sku, &err);
    } else if (is_moves) {
        rc = do_moves(c, &s, args[0], limit, &err);
    } else if (is_add) {
        enum stock_condition cond = condition < 0 ? STOCK_NEW : (enum stock_condition)condition;
        rc = stock_add(&s, args[0], count, cond, note, &err);
        if (!rc)
            /* L10N: "SKU-1: 5 new received." */
            printf(_("%s: %lld %s received.\n"), args[0], (long long)count,
                   stock_condition_label(cond));
    } else {
        int64_t delta = 0;
        rc = stock_adjust(&s, args[0], (enum stock_condition)condition, to, reason, &delta,
                          &err);
        if (!rc && delta)
            /* L10N: "SKU-1: new 3 → 5 (+2)." */
            printf(_("%s: %s %lld → %lld (%+lld).\n"), args[0],
                   stock_condition_label((enum stock_condition)condition),
                   (long long)(to - delta), (long long)to, (long long)delta);
        else if (!rc)
            printf(_("%s: %s is already %lld; nothing changed.\n"), args[0],
                   stock_condition_label((enum stock_condition)condition), (long long)to);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
