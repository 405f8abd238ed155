#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/i18n.h"

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk export orders --format csv|json"));
    printf("%s\n\n", _("       shopdesk export audit [--format text|csv|json]"));
    printf("%s\n", _("orders: every order, newest first, streamed (any number of orders). Phones "
                     "and addresses\nare masked unless your roles need them.\naudit: every "
                     "change with who, as whom, when, what, and before -> after. Owners only."));
}

struct audit_ctx {
    struct table *t;
    int64_t rows;
    int c_id, c_at, c_login, c_as, c_action, c_entity, c_entity_id, c_order, c_before, c_after,
        c_hash;
};

static int add_row(const struct audit_row *r, void *arg)
{
    struct audit_ctx *a = arg;
    table_row(a->t);
    table_int(a->t, a->c_id, r->id);
    table_time(a->t, a->c_at, r->at);
    table_text(a->t, a->c_login, r->login);
    table_text(a->t, a->c_as, r->as_login);
    table_text(a->t, a->c_action, r->action);
    table_text(a->t, a->c_entity, r->entity);
    table_text(a->t, a->c_entity_id, r->entity_id);
    if (r->order_id)
        table_int(a->t, a->c_order, r->order_id);
    table_text(a->t, a->c_before, r->before);
    table_text(a->t, a->c_after, r->after);
    table_text(a->t, a->c_hash, r->hash);
    if ((++a->rows & 1023) == 0) {
        progress_show(_("exporting the audit log"), a->rows, 0, false);
        return stop_signal != 0;
    }
    return 0;
}

static int export_audit(struct cli *c)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    if (session_require(&s, SD_PERM_AUDIT_READ, &err)) {
        session_close(&s);
        return cli_error(&err);
    }
    struct audit_ctx a;
    a.t = table_new(s.set.currency);
    a.c_id = table_col(a.t, "id", _("#"), COL_INT);
    a.c_at = table_col(a.t, "at", _("When"), COL_TIME);
    a.c_login = table_col(a.t, "login", _("Login"), COL_TEXT);
    a.c_as = table_col(a.t, "as", _("As"), COL_TEXT);
    a.c_action = table_col(a.t, "action", _("Action"), COL_TEXT);
    a.c_entity = table_col(a.t, "entity", _("Entity"), COL_TEXT);
    a.c_entity_id = table_col(a.t, "entity_id", _("Id"), COL_TEXT);
    a.c_order = table_col(a.t, "order_id", _("Order"), COL_INT);
    a.c_before = table_col(a.t, "before", _("Before"), COL_JSON);
    a.c_after = table_col(a.t, "after", _("After"), COL_JSON);
    a.c_hash = table_col(a.t, "hash", _("Hash"), COL_TEXT);
    table_col_text_hidden(a.t, a.c_hash);
    a.rows = 0;
    progress_watch(&s);
    int rc = store_audit_walk(s.st, 0, NULL, NULL, add_row, &a, &err);
    progress_unwatch(&s);
    bool stopped = stop_signal != 0;
    if (!rc && !stopped)
        table_print(a.t, c->format, stdout);
    table_free(&a.t);
    session_close(&s);
    if (stopped)
        return stop_report(_("nothing was exported"));
    return rc ? cli_error(&err) : 0;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    int opt, ex = 0;
    const char *arg;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        if (opt == CLI_OPT_HELP) {
            usage();
            return 0;
        }
        return cli_usage_error(c->cmd, _("unexpected option"));
    }
    if (ex)
        return ex;
    if (optind != argc - 1)
        return cli_usage_error(c->cmd, _("say what to export: orders or audit"));
    if (!strcmp(argv[optind], "audit"))
        return export_audit(c);
    if (!strcmp(argv[optind], "orders"))
        return orders_export(c);
    return cli_usage_error(c->cmd, _("cannot export '%s' (orders, audit)"), argv[optind]);
}
