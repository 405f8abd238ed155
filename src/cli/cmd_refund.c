#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compensate.h"
#include "app/detail.h"
#include "app/order_ops.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/refund.h"
#include "core/tz.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum {
    OPT_KIND = CLI_OPT_FIRST_PRIVATE,
    OPT_AMOUNT,
    OPT_LINE,
    OPT_SHIPPING,
    OPT_REASON,
    OPT_NOTE,
    OPT_TRACKING,
    OPT_CONDITION,
    OPT_METHOD,
    OPT_REF,
    OPT_STATUS,
    OPT_VIEW,
    OPT_RECEIVED,
    OPT_LIMIT,
    OPT_TIER,
    OPT_FROM,
    OPT_TO,
    OPT_SKU,
    OPT_COURIER,
    OPT_PLATFORM,
    OPT_BATCH,
    OPT_YES,
    OPT_CURRENCY,
};

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk refund request ORDER --kind refund|return|exchange (--amount "
                     "AMT | --line SKU:QTY...)\n           [--shipping AMT] --reason CODE [--note "
                     "TEXT] [--tracking RETURN-TRACKING]"));
    printf("%s\n", _("       shopdesk refund approve ID [--note TEXT]"));
    printf("%s\n", _("       shopdesk refund reject ID --note TEXT"));
    printf("%s\n", _("       shopdesk refund receive CODE [--condition 1|2|3|4] [--sku SKU]"));
    printf("%s\n", _("       shopdesk refund pay ID --method M [--ref R] [--amount AMT]"));
    printf("%s\n", _("       shopdesk refund exchange ID"));
    printf("%s\n", _("       shopdesk refund withdraw ID [--note TEXT]"));
    printf("%s\n", _("       shopdesk refund reverse ID --note TEXT"));
    printf("%s\n", _("       shopdesk refund list [--status S] [--view queue|review|returns] "
                     "[--received DATE] [--limit N]"));
    printf("%s\n\n", _("       shopdesk refund show ID"));
    printf(_("Reasons: %s.\n"), refund_reason_keys());
    printf("%s\n", _("Conditions of a returned parcel: 1 resaleable, 2 defective, 3 wrong item, 4 "
                     "empty or short.\nWhat came back goes into the stock by its grade: 1 "
                     "open-box, 2 defective, 3 the SKU\nthat came back (--sku, required) as "
                     "open-box, 4 nothing.\nrequest prints the new request's id alone on its last "
                     "line. A refused step (wrong role,\ntoo much, already paid) exits 1 with "
                     "one line saying why."));
}

struct ropts {
    enum refund_kind kind;
    bool kind_given;
    const char *amount, *shipping, *reason, *note, *tracking, *method, *ref;
    struct refund_request_line lines[32];
    char line_sku[32][64];
    size_t nlines;
    int condition;
    int status;
    enum refund_view view;
    bool view_given;
    const char *received;
    long long limit;
    /* compensate */
    struct order_filter f;
    const char *batch;
    bool yes;
    const struct currency *currency;
    struct strbuf filter_text;
};

static int parse(struct cli *c, int argc, char **argv, struct ropts *o)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"kind", required_argument, NULL, OPT_KIND},
        {"amount", required_argument, NULL, OPT_AMOUNT},
        {"line", required_argument, NULL, OPT_LINE},
        {"shipping", required_argument, NULL, OPT_SHIPPING},
        {"reason", required_argument, NULL, OPT_REASON},
        {"note", required_argument, NULL, OPT_NOTE},
        {"tracking", required_argument, NULL, OPT_TRACKING},
        {"condition", required_argument, NULL, OPT_CONDITION},
        {"method", required_argument, NULL, OPT_METHOD},
        {"ref", required_argument, NULL, OPT_REF},
        {"status", required_argument, NULL, OPT_STATUS},
        {"view", required_argument, NULL, OPT_VIEW},
        {"received", required_argument, NULL, OPT_RECEIVED},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"tier", required_argument, NULL, OPT_TIER},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"sku", required_argument, NULL, OPT_SKU},
        {"courier", required_argument, NULL, OPT_COURIER},
        {"platform", required_argument, NULL, OPT_PLATFORM},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"yes", no_argument, NULL, OPT_YES},
        {"currency", required_argument, NULL, OPT_CURRENCY},
        {NULL, 0, NULL, 0},
    };
    o->condition = 0;
    o->status = -1;
    o->limit = 100;
    order_filter_init(&o->f);
    const char *arg;
    int opt, ex = 0;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_KIND: {
            int k = refund_kind_parse(arg);
            if (k < 0)
                return cli_usage_error(c->cmd, _("unknown kind '%s' (refund, return, exchange)"),
                                       arg);
            o->kind = (enum refund_kind)k;
            o->kind_given = true;
            break;
        }
        case OPT_AMOUNT:
            o->amount = arg;
            break;
        case OPT_LINE: {
            const char *colon = strrchr(arg, ':');
            long long q = colon ? strtoll(colon + 1, &end, 10) : 0;
            if (!colon || colon == arg || *end || q <= 0 || o->nlines == 32)
                return cli_usage_error(c->cmd, _("--line takes SKU:QUANTITY, like TS-001-WH:2"));
            snprintf(o->line_sku[o->nlines], sizeof o->line_sku[0], "%.*s", (int)(colon - arg),
                     arg);
            o->lines[o->nlines].sku = o->line_sku[o->nlines];
            o->lines[o->nlines].qty = q;
            o->nlines++;
            break;
        }
        case OPT_SHIPPING:
            o->shipping = arg;
            break;
        case OPT_REASON:
            o->reason = arg;
            break;
        case OPT_NOTE:
            o->note = arg;
            break;
        case OPT_TRACKING:
            o->tracking = arg;
            break;
        case OPT_CONDITION:
            o->condition = (int)strtol(arg, &end, 10);
            if (*end || o->condition < 1 || o->condition > 4)
                return cli_usage_error(c->cmd, _("--condition is 1, 2, 3 or 4"));
            break;
        case OPT_METHOD:
            o->method = arg;
            break;
        case OPT_REF:
            o->ref = arg;
            break;
        case OPT_STATUS:
            if (c->cmd && !strcmp(c->cmd, "compensate")) {
                o->f.status = order_status_parse(arg);
                if (o->f.status < 0)
                    return cli_usage_error(c->cmd, _("unknown status '%s'"), arg);
                sb_addf(&o->filter_text, "status=%s ", arg);
                break;
            }
            o->status = refund_status_parse(arg);
            if (o->status < 0)
                return cli_usage_error(c->cmd, _("unknown status '%s'"), arg);
            break;
        case OPT_VIEW:
            o->view_given = true;
            if (!strcmp(arg, "queue"))
                o->view = REFUNDS_QUEUE;
            else if (!strcmp(arg, "review"))
                o->view = REFUNDS_REVIEW;
            else if (!strcmp(arg, "returns"))
                o->view = REFUNDS_RETURNS;
            else if (!strcmp(arg, "all"))
                o->view = REFUNDS_ALL;
            else
                return cli_usage_error(c->cmd, _("--view is queue, review, returns or all"));
            break;
        case OPT_RECEIVED:
            o->received = arg;
            break;
        case OPT_LIMIT:
            o->limit = strtoll(arg, &end, 10);
            if (*end || o->limit < 0)
                return cli_usage_error(c->cmd, _("'%s' is not a number"), arg);
            break;
        case OPT_TIER:
            o->f.tier = (int)strtol(arg, &end, 10);
            if (*end || o->f.tier < 0)
                return cli_usage_error(c->cmd, _("'%s' is not a tier"), arg);
            sb_addf(&o->filter_text, "tier=%s ", arg);
            break;
        case OPT_FROM:
        case OPT_TO: {
            struct sd_date d;
            struct sd_err err = {0};
            if (date_parse(arg, &d, &err))
                return cli_usage_error(c->cmd, "%s", err.msg);
            if (opt == OPT_FROM)
                o->f.from = date_start(d);
            else
                o->f.to = date_start(date_add(d, 1));
            sb_addf(&o->filter_text, "%s=%s ", opt == OPT_FROM ? "from" : "to", arg);
            break;
        }
        case OPT_SKU:
            o->f.sku = arg;
            sb_addf(&o->filter_text, "sku=%s ", arg);
            break;
        case OPT_COURIER:
            o->f.courier = arg;
            sb_addf(&o->filter_text, "courier=%s ", arg);
            break;
        case OPT_PLATFORM:
            o->f.platform = arg;
            sb_addf(&o->filter_text, "platform=%s ", arg);
            break;
        case OPT_BATCH:
            o->batch = arg;
            break;
        case OPT_CURRENCY:
            if (!(o->currency = currency_find(arg)))
                return cli_usage_error(c->cmd, _("unknown currency '%s' (use an ISO 4217 code such "
                                                 "as CNY or USD)"),
                                       arg);
            sb_addf(&o->filter_text, "currency=%s ", o->currency->code);
            break;
        case OPT_YES:
            o->yes = true;
            break;
        case CLI_OPT_HELP:
            return -1;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    return ex;
}

/* An amount typed for an order is read in that order's currency (cur). */
static int money_opt(struct cli *c, const struct currency *cur, const char *text, int64_t *out)
{
    struct sd_err err = {0};
    if (money_parse(text, cur, 0, out, &err))
        return cli_usage_error(c->cmd, "%s", err.msg);
    return 0;
}

static int request(struct cli *c, struct session *s, const char *order, struct ropts *o)
{
    if (!o->kind_given)
        return cli_usage_error(c->cmd, _("say --kind refund, return or exchange"));
    if (!o->reason)
        return cli_usage_error(c->cmd, _("say --reason CODE (%s)"), refund_reason_keys());
    int code = refund_reason_parse(o->reason);
    if (code < 0)
        return cli_usage_error(c->cmd, _("unknown reason '%s' (%s)"), o->reason,
                               refund_reason_keys());
    if (o->amount && o->nlines)
        return cli_usage_error(c->cmd, _("give --amount or --line, not both"));
    if (!o->amount && !o->nlines && o->kind != KIND_EXCHANGE)
        return cli_usage_error(c->cmd, _("say how much: --amount AMT or --line SKU:QTY"));
    struct refund_request q = {0};
    q.kind = o->kind;
    q.reason = (enum refund_reason)code;
    q.note = o->note;
    q.return_tracking = o->tracking;
    q.lines = o->lines;
    q.nlines = o->nlines;
    int ex;
    struct sd_err err = {0};
    if (order_resolve(s, order, &q.order_id, &err))
        return cli_error(&err);
    const struct currency *cur = order_currency(s, q.order_id);
    if (o->amount && (ex = money_opt(c, cur, o->amount, &q.amount)))
        return ex;
    if (o->shipping && (ex = money_opt(c, cur, o->shipping, &q.shipping)))
        return ex;
    struct refund_outcome r;
    if (refund_request(s, &q, &r, &err))
        return cli_error(&err);
    printf(_("refund #%lld: %s\n"), (long long)r.id, refund_status_label(r.status));
    if (r.auto_rule[0])
        printf(_("approved by the rule \"%s\"\n"), r.auto_rule);
    if (r.duplicate_of)
        printf(_("flag: another request on this order is open (#%lld)\n"),
               (long long)r.duplicate_of);
    if (r.needs_owner)
        printf("%s\n", _("flag: above the agents' ceiling: the owner must approve"));
    if (r.flags.len) {
        char *text = sb_detach(&r.flags), *save = NULL;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            printf(_("risk: %s\n"), l);
        free(text);
    }
    sb_free(&r.flags);
    printf("%lld\n", (long long)r.id);
    return 0;
}

struct list_ctx {
    struct session *s;
    struct table *t;
    int c_id, c_order, c_currency, c_kind, c_status, c_amount, c_shipping, c_reason, c_requested,
        c_requested_by, c_reviewed_by, c_rule, c_ready, c_deadline, c_overdue, c_received,
        c_condition, c_paid, c_paid_by, c_paid_amount, c_late;
    int status;
    int64_t received_from, received_to;
};

static int add_refund(struct list_ctx *x, int64_t id)
{
    struct refund r;
    if (store_refund_get(x->s->st, id, &r, NULL))
        return 0;
    if ((x->status >= 0 && (int)r.status != x->status) ||
        (x->received_from &&
         (r.received_at < x->received_from || r.received_at >= x->received_to))) {
        refund_clear(&r);
        return 0;
    }
    struct order o;
    if (store_order_get(x->s->st, r.order_id, &o, NULL)) {
        refund_clear(&r);
        return 0;
    }
    struct table *t = x->t;
    int64_t now = clock_now();
    table_row(t);
    table_row_currency(t, o.currency);
    table_int(t, x->c_id, r.id);
    table_text(t, x->c_order, o.number);
    table_text(t, x->c_currency, o.currency);
    table_text(t, x->c_kind, refund_kind_key(r.kind));
    table_text(t, x->c_status, refund_status_key(r.status));
    table_money(t, x->c_amount, r.amount + r.shipping_amount);
    table_money(t, x->c_shipping, r.shipping_amount);
    table_text(t, x->c_reason, r.reason);
    table_time(t, x->c_requested, r.requested_at);
    table_text(t, x->c_requested_by, r.requested_by);
    table_text(t, x->c_reviewed_by, r.reviewed_by[0] ? r.reviewed_by : NULL);
    table_text(t, x->c_rule, r.auto_rule[0] ? r.auto_rule : NULL);
    table_time(t, x->c_ready, r.ready_at);
    if (r.ready_at && refund_is_open(r.status)) {
        int64_t dl = refund_deadline(x->s, r.ready_at);
        table_time(t, x->c_deadline, dl);
        table_bool(t, x->c_overdue, now > dl);
    }
    table_time(t, x->c_received, r.received_at);
    if (r.condition)
        table_int(t, x->c_condition, r.condition);
    table_time(t, x->c_paid, r.paid_at);
    table_text(t, x->c_paid_by, r.paid_by[0] ? r.paid_by : NULL);
    struct payment p;
    if (store_payment_of_refund(x->s->st, r.id, &p, NULL, NULL) == SD_OK) {
        table_money(t, x->c_paid_amount, p.amount);
        table_bool(t, x->c_late, p.late);
    }
    order_clear(&o);
    refund_clear(&r);
    return 0;
}

static int list(struct cli *c, struct session *s, struct ropts *o)
{
    struct sd_err err = {0};
    if (session_require(s, SD_PERM_REFUNDS_VIEW, &err))
        return cli_error(&err);
    struct list_ctx x = {0};
    x.s = s;
    x.status = o->status;
    if (o->received) {
        struct sd_date d;
        if (date_parse(o->received, &d, &err))
            return cli_usage_error(c->cmd, "%s", err.msg);
        x.received_from = date_start(d);
        x.received_to = date_start(date_add(d, 1));
    }
    struct table *t = x.t = table_new(s->set.currency);
    x.c_id = table_col(t, "id", _("#"), COL_INT);
    x.c_order = table_col(t, "order", _("Order"), COL_TEXT);
    x.c_kind = table_col(t, "kind", _("Kind"), COL_TEXT);
    x.c_status = table_col(t, "status", _("Status"), COL_TEXT);
    x.c_amount = table_col(t, "amount", _("Amount"), COL_MONEY);
    x.c_shipping = table_col(t, "shipping_amount", _("Shipping"), COL_MONEY);
    x.c_currency = table_col(t, "currency", _("Currency"), COL_TEXT);
    x.c_reason = table_col(t, "reason", _("Reason"), COL_TEXT);
    x.c_requested = table_col(t, "requested_at", _("Requested"), COL_TIME);
    x.c_requested_by = table_col(t, "requested_by", _("By"), COL_TEXT);
    x.c_reviewed_by = table_col(t, "reviewed_by", _("Reviewed by"), COL_TEXT);
    x.c_rule = table_col(t, "auto_rule", _("Rule"), COL_TEXT);
    x.c_ready = table_col(t, "ready_at", _("Ready"), COL_TIME);
    x.c_deadline = table_col(t, "deadline", _("Deadline"), COL_TIME);
    x.c_overdue = table_col(t, "overdue", _("Overdue"), COL_BOOL);
    x.c_received = table_col(t, "received_at", _("Received"), COL_TIME);
    x.c_condition = table_col(t, "condition", _("Condition"), COL_INT);
    x.c_paid = table_col(t, "paid_at", _("Paid"), COL_TIME);
    x.c_paid_by = table_col(t, "paid_by", _("Paid by"), COL_TEXT);
    x.c_paid_amount = table_col(t, "paid_amount", _("Paid amount"), COL_MONEY);
    x.c_late = table_col(t, "late", _("Late"), COL_BOOL);
    int hide[] = {x.c_shipping, x.c_currency, x.c_requested_by, x.c_reviewed_by, x.c_rule, x.c_ready,
                  x.c_received, x.c_condition, x.c_paid_by, x.c_paid_amount, x.c_late, x.c_paid};
    for (size_t i = 0; i < sizeof hide / sizeof hide[0]; i++)
        table_col_text_hidden(t, hide[i]);
    enum refund_view view = o->view_given ? o->view : REFUNDS_ALL;
    struct refund_row rows[200];
    struct refund_row last;
    bool have_last = false;
    long long shown = 0;
    int rc = SD_OK;
    int64_t adv[TIER_MAX];
    refund_queue_advance(s, adv);
    for (;;) {
        int n = store_refunds_page(s->st, view, adv, have_last ? &last : NULL, true, false, 200,
                                   rows, &err);
        if (n < 0) {
            rc = err.code;
            break;
        }
        for (int i = 0; i < n && (o->limit == 0 || shown < o->limit); i++) {
            size_t before = table_rows(t);
            add_refund(&x, rows[i].id);
            if (table_rows(t) > before)
                shown++;
        }
        if (n < 200 || (o->limit && shown >= o->limit))
            break;
        last = rows[n - 1];
        have_last = true;
    }
    if (!rc)
        table_print(t, c->format, stdout);
    table_free(&t);
    return rc ? cli_error(&err) : 0;
}

static int by_id(struct cli *c, const char *text, int64_t *id)
{
    if (!refund_id_parse(text, id))
        return cli_usage_error(c->cmd, _("'%s' is not a refund number"), text);
    return 0;
}

int cmd_refund(struct cli *c, int argc, char **argv)
{
    struct ropts o;
    memset(&o, 0, sizeof o);
    int ex = parse(c, argc, argv, &o);
    if (ex < 0) {
        usage();
        return 0;
    }
    if (ex)
        return ex;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: request, approve, reject, receive, pay, "
                                         "exchange, withdraw, reverse, list or show"));
    const char *verb = argv[optind++];
    int nargs = argc - optind;
    const char *arg1 = nargs ? argv[optind] : NULL;
    bool want_one = strcmp(verb, "list") != 0;
    if (want_one && nargs != 1)
        return cli_usage_error(c->cmd, _("'%s' takes one argument"), verb);
    if (!want_one && nargs)
        return cli_usage_error(c->cmd, _("'list' takes no arguments"));
    static const char *const verbs[] = {"request", "approve", "reject",  "receive", "pay",
                                        "exchange", "withdraw", "reverse", "list",    "show",
                                        NULL};
    bool known = false;
    for (int i = 0; verbs[i]; i++)
        if (!strcmp(verbs[i], verb))
            known = true;
    if (!known)
        return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
    int64_t id = 0;
    if (want_one && strcmp(verb, "request") && strcmp(verb, "receive") && (ex = by_id(c, arg1, &id)))
        return ex;
    if (!strcmp(verb, "reject") && !o.note)
        return cli_usage_error(c->cmd, _("'reject' needs --note TEXT for the buyer"));
    if (!strcmp(verb, "reverse") && !o.note)
        return cli_usage_error(c->cmd, _("'reverse' needs --note TEXT saying why"));
    if (!strcmp(verb, "pay") && !o.method)
        return cli_usage_error(c->cmd, _("'pay' needs --method (how the money went back)"));

    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct sd_err err = {0};
    int rc = SD_OK;
    if (!strcmp(verb, "request")) {
        ex = request(c, &s, arg1, &o);
        session_close(&s);
        return ex;
    }
    if (!strcmp(verb, "list")) {
        ex = list(c, &s, &o);
        session_close(&s);
        return ex;
    }
    if (!strcmp(verb, "approve")) {
        if (!(rc = refund_approve(&s, id, o.note, &err)))
            printf(_("refund #%lld approved\n"), (long long)id);
    } else if (!strcmp(verb, "reject")) {
        if (!(rc = refund_reject(&s, id, o.note, &err)))
            printf(_("refund #%lld rejected\n"), (long long)id);
    } else if (!strcmp(verb, "withdraw")) {
        if (!(rc = refund_withdraw(&s, id, o.note, &err)))
            printf(_("refund #%lld withdrawn\n"), (long long)id);
    } else if (!strcmp(verb, "receive")) {
        int64_t got = 0;
        if (!(rc = refund_receive(&s, arg1, o.condition ? o.condition : 1, o.f.sku, &got,
                                  &err))) {
            struct refund r;
            bool exchange = false;
            if (store_refund_get(s.st, got, &r, NULL) == SD_OK) {
                exchange = r.kind == KIND_EXCHANGE;
                refund_clear(&r);
            }
            printf(exchange ? _("received: exchange #%lld is ready for its replacement order\n")
                            : _("received: refund #%lld is ready to pay\n"),
                   (long long)got);
        }
    } else if (!strcmp(verb, "pay")) {
        int64_t amount = 0;
        const struct currency *cur = refund_currency(&s, id);
        if (o.amount && (ex = money_opt(c, cur, o.amount, &amount))) {
            session_close(&s);
            return ex;
        }
        struct payment p;
        if (!(rc = refund_pay(&s, id, amount, o.method, o.ref, &p, &err))) {
            char m[48];
            money_format(p.amount, cur, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m);
            printf(p.late ? _("refund #%lld paid: %s by %s (late)\n")
                          : _("refund #%lld paid: %s by %s\n"),
                   (long long)id, m, p.method);
        }
    } else if (!strcmp(verb, "exchange")) {
        int64_t x = 0;
        if (!(rc = refund_exchange(&s, id, &x, &err))) {
            struct order r;
            if (store_order_get(s.st, x, &r, NULL) == SD_OK) {
                printf(_("refund #%lld: replacement order %s created\n"), (long long)id, r.number);
                order_clear(&r);
            }
        }
    } else if (!strcmp(verb, "reverse")) {
        if (!(rc = refund_reverse(&s, id, o.note, &err)))
            printf(_("refund #%lld: the payment was reversed\n"), (long long)id);
    } else if (!strcmp(verb, "show")) {
        if (!(rc = session_require(&s, SD_PERM_REFUNDS_VIEW, &err))) {
            struct detail d;
            detail_init(&d);
            if (!(rc = refund_detail(&s, id, &d, &err)))
                detail_print(&d, stdout);
            detail_free(&d);
        }
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static void comp_usage(void)
{
    printf("%s\n\n", _("Usage: shopdesk compensate [--tier T] [--from DATE] [--to DATE] [--sku SKU] "
                       "[--courier C]\n           [--status S] [--platform P] [--currency CODE] "
                       "--amount AMT --reason TEXT\n           [--batch NAME] [--yes]"));
    printf("%s\n", _("Give every paid order the filter selects the same compensation. Without "
                     "--yes it shows\nhow many orders and the total, and changes nothing. With "
                     "--yes the batch is created at\nonce, one compensation per order; running "
                     "the same batch again (the same --batch, or the\nsame filter, amount and "
                     "reason) adds nothing. A batch is in one currency (the shop's\nunless "
                     "--currency says another): it selects only orders in it, and pays each the "
                     "amount\nin it. Cancelled orders are never compensated."));
}

int cmd_compensate(struct cli *c, int argc, char **argv)
{
    struct ropts o;
    memset(&o, 0, sizeof o);
    int ex = parse(c, argc, argv, &o);
    if (ex < 0) {
        comp_usage();
        return 0;
    }
    if (ex) {
        sb_free(&o.filter_text);
        return ex;
    }
    if (optind != argc) {
        sb_free(&o.filter_text);
        return cli_usage_error(c->cmd, _("compensate takes options only"));
    }
    if (!o.amount || !o.reason) {
        sb_free(&o.filter_text);
        return cli_usage_error(c->cmd, _("say --amount AMT and --reason TEXT"));
    }
    struct session s;
    if ((ex = cli_open(c, &s))) {
        sb_free(&o.filter_text);
        return ex;
    }
    const struct currency *cur = o.currency ? o.currency : s.set.currency;
    struct comp_request q = {o.f, sb_str(&o.filter_text), 0, o.reason, o.batch, cur};
    if ((ex = money_opt(c, cur, o.amount, &q.amount))) {
        session_close(&s);
        sb_free(&o.filter_text);
        return ex;
    }
    struct sd_err err = {0};
    struct comp_batch b;
    bool already = false;
    int rc;
    char m1[48], m2[48], when[32];
    if (!o.yes) {
        int64_t orders = 0, total = 0;
        if (!(rc = compensation_preview(&s, &q, &orders, &total, &already, &b, &err))) {
            if (already) {
                time_format_local(b.created_at, when);
                printf(_("This batch (%s) was created at %s by %s: %lld orders, %s; nothing "
                         "would be added.\n"),
                       b.key, when, b.created_by, (long long)b.orders,
                       money_format(b.total, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1));
            } else {
                printf(_("Would compensate %lld orders, %s each, %s in all.\nRun again with "
                         "--yes to create the batch.\n"),
                       (long long)orders,
                       money_format(q.amount, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1),
                       money_format(total, cur, MONEY_SYMBOL | MONEY_GROUP, m2, sizeof m2));
            }
        }
    } else if (!(rc = compensation_run(&s, &q, &b, &already, &err))) {
        time_format_local(b.created_at, when);
        money_format(b.total, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
        if (already)
            rc = sd_fail(&err, SD_CONFLICT,
                         _("This batch (%s) was created at %s by %s: %lld orders, %s; nothing "
                           "added."),
                         b.key, when, b.created_by, (long long)b.orders, m1);
        else
            printf(_("Batch %s: %lld orders compensated, %s in all.\n"), b.key,
                   (long long)b.orders, m1);
    }
    session_close(&s);
    sb_free(&o.filter_text);
    return rc ? cli_error(&err) : 0;
}
