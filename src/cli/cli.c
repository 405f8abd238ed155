#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "util/i18n.h"
#include "util/safeout.h"

struct command {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"init", cmd_init, N_("create a shop and make yourself its owner")},
    {"staff", cmd_staff, N_("add, change, remove and list staff")},
    {"import", cmd_import, N_("import platform order exports (Shopify, Taobao, CSV)")},
    {"orders", cmd_orders, N_("list, show and move orders; ship times")},
    {"wave", cmd_wave, N_("create a pick wave and print its pick list")},
    {"refund", cmd_refund, N_("refund requests: request, approve, receive, pay, list")},
    {"compensate", cmd_compensate, N_("compensate every order a filter selects, once")},
    {"members", cmd_members, N_("list, show, edit and merge members")},
    {"tiers", cmd_tiers, N_("member tiers: list, recompute, preview new rules")},
    {"gifts", cmd_gifts, N_("make the gift orders the rules call for; gift stock")},
    {"stock", cmd_stock, N_("goods by SKU: new, open-box, defective; receive, count, history")},
    {"prices", cmd_prices, N_("a SKU's price; price protection's offers to members")},
    {"defects", cmd_defects, N_("defective returns by SKU: reasons, share, 12 weeks, comments")},
    {"dispute", cmd_dispute, N_("platform disputes: add, answer, close, list; deadlines")},
    {"couriers", cmd_couriers, N_("the couriers side by side: times, ratings, disputes, by province")},
    {"performance", cmd_performance, N_("each person's month: figures, the owner's score, signed")},
    {"ratings", cmd_ratings, N_("customer ratings: list, reply, mark handled")},
    {"mystery", cmd_mystery, N_("mystery-shopper reports: file, review, release, export")},
    {"review", cmd_review, N_("the owner's daily review; sign it off")},
    {"check", cmd_check, N_("check the database, settings and audit chain")},
    {"export", cmd_export, N_("export orders or the audit log")},
    {"migrate", cmd_migrate, N_("copy the shop into a PostgreSQL database")},
};

void cli_print_usage(FILE *out)
{
    fprintf(out, "%s\n",
            _("Usage: shopdesk [--shop DIR | -C DIR] [--db FILE] [--as LOGIN] [--demo [--reset]]"));
    fprintf(out, "%s\n\n", _("       shopdesk COMMAND [OPTIONS]"));
    fprintf(out, "%s\n\n",
            _("Without a command, opens the console on the shop. The shop is chosen by --shop, "
              "else $SHOPDESK_SHOP,\nelse $XDG_DATA_HOME/shopdesk/shop."));
    fprintf(out, "%s\n", _("Commands:"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, "\n%s\n", _("Options:"));
    fprintf(out, "  -C, --shop DIR   %s\n", _("the shop directory"));
    fprintf(out, "      --db FILE    %s\n", _("the shop's database file (its directory is the shop)"));
    fprintf(out, "      --as LOGIN   %s\n", _("act as another staff member (owners only; audited)"));
    fprintf(out, "      --demo       %s\n", _("use the demo shop (--reset builds it again)"));
    fprintf(out, "      --help       %s\n", _("show this help (COMMAND --help for a command)"));
    fprintf(out, "      --version    %s\n", _("show the version"));
    fprintf(out, "\n%s\n",
            _("Exit status: 0 done, 1 refused or failed, 2 bad usage or bad input. See "
              "shopdesk(1)."));
}

bool cli_common(struct cli *c, int opt, const char *arg, int *exit_code)
{
    switch (opt) {
    case 'C':
    case CLI_OPT_SHOP:
        c->so.shop = arg;
        return true;
    case CLI_OPT_DB:
        c->so.db = arg;
        return true;
    case CLI_OPT_AS:
        c->so.as = arg;
        return true;
    case CLI_OPT_DEMO:
        c->so.demo = true;
        return true;
    case CLI_OPT_QUIET:
        progress_set_mode(PROGRESS_OFF);
        return true;
    case CLI_OPT_PROGRESS:
        progress_set_mode(PROGRESS_ON);
        return true;
    case CLI_OPT_FORMAT:
        if (!out_format_parse(arg, &c->format)) {
            *exit_code = cli_usage_error(c->cmd, _("unknown format '%s' (text, csv or json)"),
                                         arg);
            return true;
        }
        c->format_given = true;
        safe_out_raw(c->format != OUT_TEXT); /* CSV and JSON carry the data exactly */
        return true;
    default:
        return false;
    }
}

int cli_error(const struct sd_err *err)
{
    fprintf(stderr, "shopdesk: %s\n", sd_err_text(err));
    return sd_status_exit(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "shopdesk%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmd)
        fprintf(stderr, _("Try 'shopdesk %s --help'.\n"), cmd);
    else
        fprintf(stderr, "%s\n", _("Try 'shopdesk --help'."));
    return 2;
}

int cli_open(struct cli *c, struct session *s)
{
    struct sd_err err = {0};
    if (session_open(&c->so, s, &err))
        return cli_error(&err);
    if (s->settings_note)
        fprintf(stderr, _("shopdesk: warning: %s\n"), s->settings_note);
    return 0;
}

int cli_getopt(struct cli *c, int argc, char **argv, const char *shortopts,
               const struct option *longopts, const char **arg, int *exit_code)
{
    opterr = 0;
    for (;;) {
        int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
        *arg = optarg;
        if (opt == -1)
            return -1;
        if (opt == '?' || opt == ':') {
            const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
            if (optopt && optopt < 256)
                *exit_code = cli_usage_error(c->cmd, _("option -%c is unknown or needs a value"),
                                             optopt);
            else
                *exit_code = cli_usage_error(c->cmd, _("unknown option or missing value: %s"),
                                             bad);
            return -1;
        }
        if (cli_common(c, opt, optarg, exit_code)) {
            if (*exit_code)
                return -1;
            continue;
        }
        return opt;
    }
}

int cli_run(struct cli *c, int argc, char **argv)
{
    /* what commands print goes through the filter that shows controls as escapes */
    safe_out_install();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(argv[0], commands[i].name)) {
            c->cmd = commands[i].name;
            return commands[i].run(c, argc, argv);
        }
    }
    return cli_usage_error(NULL, _("unknown command '%s'"), argv[0]);
}
