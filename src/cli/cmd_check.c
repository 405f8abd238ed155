#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_anchor.h"
#include "app/audit_check.h"
#include "app/session.h"
#include "app/stock.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "conf/settings.h"
#include "store/audit.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk check [--head ID:HASH] [--system-log FILE] "
                       "[--repair-search]"));
    printf("%s\n", _("Check the shop: database integrity, schema version, shop.yaml, and the "
                     "audit log's hash\nchain. Exit status 0 when all is well, 1 when the "
                     "database or audit log has a problem,\n2 when shop.yaml is invalid. "
                     "--repair-search builds the order search index again\n(owners)."));
    printf("\n%s\n", _("The audit log is also compared with the triggers that guard it, with "
                       "its head, with the\nlast head the system log recorded (the journal or "
                       "/var/log/auth.log, when this login\nmay read it; --system-log reads a "
                       "copy instead), and with a head kept from a mailed\nreview (--head)."));
}

enum { OPT_REPAIR_SEARCH = CLI_OPT_FIRST_PRIVATE, OPT_HEAD, OPT_SYSLOG };

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

/* A head the owner kept (a mailed review) against the chain: 1 when it no longer holds. */
static int check_kept_head(struct session *s, long long id, const char *hash)
{
    bool ok = false;
    char now[65];
    struct sd_err err = {0};
    if (audit_head_compare(s, id, hash, &ok, now, &err)) {
        printf(_("kept head: FAILED: %s\n"), sd_err_text(&err));
        return 1;
    }
    if (ok) {
        printf(_("kept head: ok (row %lld still has the hash you kept)\n"), id);
        return 0;
    }
    if (!now[0])
        printf(_("kept head: FAILED: row %lld is gone: the log was cut short outside "
                 "shopdesk\n"),
               id);
    else
        printf(_("kept head: FAILED: row %lld has another hash now: the log up to it was "
                 "rewritten outside shopdesk\n"),
               id);
    return 1;
}

/* The chain against the last head the system log recorded; 1 on a file that cannot be read. */
static int check_system_log(struct session *s, const char *file, int *worst)
{
    struct anchor_result r;
    struct sd_err err = {0};
    if (audit_anchor_compare(s, file, &r, &err)) {
        printf(_("system log: FAILED: %s\n"), sd_err_text(&err));
        return 1;
    }
    if (!r.read)
        printf(_("system log: not compared (%s)\n"), r.why);
    else if (!r.heads)
        printf(_("system log: no head of this shop recorded in %s\n"), r.source);
    else if (!r.mismatch)
        printf(P_("system log: ok (%lld head recorded in %s; the last, row %lld, matches)\n",
                  "system log: ok (%lld heads recorded in %s; the last, row %lld, matches)\n",
                  r.heads),
               (long long)r.heads, r.source, (long long)r.last.id);
    else {
        if (r.past_end)
            printf(_("system log: FAILED: %s recorded row %lld, which the log no longer has: "
                     "it was cut short outside shopdesk\n"),
                   r.source, (long long)r.last.id);
        else
            printf(_("system log: FAILED: %s recorded row %lld with another hash: the log was "
                     "rewritten outside shopdesk\n"),
                   r.source, (long long)r.last.id);
        *worst = 1;
    }
    return 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"repair-search", no_argument, NULL, OPT_REPAIR_SEARCH},
        {"head", required_argument, NULL, OPT_HEAD},
        {"system-log", required_argument, NULL, OPT_SYSLOG},
        {NULL, 0, NULL, 0}};
    int opt, ex = 0;
    const char *arg, *syslog_file = NULL;
    bool repair = false;
    long long head_id = 0;
    char head_hash[65] = "";
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
        if (opt == OPT_SYSLOG) {
            syslog_file = arg;
            continue;
        }
        if (opt == OPT_HEAD) {
            int used = 0;
            if (sscanf(arg, "%lld:%64[0-9a-f]%n", &head_id, head_hash, &used) != 2 ||
                arg[used] || head_id <= 0 || strlen(head_hash) != 64)
                return cli_usage_error(c->cmd, _("--head takes ID:HASH as the daily review "
                                                 "prints it (12345:9f86d0...)"));
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
    progress_watch(&s);
    progress_show(_("checking the database"), 0, 0, false);
    int irc = store_check_integrity(s.st, &report, &err);
    progress_clear();
    if (irc == SD_CANCELLED && stop_signal) {
        sb_free(&report);
        progress_unwatch(&s);
        session_close(&s);
        return stop_report(_("the check did not finish"));
    }
    if (irc) {
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

    struct strbuf stock = STRBUF_INIT;
    sd_err_clear(&err);
    int sn = stock_verify(&s, &stock, &err);
    if (sn < 0) {
        printf(_("stock:     FAILED: %s\n"), sd_err_text(&err));
        worst = 1;
    } else if (sn > 0) {
        char *lines = xstrdup(sb_str(&stock)), *save = NULL;
        for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            printf(_("stock:     FAILED: %s\n"), l);
        free(lines);
        worst = 1;
    } else {
        printf("%s\n", _("stock:     ok (every count is the sum of its movements)"));
    }
    sb_free(&stock);

    struct audit_state a;
    sd_err_clear(&err);
    int arc = audit_check(&s, true, &a, &err);
    progress_unwatch(&s);
    if (arc == SD_CANCELLED && stop_signal) {
        session_close(&s);
        return stop_report(_("the check did not finish"));
    }
    if (arc) {
        printf(_("audit log: FAILED: %s\n"), sd_err_text(&err));
        worst = 1;
    } else {
        if (a.broken || a.head_moved) {
            printf(_("audit log: FAILED: %s\n"), audit_broken_text(&a));
            worst = 1;
        } else {
            printf(P_("audit log: ok (%lld row, hash chain intact)\n",
                      "audit log: ok (%lld rows, hash chain intact)\n", a.rows),
                   (long long)a.rows);
        }
        if (a.trigger_problems) {
            char *lines = xstrdup(a.triggers), *save = NULL;
            for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
                printf(_("triggers:  FAILED: %s\n"), l);
            free(lines);
            worst = 1;
        } else {
            printf("%s\n", _("triggers:  ok (the audit log, payments and reports are guarded)"));
        }
        if (a.head_id)
            printf(_("head:      %lld:%s\n"), (long long)a.head_id, a.head_hash);
    }
    if (head_id && check_kept_head(&s, head_id, head_hash))
        worst = 1;
    if (check_system_log(&s, syslog_file, &worst))
        worst = worst ? worst : 2;
    session_close(&s);
    return worst;
}
