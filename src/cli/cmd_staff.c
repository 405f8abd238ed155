#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chat.h"
#include "app/session.h"
#include "store/chat.h"
#include "app/staff_ops.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "core/role.h"
#include "store/staff.h"
#include "util/i18n.h"

enum { OPT_NAME = CLI_OPT_FIRST_PRIVATE, OPT_ROLES, OPT_ACCOUNTS };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk staff add LOGIN --name NAME --roles ROLE[,ROLE...]"));
    printf("%s\n", _("       shopdesk staff edit LOGIN [--name NAME] [--roles ROLE[,ROLE...]] "
                     "[--accounts ACCOUNT[,ACCOUNT...]]"));
    printf("%s\n", _("       shopdesk staff remove LOGIN"));
    printf("%s\n\n", _("       shopdesk staff list [--format text|csv|json]"));
    printf("%s\n", _("Staff are Unix logins. Roles: owner, agent, refunds, returns, warehouse, "
                     "shopper.\nOnly an owner manages staff; every change is audited. "
                     "--accounts names the agent's\naccounts on the platforms (a Taobao "
                     "sub-account such as 店铺:小李), which the chat\nstatistics are kept by "
                     "(\"\" for none)."));
}

static int list(struct cli *c)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct staff *all;
    size_t n;
    struct sd_err err = {0};
    if (store_staff_list(s.st, &all, &n, &err)) {
        session_close(&s);
        return cli_error(&err);
    }
    struct table *t = table_new(s.set.currency);
    int c_login = table_col(t, "login", _("Login"), COL_TEXT);
    int c_name = table_col(t, "name", _("Name"), COL_TEXT);
    /* who holds which role is the owner's to know: a report's target must not learn who
     * the shoppers are */
    bool owner = (s.roles & SD_ROLE_OWNER) != 0;
    int c_roles = owner ? table_col(t, "roles", _("Roles"), COL_TEXT) : -1;
    int c_accounts = owner ? table_col(t, "accounts", _("Accounts"), COL_TEXT) : -1;
    int c_active = table_col(t, "active", _("Active"), COL_BOOL);
    int c_created = table_col(t, "created_at", _("Since"), COL_TIME);
    for (size_t i = 0; i < n; i++) {
        char roles[128];
        table_row(t);
        table_text(t, c_login, all[i].login);
        table_text(t, c_name, all[i].name);
        if (owner) {
            char accounts[400];
            table_text(t, c_roles, roles_format(all[i].roles, roles, sizeof roles));
            if (store_accounts_of(s.st, all[i].login, accounts, sizeof accounts, &err))
                accounts[0] = '\0';
            table_text(t, c_accounts, accounts);
        }
        table_bool(t, c_active, all[i].active);
        table_time(t, c_created, all[i].created_at);
        staff_clear(&all[i]);
    }
    free(all);
    table_print(t, c->format, stdout);
    table_free(&t);
    session_close(&s);
    return 0;
}

int cmd_staff(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"name", required_argument, NULL, OPT_NAME},
        {"roles", required_argument, NULL, OPT_ROLES},
        {"accounts", required_argument, NULL, OPT_ACCOUNTS},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL, *roles_arg = NULL, *accounts = NULL, *arg;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_NAME:
            name = arg;
            break;
        case OPT_ROLES:
            roles_arg = arg;
            break;
        case OPT_ACCOUNTS:
            accounts = arg;
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
        return cli_usage_error(c->cmd, _("say what to do: add, edit, remove or list"));
    const char *verb = argv[optind++];
    if (!strcmp(verb, "list")) {
        if (optind != argc)
            return cli_usage_error(c->cmd, _("'list' takes no arguments"));
        return list(c);
    }
    if (strcmp(verb, "add") && strcmp(verb, "edit") && strcmp(verb, "remove"))
        return cli_usage_error(c->cmd, _("unknown action '%s' (add, edit, remove or list)"), verb);
    if (optind != argc - 1)
        return cli_usage_error(c->cmd, _("'%s' takes one login"), verb);
    const char *login = argv[optind];
    unsigned roles = 0;
    struct sd_err err = {0};
    if (roles_arg && roles_parse(roles_arg, &roles, &err))
        return cli_usage_error(c->cmd, "%s", err.msg);
    if (!strcmp(verb, "add")) {
        if (!name)
            return cli_usage_error(c->cmd, _("'add' needs --name NAME"));
        if (!roles_arg)
            return cli_usage_error(c->cmd, _("'add' needs --roles ROLE[,ROLE...]"));
    }
    if (!strcmp(verb, "edit") && !name && !roles_arg && !accounts)
        return cli_usage_error(c->cmd, _("'edit' needs --name, --roles or --accounts"));
    if (accounts && strcmp(verb, "edit"))
        return cli_usage_error(c->cmd, _("--accounts goes with 'edit'"));

    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    int rc;
    if (!strcmp(verb, "add"))
        rc = staff_add(&s, login, name, roles, &err);
    else if (!strcmp(verb, "edit")) {
        rc = name || roles_arg ? staff_edit(&s, login, name, roles, &err) : SD_OK;
        if (!rc && accounts)
            rc = chat_accounts_set(&s, login, accounts, &err);
    }
    else
        rc = staff_remove(&s, login, &err);
    session_close(&s);
    if (rc)
        return cli_error(&err);
    if (!strcmp(verb, "add")) {
        printf(_("Added %s (%s) as %s.\n"), login, name, roles_arg);
        if (!getpwnam(login))
            fprintf(stderr, _("Note: there is no Unix login '%s' on this host yet.\n"), login);
    } else if (!strcmp(verb, "edit")) {
        printf(_("Changed %s.\n"), login);
    } else {
        printf(_("Removed %s from the staff.\n"), login);
    }
    return 0;
}
