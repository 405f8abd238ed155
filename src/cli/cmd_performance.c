/* shopdesk performance: each staff member's month, scored by the owner, signed by the
 * person. */
#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance.h"
#include "app/session.h"
#include "cli/cli.h"
#include "util/i18n.h"
#include "util/strbuf.h"

enum { OPT_MONTH = CLI_OPT_FIRST_PRIVATE, OPT_SCORE, OPT_COMMENT, OPT_DISAGREE };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk performance show LOGIN [--month YYYY-MM] [--format "
                     "text|json]"));
    printf("%s\n", _("       shopdesk performance list [--month YYYY-MM] [--format "
                     "text|csv|json]"));
    printf("%s\n", _("       shopdesk performance score LOGIN --month YYYY-MM --score N "
                     "--comment TEXT"));
    printf("%s\n\n", _("       shopdesk performance sign --month YYYY-MM [--disagree TEXT]"));
    printf("%s\n", _("Each staff member's month, computed from the shop's records: refunds "
                     "reviewed, paid within\nthe SLA and late, disputes answered in time, the "
                     "chat figures of their accounts,\nmystery reports about them released that "
                     "month, low ratings they answered. The owner\nscores it (0-100) with a "
                     "comment; the person signs it, or disagrees with a note (the\nowner may "
                     "then score again). A signed sheet is locked with its figures. Only the\n"
                     "owner and the person see a sheet. The month is last month when not "
                     "given."));
}

static const char *state_key(const struct perf_sheet *p)
{
    return !p->exists        ? "not_scored"
           : p->signed_at    ? "signed"
           : p->disagreed_at ? "disagreed"
                             : "scored";
}

static const char *state_label(const struct perf_sheet *p)
{
    return !p->exists        ? _("not scored")
           : p->signed_at    ? _("signed")
           : p->disagreed_at ? _("disagreed")
                             : _("scored, to sign");
}

static void show_json(const struct perf_sheet *p, const struct perf_figures *f)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "login", json_object_new_string(p->login));
    json_object_object_add(o, "month", json_object_new_string(p->month));
    json_object_object_add(o, "state", json_object_new_string(state_key(p)));
    json_object_object_add(o, "score", p->score >= 0 ? json_object_new_int(p->score) : NULL);
    json_object_object_add(o, "comment", json_object_new_string(p->comment));
    json_object_object_add(o, "scored_by", p->exists ? json_object_new_string(p->scored_by) : NULL);
    json_object_object_add(o, "disagreement",
                           p->disagreed_at ? json_object_new_string(p->disagreement) : NULL);
    json_object_object_add(o, "signed", json_object_new_boolean(p->signed_at != 0));
    char *fj = perf_figures_json(f);
    json_object_object_add(o, "figures", json_tokener_parse(fj));
    free(fj);
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

int cmd_performance(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"month", required_argument, NULL, OPT_MONTH},
        {"score", required_argument, NULL, OPT_SCORE},
        {"comment", required_argument, NULL, OPT_COMMENT},
        {"disagree", required_argument, NULL, OPT_DISAGREE},
        {NULL, 0, NULL, 0},
    };
    const char *arg, *month_arg = NULL, *comment = NULL, *disagree = NULL;
    int opt, ex = 0, score = -1;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_MONTH:
            month_arg = arg;
            break;
        case OPT_SCORE:
            score = (int)strtol(arg, &end, 10);
            if (!*arg || *end || score < 0 || score > 100)
                return cli_usage_error(c->cmd, _("a score is 0 to 100, not '%s'"), arg);
            break;
        case OPT_COMMENT:
            comment = arg;
            break;
        case OPT_DISAGREE:
            disagree = arg;
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
        return cli_usage_error(c->cmd, _("say what to do: show, list, score or sign"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    bool is_show = !strcmp(verb, "show"), is_list = !strcmp(verb, "list"),
         is_score = !strcmp(verb, "score"), is_sign = !strcmp(verb, "sign");
    if (!is_show && !is_list && !is_score && !is_sign)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if (((is_show || is_score) && n != 1) || ((is_list || is_sign) && n != 0))
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    if ((is_score || is_sign) && !month_arg)
        return cli_usage_error(c->cmd, _("'%s' needs --month YYYY-MM"), verb);
    if (is_score && (score < 0 || !comment))
        return cli_usage_error(c->cmd, "%s", _("score needs --score and --comment"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    char last[8];
    perf_last_month(last); /* in the shop's zone, now that it is open */
    const char *month = month_arg ? month_arg : last;
    struct sd_err err = {0};
    int rc;
    if (is_show) {
        struct perf_sheet p;
        struct perf_figures f;
        rc = perf_show(&s, argv[optind], month, &p, &f, &err);
        if (!rc && c->format == OUT_JSON) {
            show_json(&p, &f);
        } else if (!rc) {
            struct strbuf sb = STRBUF_INIT;
            perf_sheet_text(&p, &f, &sb);
            fputs(sb_str(&sb), stdout);
            sb_free(&sb);
        }
        if (!rc)
            perf_sheet_clear(&p);
    } else if (is_list) {
        struct perf_sheet *v = NULL;
        int k = 0;
        rc = perf_list(&s, month, &v, &k, &err);
        if (!rc) {
            struct table *t = table_new(s.set.currency);
            int cl = table_col(t, "login", _("Login"), COL_TEXT);
            int cs = table_col(t, "score", _("Score"), COL_TEXT);
            int cst = table_col(t, "state", _("State"), COL_TEXT);
            bool keys = c->format == OUT_JSON || c->format == OUT_CSV;
            for (int i = 0; i < k; i++) {
                char sc[16] = "";
                if (v[i].score >= 0)
                    snprintf(sc, sizeof sc, "%d", v[i].score);
                table_row(t);
                table_text(t, cl, v[i].login);
                table_text(t, cs, sc);
                table_text(t, cst, keys ? state_key(&v[i]) : state_label(&v[i]));
                perf_sheet_clear(&v[i]);
            }
            table_print(t, c->format, stdout);
            table_free(&t);
        }
        free(v);
    } else if (is_score) {
        rc = perf_score(&s, argv[optind], month, score, comment, &err);
        if (!rc)
            /* L10N: "li.na, 2026-11: scored 85." */
            printf(_("%s, %s: scored %d.\n"), argv[optind], month, score);
    } else {
        rc = perf_sign(&s, month, disagree, &err);
        if (!rc)
            printf(disagree ? _("%s: your disagreement is recorded; the owner may score again.\n")
                            : _("%s: signed. The sheet is locked.\n"),
                   month);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
