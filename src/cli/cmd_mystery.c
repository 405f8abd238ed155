/* shopdesk mystery: file mystery-shopper reports from YAML, list, show and export them as the
 * caller may see them, move them through review, release and lock, and close action items. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/mystery.h"
#include "app/session.h"
#include "cli/cli.h"
#include "conf/scorecard.h"
#include "core/tz.h"
#include "util/decimal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum { OPT_FEEDBACK = CLI_OPT_FIRST_PRIVATE, OPT_STATUS };

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk mystery add REPORT.yaml"));
    printf("%s\n", _("       shopdesk mystery list [--status S] [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk mystery show ID [--format text|json]"));
    printf("%s\n", _("       shopdesk mystery export [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk mystery submit|review|lock ID"));
    printf("%s\n", _("       shopdesk mystery release ID --feedback TEXT"));
    printf("%s\n", _("       shopdesk mystery action ID done|dropped|open"));
    printf("%s\n", _("       shopdesk mystery trends|compare|actions"));
    printf("%s\n\n", _("       shopdesk mystery scorecards"));
    printf("%s\n", _("Mystery-shopper reports. add files a report written in YAML against a "
                     "scorecard of the\nshop (scorecards/*.yaml) and prints its id alone on "
                     "the last line. A report goes\ndraft -> submitted -> reviewed -> released "
                     "(the feedback the target reads) -> locked.\nThe owner sees every report, "
                     "a shopper their own, anyone else only the released\nfeedback on "
                     "themselves. trends shows targets and criteria over time and compare\nown "
                     "staff beside competitors (the owner); actions lists the open action "
                     "items;\nscorecards checks the templates and lists them."));
}

static void score_text(int64_t score, char *buf, size_t n)
{
    if (score < 0)
        snprintf(buf, n, "-");
    else
        hundredths_text(score, "", buf, n);
}

/* ---- list and export ---------------------------------------------------------------- */

static int each_visible(struct session *s, const char *status,
                        int (*fn)(struct session *s, const struct mystery_row *r, void *ctx),
                        void *ctx, struct sd_err *err)
{
    struct mystery_viewer v = mystery_viewer_of(s);
    struct mystery_row rows[64], last;
    bool have = false;
    int rc = session_require(s, SD_PERM_MYSTERY_VIEW, err);
    for (;;) {
        if (rc)
            return rc;
        int n = store_mystery_page(s->st, &v, have ? &last : NULL, true, false, 64, rows, err);
        if (n < 0)
            return err->code;
        for (int i = 0; i < n && !rc; i++)
            if (!status || !strcmp(rows[i].status, status))
                rc = fn(s, &rows[i], ctx);
        if (n < 64)
            return rc;
        last = rows[n - 1];
        have = true;
    }
}

struct listing {
    struct table *t;
    int id, visited, scorecard, kind, target, shopper, status, score, critical;
    int channel, version, findings, feedback, actions;
    bool full;
};

static int list_row(struct session *s, const struct mystery_row *r, void *ctx)
{
    struct listing *l = ctx;
    char score[48];
    score_text(r->score, score, sizeof score);
    struct mystery_view v;
    if (l->full) {
        struct sd_err err = {0};
        int rc = mystery_show(s, r->id, &v, &err);
        if (rc)
            return rc;
    }
    table_row(l->t);
    table_int(l->t, l->id, r->id);
    table_time(l->t, l->visited, r->visited_at);
    table_text(l->t, l->scorecard, r->scorecard);
    table_text(l->t, l->kind, r->target_kind);
    table_text(l->t, l->target, r->target);
    table_text(l->t, l->shopper, r->shopper_hidden ? NULL : r->shopper);
    table_text(l->t, l->status, r->status);
    if (r->score < 0)
        table_null(l->t, l->score);
    else
        table_text(l->t, l->score, score);
    table_bool(l->t, l->critical, r->critical_failed);
    if (l->full) { /* the export: the report's own columns too (cells go by column) */
        table_int(l->t, l->version, v.r.scorecard_version);
        table_text(l->t, l->channel, v.r.channel);
        table_text(l->t, l->findings, v.feedback_only ? NULL : v.r.findings);
        table_text(l->t, l->feedback, v.r.feedback);
        table_int(l->t, l->actions, (int64_t)v.r.nactions);
        mystery_view_free(&v);
    }
    return SD_OK;
}

static int list(struct cli *c, struct session *s, const char *status, bool full, struct sd_err *err)
{
    struct listing l = {0};
    l.full = full;
    l.t = table_new(s->set.currency);
    l.id = table_col(l.t, "id", _("#"), COL_INT);
    l.visited = table_col(l.t, "visited_at", _("Visited"), COL_TIME);
    l.scorecard = table_col(l.t, "scorecard", _("Scorecard"), COL_TEXT);
    if (full)
        l.version = table_col(l.t, "scorecard_version", _("Version"), COL_INT);
    l.kind = table_col(l.t, "target_kind", _("Kind"), COL_TEXT);
    l.target = table_col(l.t, "target", _("Target"), COL_TEXT);
    if (full)
        l.channel = table_col(l.t, "channel", _("Channel"), COL_TEXT);
    l.shopper = table_col(l.t, "shopper", _("Shopper"), COL_TEXT);
    l.status = table_col(l.t, "status", _("Status"), COL_TEXT);
    l.score = table_col(l.t, "score", _("Score"), COL_JSON);
    l.critical = table_col(l.t, "critical_failed", _("Critical"), COL_BOOL);
    if (full) {
        l.findings = table_col(l.t, "findings", _("Findings"), COL_TEXT);
        l.feedback = table_col(l.t, "feedback", _("Feedback"), COL_TEXT);
        l.actions = table_col(l.t, "actions", _("Actions"), COL_INT);
        table_col_text_hidden(l.t, l.findings);
        table_col_text_hidden(l.t, l.feedback);
    }
    int rc = each_visible(s, status, list_row, &l, err);
    if (!rc)
        table_print(l.t, c->format, stdout);
    table_free(&l.t);
    return rc;
}

/* ---- show ----------------------------------------------------------------------------- */

static void show_json(const struct mystery_view *v, const struct settings *set)
{
    const struct mystery_report *r = &v->r;
    struct table *t = table_new(set->currency);
    int cid = table_col(t, "id", "", COL_INT), cv = table_col(t, "visited_at", "", COL_TIME),
        cs = table_col(t, "scorecard", "", COL_TEXT),
        cver = table_col(t, "scorecard_version", "", COL_INT),
        ck = table_col(t, "target_kind", "", COL_TEXT), ct = table_col(t, "target", "", COL_TEXT),
        cch = table_col(t, "channel", "", COL_TEXT), csh = table_col(t, "shopper", "", COL_TEXT),
        cst = table_col(t, "status", "", COL_TEXT), csc = table_col(t, "score", "", COL_JSON),
        ccr = table_col(t, "critical_failed", "", COL_BOOL),
        cf = table_col(t, "findings", "", COL_TEXT), cfb = table_col(t, "feedback", "", COL_TEXT),
        cscores = table_col(t, "scores", "", COL_JSON),
        cact = table_col(t, "actions", "", COL_JSON);
    table_row(t);
    table_int(t, cid, r->id);
    table_time(t, cv, r->visited_at);
    table_text(t, cs, r->scorecard);
    table_int(t, cver, r->scorecard_version);
    table_text(t, ck, mystery_target_key(r->target_kind));
    table_text(t, ct, r->target);
    table_text(t, cch, r->channel);
    table_text(t, csh, v->shopper_hidden ? NULL : r->shopper);
    table_text(t, cst, mystery_status_key(r->status));
    char score[48];
    score_text(r->score.score, score, sizeof score);
    if (r->score.score < 0)
        table_null(t, csc);
    else
        table_text(t, csc, score);
    table_bool(t, ccr, r->score.critical_failed);
    table_text(t, cf, v->feedback_only ? NULL : r->findings);
    table_text(t, cfb, r->feedback);
    /* scores and actions as JSON arrays of their own */
    struct table *sub = table_new(set->currency);
    int a = table_col(sub, "criterion", "", COL_TEXT), b = table_col(sub, "section", "", COL_TEXT),
        c = table_col(sub, "answer", "", COL_TEXT), d = table_col(sub, "points", "", COL_INT),
        e = table_col(sub, "max_points", "", COL_INT), f = table_col(sub, "evidence", "", COL_TEXT);
    for (size_t i = 0; i < v->nscores; i++) {
        const struct mystery_score_row *x = &v->scores[i];
        table_row(sub);
        table_text(sub, a, x->criterion);
        table_text(sub, b, x->section);
        table_text(sub, c, x->answer);
        if (x->points < 0) {
            table_null(sub, d);
            table_null(sub, e);
        } else {
            table_int(sub, d, x->points);
            table_int(sub, e, x->max_points);
        }
        table_text(sub, f, x->evidence);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    table_print(sub, OUT_JSON, mem);
    fclose(mem);
    table_text(t, cscores, buf);
    free(buf);
    table_free(&sub);
    sub = table_new(set->currency);
    a = table_col(sub, "id", "", COL_INT);
    b = table_col(sub, "text", "", COL_TEXT);
    c = table_col(sub, "owner", "", COL_TEXT);
    d = table_col(sub, "due", "", COL_DATE);
    e = table_col(sub, "status", "", COL_TEXT);
    for (size_t i = 0; i < r->nactions; i++) {
        table_row(sub);
        table_int(sub, a, r->actions[i].id);
        table_text(sub, b, r->actions[i].text);
        table_text(sub, c, r->actions[i].owner);
        table_text(sub, d, r->actions[i].due);
        table_text(sub, e, r->actions[i].status);
    }
    buf = NULL;
    mem = open_memstream(&buf, &len);
    table_print(sub, OUT_JSON, mem);
    fclose(mem);
    table_text(t, cact, buf);
    free(buf);
    table_free(&sub);
    table_print(t, OUT_JSON, stdout);
    table_free(&t);
}

/* ---- scorecards ---------------------------------------------------------------------- */

static int scorecards(struct cli *c, struct session *s, struct sd_err *err)
{
    char **ids;
    size_t n;
    int rc = mystery_scorecard_ids(s, &ids, &n, err);
    if (rc)
        return rc;
    struct table *t = table_new(s->set.currency);
    int cid = table_col(t, "id", _("Scorecard"), COL_TEXT),
        cv = table_col(t, "version", _("Version"), COL_INT),
        ck = table_col(t, "target", _("For"), COL_TEXT),
        cn = table_col(t, "criteria", _("Criteria"), COL_INT),
        ct = table_col(t, "title", _("Title"), COL_TEXT);
    for (size_t i = 0; i < n; i++) {
        struct scorecard sc;
        if (rc == SD_OK && (rc = mystery_scorecard(s, ids[i], &sc, err)) == SD_OK) {
            table_row(t);
            table_text(t, cid, sc.id);
            table_int(t, cv, sc.version);
            table_text(t, ck, mystery_target_key(sc.target));
            table_int(t, cn, (int64_t)scorecard_criteria(&sc));
            table_text(t, ct, sc.title);
            scorecard_free(&sc);
        }
        free(ids[i]);
    }
    free(ids);
    if (!rc)
        table_print(t, c->format, stdout);
    table_free(&t);
    return rc;
}

/* ---- the command ---------------------------------------------------------------------- */

static bool parse_id(const char *s, int64_t *id)
{
    char *end;
    long long v = strtoll(s[0] == '#' ? s + 1 : s, &end, 10);
    if (*end || v <= 0 || end == s)
        return false;
    *id = v;
    return true;
}

int cmd_mystery(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"feedback", required_argument, NULL, OPT_FEEDBACK},
        {"status", required_argument, NULL, OPT_STATUS},
        {NULL, 0, NULL, 0},
    };
    const char *arg, *feedback = NULL, *status = NULL;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_FEEDBACK:
            feedback = arg;
            break;
        case OPT_STATUS: {
            enum mystery_status st;
            if (mystery_status_parse(arg, &st))
                return cli_usage_error(c->cmd,
                                       _("unknown status '%s' (draft, submitted, "
                                         "reviewed, released, locked)"),
                                       arg);
            status = arg;
            break;
        }
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
        return cli_usage_error(
            c->cmd, _("say what to do: add, list, show, export, submit, "
                      "review, release, lock, action, trends, compare, actions or scorecards"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    static const struct {
        const char *verb;
        int args;
    } verbs[] = {{"add", 1},    {"list", 0},    {"show", 1},   {"export", 0}, {"submit", 1},
                 {"review", 1}, {"release", 1}, {"lock", 1},   {"action", 2}, {"scorecards", 0},
                 {"trends", 0}, {"compare", 0}, {"actions", 0}};
    int which = -1;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (!strcmp(verb, verbs[i].verb))
            which = (int)i;
    if (which < 0)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if (n != verbs[which].args)
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    if (feedback && strcmp(verb, "release"))
        return cli_usage_error(c->cmd, _("--feedback goes with release"));
    if (status && strcmp(verb, "list") && strcmp(verb, "export"))
        return cli_usage_error(c->cmd, _("--status goes with list and export"));
    int64_t id = 0;
    if (n >= 1 && strcmp(verb, "add") && !parse_id(argv[optind], &id))
        return cli_usage_error(c->cmd, _("'%s' is not a report number"), argv[optind]);
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc = SD_OK;
    if (!strcmp(verb, "add")) {
        rc = mystery_add(&s, argv[optind], &id, &err);
        if (!rc) {
            struct mystery_view v;
            if (mystery_show(&s, id, &v, &err) == SD_OK) {
                char score[48];
                score_text(v.r.score.score, score, sizeof score);
                /* L10N: after mystery add: id, scorecard, target kind and target, status, score */
                printf(_("Report #%lld filed: %s on %s %s, %s, score %s%%%s\n"), (long long)id,
                       v.r.scorecard, mystery_target_key(v.r.target_kind), v.r.target,
                       mystery_status_key(v.r.status), score,
                       v.r.score.critical_failed ? _(" (a critical item failed)") : "");
                mystery_view_free(&v);
            }
            printf("%lld\n", (long long)id);
        }
    } else if (!strcmp(verb, "list") || !strcmp(verb, "export")) {
        rc = list(c, &s, status, !strcmp(verb, "export"), &err);
    } else if (!strcmp(verb, "show") && c->format == OUT_JSON) {
        struct mystery_view v;
        if (!(rc = mystery_show(&s, id, &v, &err))) {
            show_json(&v, &s.set);
            mystery_view_free(&v);
        }
    } else if (!strcmp(verb, "action")) {
        rc = mystery_action_set(&s, id, argv[optind + 1], &err);
        if (!rc)
            printf(_("Action item #%lld is %s.\n"), (long long)id, argv[optind + 1]);
    } else if (!strcmp(verb, "scorecards")) {
        rc = scorecards(c, &s, &err);
    } else if (!strcmp(verb, "show") || !strcmp(verb, "trends") || !strcmp(verb, "compare") ||
               !strcmp(verb, "actions")) {
        /* documents for people: one report, or what the reports say together */
        struct detail d;
        detail_init(&d);
        rc = !strcmp(verb, "show")      ? mystery_detail(&s, id, &d, &err)
             : !strcmp(verb, "trends")  ? mystery_trends_detail(&s, &d, &err)
             : !strcmp(verb, "compare") ? mystery_compare_detail(&s, &d, &err)
                                        : mystery_actions_detail(&s, &d, &err);
        if (!rc)
            detail_print(&d, stdout);
        detail_free(&d);
    } else {
        enum mystery_step step = !strcmp(verb, "submit")    ? STEP_SUBMIT
                                 : !strcmp(verb, "review")  ? STEP_REVIEW
                                 : !strcmp(verb, "release") ? STEP_RELEASE
                                                            : STEP_LOCK;
        rc = mystery_step(&s, id, step, feedback, &err);
        if (!rc && step == STEP_SUBMIT)
            printf(_("Report #%lld is submitted.\n"), (long long)id);
        else if (!rc && step == STEP_REVIEW)
            printf(_("Report #%lld is reviewed.\n"), (long long)id);
        else if (!rc && step == STEP_RELEASE)
            printf(_("Report #%lld: the feedback is released.\n"), (long long)id);
        else if (!rc)
            printf(_("Report #%lld is locked.\n"), (long long)id);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
