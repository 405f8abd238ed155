#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_check.h"
#include "app/session.h"
#include "cli/cli.h"
#include "conf/settings.h"
#include "store/audit.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk check [--repair-search]"));
    printf("%s\n", _("Check the shop: database integrity, schema version, shop.yaml, and the "
                     "audit log's hash\nchain. Exit status 0 when all is well, 1 when the "
                     "database or audit log has a problem,\n2 when shop.yaml is invalid. "
                     "--repair-search builds the order search index again\n(owners)."));
}

enum { OPT_REPAIR_SEARCH = CLI_OPT_FIRST_PRIVATE };

static int repair_search(struct cli *c)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int rc = session_require(&s, SD_PERM_SETTINGS, &err);
    if (!rc && !(rc = store_begin(s.st, &err))) {
        if ((rc = store_search_rebuild(s.st, &err)) ||
            (rc = session_audit(&s, "search.rebuild", "search", NULL, 0, NULL, NULL, &err)))
            store_rollback(s.st);
        else
            rc = store_commit(s.st, &err);
    }
    session_close(&s);
    if (rc)
        return cli_error(&err);
    printf("%s\n", _("The order search index was built again."));
    return 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS, {"repair-search", no_argument, NULL, OPT_REPAIR_SEARCH}, {NULL, 0, NULL, 0}};
    int opt, ex = 0;
    const char *arg;
    bool repair = false;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        if (opt == CLI_OPT_HELP) {
            usage();
            return 0;
        }
        if (opt == OPT_REPAIR_SEARCH) {
            repair = true;
            continue;
        }
        return cli_usage_error(c->cmd, _("unexpected option"));
    }
    if (ex)
        return ex;
    if (optind != argc)
        return cli_usage_error(c->cmd, _("'check' takes no arguments"));
    if (repair)
        return repair_search(c);

    c->so.allow_bad_settings = true;
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    int worst = 0;
    struct sd_err err = {0};
    printf(_("shop:      %s (%s)\n"), s.shop_dir, s.set.name);

    int have = store_schema_version(s.st), latest = store_latest_version();
    printf(_("schema:    version %d of %d\n"), have, latest);

    struct strbuf report = STRBUF_INIT;
    if (store_check_integrity(s.st, &report, &err)) {
        printf(_("database:  FAILED: %s\n%s"), sd_err_text(&err), sb_str(&report));
        worst = 1;
    } else {
        printf("%s\n", _("database:  ok"));
    }
    sb_free(&report);

    struct settings set;
    sd_err_clear(&err);
    if (settings_load(s.set.path, &set, &err)) {
        printf(_("settings:  FAILED: %s\n"), sd_err_text(&err));
        if (!worst)
            worst = 2;
    } else {
        printf(_("settings:  ok (%s)\n"), s.set.path);
    }
    settings_clear(&set);

    struct audit_state a;
    sd_err_clear(&err);
    if (audit_check(&s, true, &a, &err)) {
        printf(_("audit log: FAILED: %s\n"), sd_err_text(&err));
        worst = 1;
    } else if (a.broken) {
        printf(_("audit log: FAILED: %s\n"), audit_broken_text(&a));
        worst = 1;
    } else {
        printf(P_("audit log: ok (%lld row, hash chain intact)\n",
                  "audit log: ok (%lld rows, hash chain intact)\n", a.rows),
               (long long)a.rows);
    }
    session_close(&s);
    return worst;
}
