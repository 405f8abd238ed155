#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chat.h"
#include "app/couriers.h"
#include "app/disputes.h"
#include "app/import.h"
#include "app/ratings.h"
#include "app/session.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "core/tz.h"
#include "util/i18n.h"

enum {
    OPT_FORMAT_IN = CLI_OPT_FIRST_PRIVATE,
    OPT_MAPPING,
    OPT_ENCODING,
    OPT_DRY_RUN,
    OPT_EXPLAIN,
    OPT_DATE_ORDER,
    OPT_DATE,
};

static void usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk import orders FILE... [--format shopify|taobao|generic] "
                       "[--mapping MAP.yaml]\n                       [--encoding ENC] "
                       "[--date-order dmy|mdy] [--explain] [--dry-run]"));
    printf("%s\n\n",
           _("Import platform order exports: Shopify \"Export orders\" CSV (any vintage, pruned "
             "copies\ntoo), Taobao/Tmall seller exports (ExportOrderList, with or without its\n"
             "ExportOrderDetailList), the platforms with a shipped mapping (Pinduoduo, Douyin, "
             "JD,\nKuaishou, WooCommerce, Etsy, Amazon), or any CSV described by a YAML mapping "
             "(see\ndata/mappings/generic.yaml). The format, encoding, separator, date order and "
             "decimal\nmark are found in the file. The whole file is read and checked before "
             "anything is\nwritten: a bad row is reported as FILE:LINE and nothing of that file is "
             "kept. Importing\nagain adds nothing; changed status, tracking and refunds are "
             "updated."));
    printf("%s\n\n",
           _("       shopdesk import reviews FILE... [--encoding ENC] [--dry-run]\n"
             "Customer ratings: order number, rating 1-5 (or 好评/中评/差评), comment and time, "
             "with\nTaobao (评价) or English headers and an optional platform column; also all or "
             "nothing."));
    printf("%s\n\n",
           _("       shopdesk import disputes FILE... [--mapping MAP.yaml] [--encoding ENC] "
             "[--dry-run]\nThe platform's dispute export (维权, 投诉): order number, kind, "
             "opened time, and the\nplatform's number, deadline, claim, answer, outcome and "
             "who was held responsible when\nthe file has them; Taobao's Chinese headers or "
             "English ones, or a mapping naming the\ncolumns and the file's words for kinds and "
             "outcomes (see data/examples/disputes-mapping.yaml).\nImporting again brings disputes up "
             "to date; all or nothing."));
    printf("%s\n\n",
           _("       shopdesk import chat-stats FILE... [--mapping MAP.yaml] [--date DATE] "
             "[--encoding ENC] [--dry-run]\nThe platform's chat service figures per agent and "
             "day (千牛 客服绩效 and the like, owners):\ndate, account, consultations, and when "
             "given inquiries, orders from inquiries (or the\nconversion), first and average "
             "response in seconds, satisfaction. --date is the day of a\nfile without a date "
             "column. Accounts are matched to staff by staff edit --accounts.\nImporting again "
             "replaces the same day and account's figures; all or nothing."));
    printf("%s\n\n",
           _("       shopdesk import deliveries FILE... [--mapping MAP.yaml] [--encoding ENC] "
             "[--dry-run]\nA courier's tracking export: each shipped order found by its "
             "tracking number (运单号,\nTracking) becomes delivered at the time it was signed "
             "for (签收时间, Delivered at);\nrows whose status (状态, Status) is not signed for "
             "are passed over. All or nothing."));
    printf("  --format FORMAT    %s\n", _("shopify, taobao or generic (default: detect)"));
    printf("  --mapping FILE     %s\n", _("a mapping for a generic CSV"));
    printf("  --encoding ENC     %s\n", _("the file's encoding (default: detect)"));
    printf("  --date-order ORDER %s\n",
           _("dmy or mdy: how to read dates like 03/04/2026 when the file cannot tell"));
    printf("  --explain          %s\n",
           _("say how the file reads and show its first orders; change nothing"));
    printf("  --dry-run          %s\n", _("show what would change; change nothing"));
    printf("  --quiet, --progress %s\n",
           _("no progress line / a progress line even when not on a terminal"));
}

static void show_progress(void *arg, enum import_phase phase, int64_t done, int64_t total)
{
    (void)arg;
    static const char *what[4];
    if (!what[0]) {
        what[IMPORT_READING] = _("reading");
        what[IMPORT_CHECKING] = _("checking");
        what[IMPORT_WRITING] = _("writing");
        what[IMPORT_UNDOING] = _("undoing");
    }
    progress_show(what[phase], done, total, phase == IMPORT_READING);
}

/* import reviews FILE...: customer ratings, each file all or nothing */
static int import_reviews(struct cli *c, char **files, int n, const struct import_opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    for (int i = 0; i < n && !ex; i++) {
        struct ratings_result r;
        struct sd_err err = {0};
        if (ratings_import(&s, files[i], o->encoding, o->dry_run, &r, &err)) {
            ex = cli_error(&err);
            fprintf(stderr, "%s\n", _("shopdesk: nothing was imported from that file"));
            break;
        }
        printf(o->dry_run ? _("%s: dry run: would import %lld ratings, update %lld, leave %lld "
                              "unchanged; %lld of orders not in the shop\n")
                          : _("%s: imported %lld ratings, updated %lld, unchanged %lld; %lld of "
                              "orders not in the shop\n"),
               files[i], (long long)r.imported, (long long)r.updated, (long long)r.unchanged,
               (long long)r.unmatched);
    }
    session_close(&s);
    return ex;
}

/* import disputes FILE...: the platform's dispute export, each file all or nothing */
static int import_disputes(struct cli *c, char **files, int n, const struct import_opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    for (int i = 0; i < n; i++) {
        struct dispute_import_result r;
        struct sd_err err = {0};
        if (dispute_import(&s, files[i], o->mapping, o->encoding, o->dry_run, &r, &err)) {
            ex = cli_error(&err);
            fprintf(stderr, "%s\n", _("shopdesk: nothing was imported from that file"));
            break;
        }
        printf(o->dry_run ? _("%s: dry run: would import %lld disputes, update %lld, leave %lld "
                              "unchanged\n")
                          : _("%s: imported %lld disputes, updated %lld, unchanged %lld\n"),
               files[i], (long long)r.imported, (long long)r.updated, (long long)r.unchanged);
        if (r.unknown_orders)
            printf(P_("%s: %lld dispute is on an order the shop does not have (line %ld); "
                      "import the orders first\n",
                      "%s: %lld disputes are on orders the shop does not have (the first on "
                      "line %ld); import the orders first\n",
                      r.unknown_orders),
                   files[i], (long long)r.unknown_orders, r.first_unknown_line);
    }
    session_close(&s);
    return ex;
}

/* import chat-stats FILE...: the platform's chat service figures, each file all or nothing */
static int import_chat(struct cli *c, char **files, int n, const struct import_opts *o,
                       const char *day_text)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_date day;
    struct sd_err err = {0};
    if (day_text && date_parse(day_text, &day, &err)) {
        session_close(&s);
        return cli_usage_error(c->cmd, "--date: %s", err.msg);
    }
    for (int i = 0; i < n; i++) {
        struct chat_import_result r;
        if (chat_import(&s, files[i], o->mapping, o->encoding, day_text ? &day : NULL,
                        o->dry_run, &r, &err)) {
            ex = cli_error(&err);
            fprintf(stderr, "%s\n", _("shopdesk: nothing was imported from that file"));
            break;
        }
        printf(o->dry_run ? _("%s: dry run: would import %lld agent-days, update %lld, leave "
                              "%lld unchanged\n")
                          : _("%s: imported %lld agent-days, updated %lld, unchanged %lld\n"),
               files[i], (long long)r.imported, (long long)r.updated, (long long)r.unchanged);
        if (r.unmatched)
            printf(P_("%s: %d account is no staff member's (%s): staff edit LOGIN --accounts "
                      "names it\n",
                      "%s: %d accounts are no staff member's (%s): staff edit LOGIN --accounts "
                      "names them\n",
                      r.unmatched),
                   files[i], r.unmatched, r.unmatched_names);
    }
    session_close(&s);
    return ex;
}

/* import deliveries FILE...: couriers' tracking exports, each file all or nothing */
static int import_deliveries(struct cli *c, char **files, int n, const struct import_opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    for (int i = 0; i < n; i++) {
        struct deliveries_result r;
        struct sd_err err = {0};
        if (deliveries_import(&s, files[i], o->mapping, o->encoding, o->dry_run, &r, &err)) {
            ex = cli_error(&err);
            fprintf(stderr, "%s\n", _("shopdesk: nothing was imported from that file"));
            break;
        }
        /* L10N: after a deliveries import: delivered now, delivered before, tracking numbers
         * of no order, orders not shipped, parcels not signed for yet */
        printf(o->dry_run ? _("%s: dry run: would mark %lld delivered; %lld were already, %lld "
                              "tracking numbers are no order's, %lld orders are not shipped, "
                              "%lld parcels not signed for\n")
                          : _("%s: %lld delivered; %lld were already, %lld tracking numbers are "
                              "no order's, %lld orders are not shipped, %lld parcels not signed "
                              "for\n"),
               files[i], (long long)r.delivered, (long long)r.already, (long long)r.unknown,
               (long long)r.not_shipped, (long long)r.not_signed);
    }
    session_close(&s);
    return ex;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
    /* --format names the file format here (import prints no listing); it comes before the
     * common options so getopt_long takes this one */
    static const struct option longopts[] = {
        {"format", required_argument, NULL, OPT_FORMAT_IN},
        CLI_COMMON_OPTIONS,
        {"from", required_argument, NULL, OPT_FORMAT_IN},
        {"mapping", required_argument, NULL, OPT_MAPPING},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"date-order", required_argument, NULL, OPT_DATE_ORDER},
        {"date", required_argument, NULL, OPT_DATE},
        {NULL, 0, NULL, 0},
    };
    struct import_opts o = {0};
    const char *arg, *day = NULL;
    int opt, ex = 0;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_FORMAT_IN:
            if (!import_format_parse(arg, &o.format))
                return cli_usage_error(c->cmd, _("unknown format '%s' (shopify, taobao, generic)"),
                                       arg);
            break;
        case OPT_MAPPING:
            o.mapping = arg;
            break;
        case OPT_ENCODING:
            o.encoding = arg;
            break;
        case OPT_DRY_RUN:
            o.dry_run = true;
            break;
        case OPT_EXPLAIN:
            o.explain = true;
            break;
        case OPT_DATE_ORDER:
            if (!date_order_parse(arg, &o.date_order))
                return cli_usage_error(c->cmd, _("--date-order is dmy (day first) or mdy (month "
                                                 "first), not '%s'"),
                                       arg);
            break;
        case OPT_DATE:
            day = arg;
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
    bool reviews = optind < argc && (!strcmp(argv[optind], "reviews") ||
                                     !strcmp(argv[optind], "ratings"));
    bool disputes = optind < argc && !strcmp(argv[optind], "disputes");
    bool chat = optind < argc && !strcmp(argv[optind], "chat-stats");
    bool deliveries = optind < argc && !strcmp(argv[optind], "deliveries");
    if (optind >= argc ||
        (!reviews && !disputes && !chat && !deliveries && strcmp(argv[optind], "orders") != 0))
        return cli_usage_error(c->cmd, _("say what to import: orders, reviews, disputes, "
                                         "chat-stats or deliveries, then the files"));
    if (day && !chat)
        return cli_usage_error(c->cmd, _("--date goes with chat-stats"));
    optind++;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("no file to import"));
    if (disputes)
        return import_disputes(c, argv + optind, argc - optind, &o);
    if (chat)
        return import_chat(c, argv + optind, argc - optind, &o, day);
    if (deliveries)
        return import_deliveries(c, argv + optind, argc - optind, &o);
    if (reviews)
        return import_reviews(c, argv + optind, argc - optind, &o);
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct import_result r = {0};
    struct sd_err err = {0};
    int done = 0;
    o.progress = show_progress;
    o.stop = &stop_signal;
    stop_catch();
    int rc = import_orders(&s, argv + optind, argc - optind, &o, &r, &done, &err);
    stop_release();
    progress_clear();
    char s_currency[4];
    snprintf(s_currency, sizeof s_currency, "%s", s.set.currency->code);
    session_close(&s);
    if (r.explain.len)
        fputs(sb_str(&r.explain), stdout);
    if (r.notes.len)
        fputs(sb_str(&r.notes), stdout);
    if (r.changes.len)
        fputs(sb_str(&r.changes), stdout);
    if (r.change_lines > 200)
        printf(_("... and %lld more changes\n"), (long long)(r.change_lines - 200));
    sb_free(&r.changes);
    sb_free(&r.notes);
    sb_free(&r.explain);
    if (!o.explain && (done > 0 || rc == SD_OK)) {
        printf(o.dry_run ? _("dry run: would import %lld, update %lld, leave %lld unchanged; "
                             "%lld new members (%.1f s)\n")
                         : _("imported %lld, updated %lld, unchanged %lld; %lld new members "
                             "(%.1f s)\n"),
               (long long)r.imported, (long long)r.updated, (long long)r.unchanged,
               (long long)r.members, (double)r.ms / 1000.0);
        if (r.tiers_unknown)
            printf("%s\n", _("dry run: tier changes are counted when the import runs (this file "
                             "is written in steps)"));
        else if (r.tier_moves)
            printf(o.dry_run ? _("dry run: %lld members would change tier\n")
                             : _("%lld members changed tier\n"),
                   (long long)r.tier_moves);
        for (int i = 0; i < r.nforeign; i++)
            printf(P_("%lld order is in %s, not the shop's %s: its amounts are kept, shown and "
                      "refunded in %s, and never added to %s\n",
                      "%lld orders are in %s, not the shop's %s: their amounts are kept, shown "
                      "and refunded in %s, and never added to %s\n",
                      r.foreign[i].orders),
                   (long long)r.foreign[i].orders, r.foreign[i].code, s_currency,
                   r.foreign[i].code, s_currency);
    }
    if (rc) {
        if (rc == SD_CANCELLED && stop_signal) {
            fflush(stdout);
            fprintf(stderr, "%s\n",
                    _("shopdesk: stopped: nothing of the file being imported was kept"));
            return 128 + stop_signal;
        }
        ex = cli_error(&err);
        if (rc == SD_INPUT)
            fprintf(stderr, "%s\n", _("shopdesk: nothing was imported from that file"));
        return ex;
    }
    return 0;
}
