#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/migrate.h"
#include "app/session.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/store.h"
#include "util/i18n.h"

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk migrate --to CONNINFO|FILE"));
    printf("%s\n",
           _("Copy the shop from its shop.db into an empty PostgreSQL database\n"
             "(postgresql://HOST/NAME or \"dbname=NAME\"), or from PostgreSQL back into a new\n"
             "FILE: every row in one transaction, then the rows of each table, the sums of\n"
             "money and the audit chain compared. Owners only. The old database is left as\n"
             "it was; the shop uses the new one once shop.yaml says so (shop: database:, or\n"
             "no such line for shop.db)."));
}

enum { OPT_TO = CLI_OPT_FIRST_PRIVATE };

int cmd_migrate(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS, {"to", required_argument, NULL, OPT_TO}, {NULL, 0, NULL, 0}};
    int opt, ex = 0;
    const char *arg, *to = NULL;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        if (opt == CLI_OPT_HELP) {
            usage();
            return 0;
        }
        if (opt == OPT_TO) {
            to = arg;
            continue;
        }
        return cli_usage_error(c->cmd, _("unexpected option"));
    }
    if (ex)
        return ex;
    if (!to || optind != argc)
        return cli_usage_error(c->cmd, _("migrate takes --to CONNINFO|FILE and nothing else"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct copy_report rep;
    struct sd_err err = {0};
    progress_watch(&s);
    int rc = shop_migrate(&s, to, &rep, &err);
    progress_clear();
    progress_unwatch(&s);
    session_close(&s);
    if (rc == SD_CANCELLED && stop_signal)
        return stop_report(_("nothing was copied"));
    if (rc)
        return cli_error(&err);
    printf(_("Copied %lld rows into %s; the rows of every table, %d sums of money and the "
             "audit chain (%lld rows) agree.\n"),
           (long long)rep.rows, to, rep.sums_checked, (long long)rep.audit_rows);
    if (store_target_is_server(to))
        printf("%s\n  database: \"%s\"\n",
               _("The shop uses it once shop.yaml says so, under shop:"), to);
    else
        printf("%s\n", _("A shop directory holding this file as shop.db, with a shop.yaml "
                         "that names no database, uses it."));
    return 0;
}
