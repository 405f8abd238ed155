/* shopdesk dispute: platform disputes (维权, 投诉) on orders and refunds, with the deadline
 * the platform gives to answer, the answer sent and what the platform decided. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/disputes.h"
#include "app/order_ops.h"
#include "app/session.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/datefmt.h"
#include "core/tz.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum {
    OPT_KIND = CLI_OPT_FIRST_PRIVATE,
    OPT_CLAIM,
    OPT_OPENED,
    OPT_REFUND,
    OPT_REF,
    OPT_EVIDENCE,
    OPT_NOTE,
    OPT_OUTCOME,
    OPT_RESPONSIBLE,
    OPT_OPEN,
    OPT_FROM,
    OPT_TO,
    OPT_ORDER,
    OPT_LIMIT
};

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk dispute add ORDER --kind KIND --claim TEXT [--opened TIME] "
                     "[--refund ID]\n                     [--ref PLATFORM-NUMBER] [--evidence "
                     "FILE]..."));
    printf("%s\n", _("       shopdesk dispute answer ID --note TEXT [--evidence FILE]..."));
    printf("%s\n", _("       shopdesk dispute close ID --outcome won|lost|withdrawn "
                     "[--responsible WHO]"));
    printf("%s\n", _("       shopdesk dispute list [--open] [--from DATE] [--to DATE] [--order "
                     "ORDER] [--format text|csv|json]"));
    printf("%s\n\n", _("       shopdesk dispute show ID [--format text|json]"));
    printf("%s\n", _("A dispute is a buyer's complaint to the platform (投诉) or a request that "
                     "it step into an\nafter-sales case (维权). Its kind (shop.yaml's "
                     "disputes.answer_within_hours) gives the\nhours the platform allows to "
                     "answer: the deadline counts from --opened (now when not\ngiven). An "
                     "answer by the deadline is in time. Evidence files are kept by path and\n"
                     "SHA-256. close records what the platform decided and who it held "
                     "responsible. list\n--open shows the undecided ones, the nearest deadline "
                     "first. Platforms' dispute exports\nare read by: shopdesk import disputes "
                     "FILE [--mapping M]."));
}

static int parse_id(const char *cmd, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s[0] == '#' ? s + 1 : s, &end, 10);
    if (!*s || *end || v <= 0)
        return cli_usage_error(cmd, _("'%s' is not a dispute number"), s);
    *out = v;
    return 0;
}

static const char *left_text(const struct dispute *d, int64_t now, char buf[64])
{
    if (d->outcome != DISPUTE_OPEN)
        return dispute_outcome_label(d->outcome);
    if (d->answered_at) {
        /* L10N: an open dispute answered, waiting for the platform */
        snprintf(buf, 64, "%s",
                 dispute_in_time(d->answered_at, d->due_at) ? _("answered") : _("answered late"));
        return buf;
    }
    char t[32];
    countdown_format(d->due_at - now, t);
    if (d->due_at < now)
        /* L10N: an unanswered dispute past its deadline; %s how long past */
        snprintf(buf, 64, _("overdue %s"), t + 1);
    else
        /* L10N: an unanswered dispute; %s the time left to answer */
        snprintf(buf, 64, _("%s left"), t);
    return buf;
}

static void print_list(struct cli *c, struct session *s, const struct dispute *v, int n)
{
    struct table *t = table_new(s->set.currency);
    int ci = table_col(t, "id", _("#"), COL_INT);
    int co = table_col(t, "order", _("Order"), COL_TEXT);
    int ck = table_col(t, "kind", _("Kind"), COL_TEXT);
    int cop = table_col(t, "opened_at", _("Opened"), COL_TIME);
    int cdu = table_col(t, "due_at", _("Answer by"), COL_TIME);
    int cst = table_col(t, "state", _("State"), COL_TEXT);
    int cref = table_col(t, "refund", _("Refund"), COL_TEXT);
    int cpr = table_col(t, "ref", _("Platform no."), COL_TEXT);
    int ccl = table_col(t, "claim", _("Claim"), COL_TEXT);
    int can = table_col(t, "answered_at", _("Answered"), COL_TIME);
    int cout = table_col(t, "outcome", _("Outcome"), COL_TEXT);
    int cre = table_col(t, "responsible", _("Responsible"), COL_TEXT);
    bool keys = c->format == OUT_JSON || c->format == OUT_CSV;
    int64_t now = clock_now();
    for (int i = 0; i < n; i++) {
        const struct dispute *d = &v[i];
        char left[64], refund[24] = "";
        if (d->refund_id)
            snprintf(refund, sizeof refund, "#%lld", (long long)d->refund_id);
        table_row(t);
        table_int(t, ci, d->id);
        table_text(t, co, d->number);
        table_text(t, ck, d->kind);
        table_time(t, cop, d->opened_at);
        table_time(t, cdu, d->due_at);
        table_text(t, cst, left_text(d, now, left));
        table_text(t, cref, refund);
        table_text(t, cpr, d->ref);
        table_text(t, ccl, d->claim);
        table_time(t, can, d->answered_at);
        table_text(t, cout,
                   keys ? (d->outcome == DISPUTE_OPEN ? "open" : dispute_outcome_key(d->outcome))
                        : dispute_outcome_label(d->outcome));
        table_text(t, cre, d->responsible);
    }
    table_print(t, c->format, stdout);
    table_free(&t);
}

static int show(struct cli *c, struct session *s, int64_t id, struct sd_err *err)
{
    struct dispute d;
    int rc = dispute_get(s, id, &d, err);
    if (rc)
        return rc;
    char paths[20][512], sha[20][65];
    int nev = store_dispute_evidence(s->st, id, paths, sha, 20, err);
    if (nev < 0)
        return err->code;
    if (c->format == OUT_JSON || c->format == OUT_CSV) {
        print_list(c, s, &d, 1);
        return SD_OK;
    }
    char opened[32], due[32], left[64];
    time_format_local(d.opened_at, opened);
    time_format_local(d.due_at, due);
    printf(_("Dispute #%lld on order %s (%s)\n"), (long long)d.id, d.number, d.platform);
    printf(_("  kind:     %s\n"), d.kind);
    if (d.ref[0])
        printf(_("  platform number: %s\n"), d.ref);
    if (d.refund_id)
        printf(_("  refund:   #%lld\n"), (long long)d.refund_id);
    printf(_("  opened:   %s by the buyer %s\n"), opened, d.buyer);
    printf(_("  answer by: %s (%s)\n"), due, left_text(&d, clock_now(), left));
    printf(_("  claim:    %s\n"), d.claim);
    if (d.answered_at) {
        char when[32];
        time_format_local(d.answered_at, when);
        printf(_("  answered: %s by %s, %s\n"), when, d.answered_by,
               dispute_in_time(d.answered_at, d.due_at) ? _("in time") : _("late"));
        printf(_("  answer:   %s\n"), d.answer);
    }
    if (d.outcome != DISPUTE_OPEN) {
        char when[32];
        time_format_local(d.closed_at, when);
        printf(_("  outcome:  %s, %s (recorded by %s)\n"), dispute_outcome_label(d.outcome), when,
               d.closed_by);
        if (d.responsible[0])
            printf(_("  held responsible: %s\n"), d.responsible);
    }
    for (int i = 0; i < nev; i++)
        printf(_("  evidence: %s  sha256 %s\n"), paths[i], sha[i]);
    return SD_OK;
}

int cmd_dispute(struct cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"kind", required_argument, NULL, OPT_KIND},
        {"claim", required_argument, NULL, OPT_CLAIM},
        {"opened", required_argument, NULL, OPT_OPENED},
        {"refund", required_argument, NULL, OPT_REFUND},
        {"ref", required_argument, NULL, OPT_REF},
        {"evidence", required_argument, NULL, OPT_EVIDENCE},
        {"note", required_argument, NULL, OPT_NOTE},
        {"outcome", required_argument, NULL, OPT_OUTCOME},
        {"responsible", required_argument, NULL, OPT_RESPONSIBLE},
        {"open", no_argument, NULL, OPT_OPEN},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"order", required_argument, NULL, OPT_ORDER},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {NULL, 0, NULL, 0},
    };
    const char *kind = NULL, *claim = NULL, *ref = NULL, *note = NULL, *responsible = NULL;
    const char *order = NULL, *opened_text = NULL, *arg;
    const char *evidence[21] = {0};
    int nev = 0, outcome = -1, opt, ex = 0;
    int64_t opened = 0, refund = 0;
    struct sd_date from = {0}, to = {0};
    bool have_from = false, have_to = false, open_only = false;
    long limit = 1000;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        struct sd_err e = {0};
        switch (opt) {
        case OPT_KIND:
            kind = arg;
            break;
        case OPT_CLAIM:
            claim = arg;
            break;
        case OPT_OPENED:
            opened_text = arg; /* read in the shop's time zone, once the shop is open */
            break;
        case OPT_REFUND:
            refund = strtoll(arg[0] == '#' ? arg + 1 : arg, &end, 10);
            if (!*arg || *end || refund <= 0)
                return cli_usage_error(c->cmd, _("'%s' is not a refund number"), arg);
            break;
        case OPT_REF:
            ref = arg;
            break;
        case OPT_EVIDENCE:
            if (nev >= 20)
                return cli_usage_error(c->cmd, _("at most %d evidence files at a time"), 20);
            evidence[nev++] = arg;
            break;
        case OPT_NOTE:
            note = arg;
            break;
        case OPT_OUTCOME:
            outcome = dispute_outcome_parse(arg);
            if (outcome < 0)
                return cli_usage_error(c->cmd, _("'%s' is not an outcome (won, lost, withdrawn)"),
                                       arg);
            break;
        case OPT_RESPONSIBLE:
            responsible = arg;
            break;
        case OPT_OPEN:
            open_only = true;
            break;
        case OPT_FROM:
        case OPT_TO:
            if (date_parse(arg, opt == OPT_FROM ? &from : &to, &e))
                return cli_usage_error(c->cmd, "%s", e.msg);
            *(opt == OPT_FROM ? &have_from : &have_to) = true;
            break;
        case OPT_ORDER:
            order = arg;
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
        return cli_usage_error(c->cmd, _("say what to do: add, answer, close, list or show"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    char **args = argv + optind;
    bool is_add = !strcmp(verb, "add"), is_answer = !strcmp(verb, "answer"),
         is_close = !strcmp(verb, "close"), is_list = !strcmp(verb, "list"),
         is_show = !strcmp(verb, "show");
    if (!is_add && !is_answer && !is_close && !is_list && !is_show)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    if ((is_list && n != 0) || (!is_list && n != 1))
        return cli_usage_error(c->cmd, _("wrong number of arguments for '%s'"), verb);
    int64_t id = 0;
    if ((is_answer || is_close || is_show) && (ex = parse_id(c->cmd, args[0], &id)))
        return ex;
    if (is_add && (!kind || !claim))
        return cli_usage_error(c->cmd, "%s", _("add needs --kind and --claim"));
    if (is_answer && !note)
        return cli_usage_error(c->cmd, "%s", _("answer needs --note"));
    if (is_close && outcome < 0)
        return cli_usage_error(c->cmd, "%s", _("close needs --outcome won, lost or withdrawn"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc;
    if (opened_text && datetime_parse(opened_text, DATE_ORDER_AUTO, NULL, &opened, &err)) {
        session_close(&s);
        return cli_usage_error(c->cmd, "--opened: %s", err.msg);
    }
    if (is_add) {
        struct dispute_new dn = {args[0], refund, kind, claim, opened, ref, evidence};
        rc = dispute_add(&s, &dn, &id, &err);
        if (!rc) {
            struct dispute d;
            if (!(rc = dispute_get(&s, id, &d, &err))) {
                char due[32];
                time_format_local(d.due_at, due);
                /* L10N: "Dispute #3 on order 1001: answer by 2026-12-07 10:00." */
                printf(_("Dispute #%lld on order %s: answer by %s.\n"), (long long)id, d.number,
                       due);
            }
        }
    } else if (is_answer) {
        rc = dispute_answer(&s, id, note, evidence, &err);
        if (!rc) {
            struct dispute d;
            if (!(rc = dispute_get(&s, id, &d, &err)))
                printf(dispute_in_time(d.answered_at, d.due_at)
                           ? _("Dispute #%lld answered in time.\n")
                           : _("Dispute #%lld answered, after its deadline.\n"),
                       (long long)id);
        }
    } else if (is_close) {
        rc = dispute_close(&s, id, (enum dispute_outcome)outcome, responsible, &err);
        if (!rc)
            /* L10N: "Dispute #3: lost." */
            printf(_("Dispute #%lld: %s.\n"), (long long)id,
                   dispute_outcome_label((enum dispute_outcome)outcome));
    } else if (is_show) {
        rc = show(c, &s, id, &err);
    } else {
        struct dispute_filter f = {open_only, 0, 0, 0};
        if (have_from)
            f.from = date_start(from);
        if (have_to)
            f.to = date_start(date_add(to, 1));
        rc = order ? order_resolve(&s, order, &f.order_id, &err) : SD_OK;
        struct dispute *v = xcalloc((size_t)limit, sizeof *v);
        int found = 0;
        if (!rc)
            rc = dispute_list(&s, &f, v, (int)limit, &found, &err);
        if (!rc)
            print_list(c, &s, v, found);
        free(v);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}
