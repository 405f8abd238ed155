#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/paths.h"
#include "app/session.h"
#include "app/shop.h"
#include "cli/cli.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum { OPT_NAME = CLI_OPT_FIRST_PRIVATE, OPT_CURRENCY, OPT_TIMEZONE, OPT_DATABASE };

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk init [DIR] [--name NAME] [--currency CODE] "
                       "[--timezone ZONE]\n                     [--database CONNINFO]"));
    printf("%s\n\n", _("Create a shop in DIR (a new or empty directory): shop.db, shop.yaml "
                       "and the scorecards/\nand mappings/ folders. You become its owner. "
                       "Without DIR, the shop chosen by --shop,\n$SHOPDESK_SHOP or the "
                       "default location."));
    printf("  --name NAME       %s\n", _("the shop's name (default: My shop)"));
    printf("  --currency CODE   %s\n", _("ISO 4217 currency (default: CNY)"));
    printf("  --timezone ZONE   %s\n", _("the shop's time zone (default: Asia/Shanghai)"));
    printf("  --database CONNINFO\n                    %s\n",
           _("keep the shop in this PostgreSQL database (postgresql://HOST/NAME),\n"
             "                    not in shop.db"));
}

int cmd_init(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"name", required_argument, NULL, OPT_NAME},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {"timezone", required_argument, NULL, OPT_TIMEZONE},
        {"database", required_argument, NULL, OPT_DATABASE},
        {NULL, 0, NULL, 0},
    };
    struct shop_init_opts o = {0};
    int opt, ex = 0;
    const char *arg;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_NAME:
            o.name = arg;
            break;
        case OPT_CURRENCY:
            o.currency = arg;
            break;
        case OPT_TIMEZONE:
            o.timezone = arg;
            break;
        case OPT_DATABASE:
            o.database = arg;
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
    if (argc - optind > 1)
        return cli_usage_error(c->cmd, _("one shop directory at most"));
    if (paths_secure() && !paths_in_own_group()) {
        fprintf(stderr, "shopdesk: %s\n",
                _("init is not available in a setgid shopdesk to someone outside its group: "
                  "the owner, in the group, creates the shop (README, \"A shared host\")"));
        return 2;
    }
    if (paths_secure() && o.database) {
        fprintf(stderr, "shopdesk: %s\n",
                _("--database is not available in a setgid shopdesk: staff reach a shop on "
                  "PostgreSQL with their own logins (README, \"Moving to PostgreSQL\")"));
        return 2;
    }
    char *dir = argc - optind == 1 ? xstrdup(argv[optind]) : session_shop_dir(&c->so);
    const char *login = paths_login();
    if (!login) {
        free(dir);
        fprintf(stderr, "shopdesk: %s\n", _("cannot tell who you are"));
        return 1;
    }
    struct passwd *pw = getpwuid(getuid());
    char name[128];
    snprintf(name, sizeof name, "%s", pw && pw->pw_gecos && *pw->pw_gecos ? pw->pw_gecos : login);
    char *comma = strchr(name, ',');
    if (comma)
        *comma = '\0';
    if (!name[0])
        snprintf(name, sizeof name, "%s", login);
    o.dir = dir;
    o.owner = login;
    o.owner_name = name;
    struct sd_err err = {0};
    int rc = shop_init(&o, &err);
    if (rc) {
        free(dir);
        return cli_error(&err);
    }
    printf(_("Created the shop \"%s\" in %s; %s is its owner.\n"), o.name ? o.name : "My shop", dir,
           login);
    printf(_("Next: shopdesk -C %s staff add LOGIN --name NAME --roles agent\n"), dir);
    free(dir);
    return 0;
}
