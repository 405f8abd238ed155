/* shopdesk ratings: the customer ratings imported, low ones without a reply first; replies
 * and "handled" marks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ratings.h"
#include "app/session.h"
#include "cli/cli.h"
#include "store/ratings.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum { OPT_LOW = CLI_OPT_FIRST_PRIVATE, OPT_OPEN, OPT_LIMIT };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk ratings list [--low] [--open] [--limit N] [--format "
                     "text|csv|json]"));
    printf("%s\n", _("       shopdesk ratings reply ORDER TEXT"));
    printf("%s\n\n", _("       shopdesk ratings handle ORDER"));
    printf("%s\n", _("Customer ratings imported with 'shopdesk import reviews', newest first. "
                     "--low keeps 1\nand 2 stars, --open those without a reply or a handled "
                     "mark. reply records the shop's\nanswer, handle marks a rating dealt with; "
                     "both keep who and when. ORDER is the order\nnumber, or PLATFORM:NUMBER."));
}

int cmd_ratings(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"low", no_argument, NULL, OPT_LOW},
        {"open", no_argument, NULL, OPT_OPEN},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {NULL, 0, NULL, 0},
    };
    bool low = false, open = false;
    long limit = 100;
    const char *arg;
    char *end;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_LOW:
            low = true;
            break;
        case OPT_OPEN:
            open = true;
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
        return cli_usage_error(c->cmd, _("say what to do: list, reply or handle"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    bool is_list = !strcmp(verb, "list"), is_reply = !strcmp(verb, "reply"),
         is_handle = !strcmp(verb, "handle");
    if (!is_list && !is_reply && !is_handle)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if ((is_list && n != 0) || (is_reply && n != 2) || (is_handle && n != 1))
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc = SD_OK;
    if (is_reply || is_handle) {
        rc = is_reply ? ratings_reply(&s, argv[optind], argv[optind + 1], &err)
                      : ratings_handle(&s, argv[optind], &err);
        if (!rc)
            printf(is_reply ? _("Replied to the rating of %s.\n")
                            : _("The rating of %s is marked handled.\n"),
                   argv[optind]);
    } else if ((rc = session_require(&s, SD_PERM_RATINGS, &err)) == SD_OK) {
        struct rating *v = xcalloc((size_t)limit, sizeof *v);
        int k = store_ratings_list(s.st, low, open, v, (int)limit, &err);
        if (k < 0) {
            rc = err.code;
        } else {
            struct table *t = table_new(s.set.currency);
            int cp = table_col(t, "platform", _("Platform"), COL_TEXT);
            int cn = table_col(t, "number", _("Order"), COL_TEXT);
            int cr = table_col(t, "rating", _("Rating"), COL_INT);
            int ct = table_col(t, "rated_at", _("Time"), COL_TIME);
            int cc = table_col(t, "comment", _("Comment"), COL_TEXT);
            int crp = table_col(t, "reply", _("Reply"), COL_TEXT);
            int crb = table_col(t, "replied_by", _("Replied by"), COL_TEXT);
            int cra = table_col(t, "replied_at", _("Replied"), COL_TIME);
            int chb = table_col(t, "handled_by", _("Handled by"), COL_TEXT);
            int cha = table_col(t, "handled_at", _("Handled"), COL_TIME);
            table_col_text_hidden(t, crb);
            table_col_text_hidden(t, chb);
            for (int i = 0; i < k; i++) {
                table_row(t);
                table_text(t, cp, v[i].platform);
                table_text(t, cn, v[i].number);
                table_int(t, cr, v[i].rating);
                table_time(t, ct, v[i].rated_at);
                table_text(t, cc, v[i].comment);
                table_text(t, crp, v[i].reply);
                table_text(t, crb, v[i].replied_by[0] ? v[i].replied_by : NULL);
                table_time(t, cra, v[i].replied_at);
                table_text(t, chb, v[i].handled_by[0] ? v[i].handled_by : NULL);
                table_time(t, cha, v[i].handled_at);
            }
            table_print(t, c->format, stdout);
            table_free(&t);
        }
        free(v);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
