#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/order_detail.h"
#include "app/paths.h"
#include "app/order_ops.h"
#include "app/session.h"
#include "app/stock.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/orders.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/width.h"
#include "util/xalloc.h"

enum {
    OPT_STATUS = CLI_OPT_FIRST_PRIVATE,
    OPT_SEARCH,
    OPT_LIMIT,
    OPT_PLATFORM,
    OPT_COURIER,
    OPT_TIER,
    OPT_GIFT,
    OPT_FROM,
    OPT_TO,
    OPT_WAVE,
    OPT_TRACKING,
    OPT_REASON,
    OPT_SIZE,
    OPT_OUT,
    OPT_DATE,
};

static void usage(void)
{
    printf("%s\n", _("Usage: shopdesk orders list [--status S] [--search TEXT] [--limit N] "
                     "[--platform P]\n         [--courier C] [--tier T] [--gift yes|no] "
                     "[--from DATE] [--to DATE] [--wave N]\n         [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk orders show ORDER"));
    printf("%s\n", _("       shopdesk orders pick|pack|deliver ORDER..."));
    printf("%s\n", _("       shopdesk orders ship ORDER --courier C --tracking T"));
    printf("%s\n", _("       shopdesk orders cancel ORDER... --reason TEXT"));
    printf("%s\n", _("       shopdesk orders open-box ORDER [on|off]"));
    printf("%s\n\n", _("       shopdesk orders ship-times [--from DATE] [--to DATE]"));
    printf("%s\n",
           _("ORDER is the platform's order number (1930679858170647, #1001), PLATFORM:NUMBER "
             "when two\nplatforms share a number, or a tracking number. list shows the "
             "newest 100 orders unless\n--limit says otherwise (0: all). Dates are "
             "YYYY-MM-DD in the shop's time zone; --to is\ninclusive. Status: pending, "
             "paid, picked, packed, shipped, delivered, cancelled."));
}

/* The columns of orders in listings and exports. */
struct ocols {
    struct table *t;
    bool contact;
    bool watched; /* an export: progress on a terminal, Ctrl-C stops it */
    int64_t rows;
    int id, platform, number, status, total, currency, goods, shipping, refunded, shop_refunded,
        refunded_total, created, paid,
        shipped, delivered, cancelled, ship_minutes, buyer, receiver, phone, address, courier,
        tracking, gift, wave, promise;
};

static void ocols_init(struct ocols *c, struct session *s)
{
    memset(c, 0, sizeof *c);
    c->t = table_new(s->set.currency);
    c->contact = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
    struct table *t = c->t;
    c->id = table_col(t, "id", _("Id"), COL_INT);
    c->platform = table_col(t, "platform", _("Platform"), COL_TEXT);
    c->number = table_col(t, "number", _("Order"), COL_TEXT);
    c->created = table_col(t, "created_at", _("Time"), COL_TIME);
    c->buyer = table_col(t, "buyer", _("Buyer"), COL_TEXT);
    c->total = table_col(t, "total", _("Amount"), COL_MONEY);
    c->status = table_col(t, "status", _("Status"), COL_TEXT);
    c->courier = table_col(t, "courier", _("Courier"), COL_TEXT);
    c->tracking = table_col(t, "tracking", _("Tracking"), COL_TEXT);
    c->ship_minutes = table_col(t, "ship_minutes", _("Ship (min)"), COL_INT);
    c->currency = table_col(t, "currency", _("Currency"), COL_TEXT);
    c->goods = table_col(t, "goods", _("Goods"), COL_MONEY);
    c->shipping = table_col(t, "shipping", _("Shipping"), COL_MONEY);
    c->refunded = table_col(t, "refunded", _("Refunded"), COL_MONEY);
    c->shop_refunded = table_col(t, "shop_refunded", _("Refunded by the shop"), COL_MONEY);
    c->refunded_total = table_col(t, "refunded_total", _("Refunded in all"), COL_MONEY);
    c->paid = table_col(t, "paid_at", _("Paid"), COL_TIME);
    c->shipped = table_col(t, "shipped_at", _("Shipped"), COL_TIME);
    c->delivered = table_col(t, "delivered_at", _("Delivered"), COL_TIME);
    c->cancelled = table_col(t, "cancelled_at", _("Cancelled"), COL_TIME);
    c->receiver = table_col(t, "receiver", _("Receiver"), COL_TEXT);
    c->phone = table_col(t, "phone", _("Phone"), COL_TEXT);
    c->address = table_col(t, "address", _("Address"), COL_TEXT);
    c->gift = table_col(t, "gift", _("Gift"), COL_BOOL);
    c->wave = table_col(t, "wave", _("Wave"), COL_INT);
    c->promise = table_col(t, "promise_by", _("Ship by"), COL_TIME);
    /* the text listing keeps to what fits a terminal */
    int hide[] = {c->id,       c->platform, c->currency, c->goods,     c->shipping,
                  c->refunded, c->paid,     c->shipped,  c->delivered, c->cancelled,
                  c->shop_refunded, c->refunded_total,
                  c->receiver, c->phone,    c->address,  c->wave,      c->gift,
                  c->promise};
    for (size_t i = 0; i < sizeof hide / sizeof hide[0]; i++)
        table_col_text_hidden(t, hide[i]);
}

static int add_order(const struct order *o, void *arg)
{
    struct ocols *c = arg;
    struct table *t = c->t;
    char buf[512];
    table_row(t);
    table_row_currency(t, o->currency);
    table_int(t, c->id, o->id);
    table_text(t, c->platform, o->platform);
    table_text(t, c->number, o->number);
    table_text(t, c->status, order_status_key(o->status));
    table_money(t, c->total, o->total);
    table_text(t, c->currency, o->currency);
    table_money(t, c->goods, o->goods);
    table_money(t, c->shipping, o->shipping);
    table_money(t, c->refunded, o->platform_refunded);
    table_money(t, c->shop_refunded, o->shop_refunded);
    table_money(t, c->refunded_total, o->refunded);
    table_time(t, c->created, o->created_at);
    table_time(t, c->paid, o->paid_at);
    table_time(t, c->shipped, o->shipped_at);
    table_time(t, c->delivered, o->delivered_at);
    table_time(t, c->cancelled, o->cancelled_at);
    table_time(t, c->promise, o->promise_by);
    if (o->paid_at && o->shipped_at && o->shipped_at >= o->paid_at)
        table_int(t, c->ship_minutes, (o->shipped_at - o->paid_at + 59) / 60);
    table_text(t, c->buyer, o->buyer);
    table_text(t, c->receiver, o->receiver);
    if (c->contact) {
        table_text(t, c->phone, o->phone);
        table_text(t, c->address, o->address);
    } else {
        mask_phone(o->phone, buf, sizeof buf);
        table_text(t, c->phone, buf);
        mask_address(o->address, buf, sizeof buf);
        table_text(t, c->address, buf);
    }
    table_text(t, c->courier, o->courier);
    table_text(t, c->tracking, o->tracking);
    table_bool(t, c->gift, o->gift);
    if (o->wave_id)
        table_int(t, c->wave, o->wave_id);
    if (c->watched && (++c->rows & 1023) == 0) {
        progress_show(_("exporting orders"), c->rows, 0, false);
        return stop_signal != 0;
    }
    return 0;
}

/* Parse a date option into [start of that day) or the day after (to, inclusive). */
static int date_opt(struct cli *c, const char *arg, bool end, int64_t *out)
{
    struct sd_date d;
    struct sd_err err = {0};
    if (date_parse(arg, &d, &err))
        return cli_usage_error(c->cmd, "%s", err.msg);
    *out = date_start(end ? date_add(d, 1) : d);
    return 0;
}

struct list_opts {
    struct order_filter f;
    long long limit;
    const char *courier, *tracking, *reason;
    const char *from, *to;
    int size;
    const char *out;
};

static int parse_opts(struct cli *c, int argc, char **argv, struct list_opts *lo)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"status", required_argument, NULL, OPT_STATUS},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"platform", required_argument, NULL, OPT_PLATFORM},
        {"courier", required_argument, NULL, OPT_COURIER},
        {"tier", required_argument, NULL, OPT_TIER},
        {"gift", required_argument, NULL, OPT_GIFT},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"wave", required_argument, NULL, OPT_WAVE},
        {"tracking", required_argument, NULL, OPT_TRACKING},
        {"reason", required_argument, NULL, OPT_REASON},
        {"size", required_argument, NULL, OPT_SIZE},
        {"out", required_argument, NULL, OPT_OUT},
        {NULL, 0, NULL, 0},
    };
    order_filter_init(&lo->f);
    lo->limit = 100;
    const char *arg;
    int opt, ex = 0;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_STATUS:
            lo->f.status = order_status_parse(arg);
            if (lo->f.status < 0)
                return cli_usage_error(c->cmd, _("unknown status '%s'"), arg);
            break;
        case OPT_SEARCH:
            lo->f.search = arg;
            break;
        case OPT_LIMIT:
            lo->limit = strtoll(arg, &end, 10);
            if (*end || lo->limit < 0)
                return cli_usage_error(c->cmd, _("'%s' is not a number"), arg);
            break;
        case OPT_PLATFORM:
            lo->f.platform = arg;
            break;
        case OPT_COURIER:
            lo->f.courier = arg;
            lo->courier = arg;
            break;
        case OPT_TIER:
            lo->f.tier = (int)strtol(arg, &end, 10);
            if (*end || lo->f.tier < 0)
                return cli_usage_error(c->cmd, _("'%s' is not a tier"), arg);
            break;
        case OPT_GIFT:
            if (!strcmp(arg, "yes"))
                lo->f.gift = 1;
            else if (!strcmp(arg, "no"))
                lo->f.gift = 0;
            else
                return cli_usage_error(c->cmd, _("--gift takes yes or no"));
            break;
        case OPT_FROM:
            lo->from = arg;
            if ((ex = date_opt(c, arg, false, &lo->f.from)))
                return ex;
            break;
        case OPT_TO:
            lo->to = arg;
            if ((ex = date_opt(c, arg, true, &lo->f.to)))
                return ex;
            break;
        case OPT_WAVE:
            lo->f.wave_id = strtoll(arg, &end, 10);
            if (*end || lo->f.wave_id <= 0)
                return cli_usage_error(c->cmd, _("'%s' is not a wave"), arg);
            break;
        case OPT_TRACKING:
            lo->tracking = arg;
            break;
        case OPT_REASON:
            lo->reason = arg;
            break;
        case OPT_SIZE:
            lo->size = (int)strtol(arg, &end, 10);
            if (*end || lo->size <= 0)
                return cli_usage_error(c->cmd, _("'%s' is not a number"), arg);
            break;
        case OPT_OUT:
            lo->out = arg;
            break;
        case CLI_OPT_HELP:
            usage();
            return -1;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    return ex;
}

static int list(struct cli *c, struct list_opts *lo, bool stream)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    if (session_require(&s, SD_PERM_ORDERS_VIEW, &err)) {
        session_close(&s);
        return cli_error(&err);
    }
    struct ocols oc;
    ocols_init(&oc, &s);
    if (stream) {
        table_stream(oc.t, c->format, stdout);
        oc.watched = true;
        progress_watch(&s);
    }
    int rc = store_orders_each(s.st, &lo->f, lo->limit, add_order, &oc, &err);
    if (stream)
        progress_unwatch(&s);
    bool stopped = stream && stop_signal;
    if (!rc && !stopped)
        table_print(oc.t, c->format, stdout);
    table_free(&oc.t);
    session_close(&s);
    if (stopped) /* the output ends where it stopped: no closing bracket to look whole */
        return stop_report(_("the export is incomplete"));
    return rc ? cli_error(&err) : 0;
}

/* Print a detail document as text. */
/* A line of data: whatever it holds (a newline in a buyer's name, an escape sequence in a
 * note) is shown as an escape, so that it stays one line and moves no cursor. */
static void data_line(FILE *out, const char *prefix, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, prefix);
    width_visible(&sb, s ? s : "");
    sb_addch(&sb, '\n');
    fputs(sb_str(&sb), out);
    sb_free(&sb);
}

void detail_print(const struct detail *d, FILE *out)
{
    if (d->title)
        data_line(out, "", d->title);
    for (size_t i = 0; i < d->n; i++) {
        const struct detail_line *l = &d->lines[i];
        if (l->kind == DETAIL_HEADING) {
            fputc('\n', out);
            data_line(out, "", l->value);
        } else if (l->kind == DETAIL_FIELD) {
            struct strbuf sb = STRBUF_INIT;
            sb_adds(&sb, "  ");
            width_fit(&sb, l->label, 16, WIDTH_LEFT);
            sb_addch(&sb, ' ');
            data_line(out, sb_str(&sb), l->value);
            sb_free(&sb);
        } else {
            data_line(out, "", l->value);
        }
    }
}

static int show(struct cli *c, const char *ref)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t id;
    int rc = session_require(&s, SD_PERM_ORDERS_VIEW, &err);
    if (!rc)
        rc = order_resolve(&s, ref, &id, &err);
    if (!rc) {
        struct detail d;
        detail_init(&d);
        rc = order_detail(&s, id, &d, &err);
        if (!rc)
            detail_print(&d, stdout);
        detail_free(&d);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static int move(struct cli *c, enum order_status to, char **refs, int n, struct list_opts *lo)
{
    struct order_move m = {to, lo->courier, lo->tracking, lo->reason, NULL, NULL};
    if (to == ORDER_SHIPPED && n != 1)
        return cli_usage_error(c->cmd,
                               _("ship one order at a time (each has its tracking number)"));
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t *ids = xcalloc((size_t)n, sizeof *ids);
    int rc = SD_OK;
    for (int i = 0; i < n && !rc; i++)
        rc = order_resolve(&s, refs[i], &ids[i], &err);
    int moved = 0;
    struct strbuf skipped = STRBUF_INIT;
    if (!rc)
        rc = order_move(&s, ids, (size_t)n, &m, &moved, &skipped, &err);
    free(ids);
    session_close(&s);
    if (rc) {
        sb_free(&skipped);
        return cli_error(&err);
    }
    if (skipped.len)
        fputs(sb_str(&skipped), stderr);
    printf(P_("%d order is now %s.\n", "%d orders are now %s.\n", moved), moved,
           order_status_label(to));
    sb_free(&skipped);
    return moved == n ? 0 : 1;
}

static int ship_times(struct cli *c, struct list_opts *lo)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_date today = date_of(clock_now());
    int64_t from = lo->from ? lo->f.from : date_start(today);
    int64_t to = lo->to ? lo->f.to : date_start(date_add(today, 1));
    struct ship_stats st;
    struct sd_err err = {0};
    int rc = session_require(&s, SD_PERM_ORDERS_VIEW, &err);
    if (!rc)
        rc = ship_stats(&s, from, to, &st, &err);
    if (rc) {
        session_close(&s);
        return cli_error(&err);
    }
    struct table *t = table_new(s.set.currency);
    int cb = table_col(t, "band", _("Band"), COL_TEXT);
    int cn = table_col(t, "orders", _("Orders"), COL_INT);
    int cp = table_col(t, "percent", _("%"), COL_INT);
    const int *lim = s.set.orders.ship_bands;
    char label[4][32];
    snprintf(label[0], sizeof label[0], "<=%dm", lim[0]);
    snprintf(label[1], sizeof label[1], "<=%dm", lim[1]);
    snprintf(label[2], sizeof label[2], "<=%dm", lim[2]);
    snprintf(label[3], sizeof label[3], ">%dm", lim[2]);
    for (int i = 0; i < SHIP_BANDS; i++) {
        table_row(t);
        table_text(t, cb, label[i]);
        table_int(t, cn, st.band[i]);
        table_int(t, cp, st.count ? st.band[i] * 100 / st.count : 0);
    }
    table_print(t, c->format, stdout);
    table_free(&t);
    if (c->format == OUT_TEXT) {
        char med[32], p90[32];
        duration_format(st.median, med);
        duration_format(st.p90, p90);
        printf(_("%lld shipped; median %s, 90th percentile %s\n"), (long long)st.count,
               st.count ? med : "-", st.count ? p90 : "-");
    }
    session_close(&s);
    return 0;
}

/* orders open-box ORDER [on|off]: sold as open-box, its goods picked from open-box stock */
static int open_box(struct cli *c, const char *ref, bool on)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t id = 0;
    int rc = order_resolve(&s, ref, &id, &err);
    if (!rc)
        rc = stock_order_open_box(&s, id, on, &err);
    if (!rc)
        printf(on ? _("%s is sold as open-box: its goods come from the open-box stock.\n")
                  : _("%s is sold as new.\n"),
               ref);
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

int cmd_orders(struct cli *c, int argc, char **argv)
{
    struct list_opts lo = {0};
    int ex = parse_opts(c, argc, argv, &lo);
    if (ex)
        return ex < 0 ? 0 : ex;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: list, show, pick, pack, ship, deliver, "
                                         "cancel or ship-times"));
    const char *verb = argv[optind++];
    char **refs = argv + optind;
    int n = argc - optind;
    if (!strcmp(verb, "list")) {
        if (n)
            return cli_usage_error(c->cmd, _("'list' takes no arguments"));
        return list(c, &lo, false);
    }
    if (!strcmp(verb, "show")) {
        if (n != 1)
            return cli_usage_error(c->cmd, _("'show' takes one order"));
        return show(c, refs[0]);
    }
    if (!strcmp(verb, "ship-times"))
        return ship_times(c, &lo);
    if (!strcmp(verb, "open-box")) {
        if (n < 1 || n > 2 || (n == 2 && strcmp(refs[1], "on") && strcmp(refs[1], "off")))
            return cli_usage_error(c->cmd, _("'open-box' takes an order, then on or off"));
        return open_box(c, refs[0], n == 1 || !strcmp(refs[1], "on"));
    }
    static const struct {
        const char *verb;
        enum order_status to;
    } moves[] = {{"pick", ORDER_PICKED},
                 {"pack", ORDER_PACKED},
                 {"ship", ORDER_SHIPPED},
                 {"deliver", ORDER_DELIVERED},
                 {"cancel", ORDER_CANCELLED}};
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (strcmp(verb, moves[i].verb))
            continue;
        if (n < 1)
            return cli_usage_error(c->cmd, _("'%s' needs an order"), verb);
        return move(c, moves[i].to, refs, n, &lo);
    }
    return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
}

int orders_export(struct cli *c)
{
    if (c->format == OUT_TEXT)
        return cli_usage_error(c->cmd, _("export orders writes csv or json (--format)"));
    struct list_opts lo = {0};
    order_filter_init(&lo.f);
    return list(c, &lo, true);
}

static void wave_usage(void)
{
    printf("%s\n", _("Usage: shopdesk wave create [--size N] [--out FILE]"));
    printf("%s\n\n", _("       shopdesk wave show WAVE [--out FILE]"));
    printf("%s\n", _("A wave takes the oldest paid orders that are in no wave yet (the shop's "
                     "wave size, 5 by\ndefault) and prints their pick list, grouped by SKU, "
                     "to FILE or the terminal.\nTheir goods of a stocked SKU leave the new "
                     "stock (the open-box stock for an order sold\nas open-box); an order "
                     "whose stock is short waits, and is named on stderr."));
}

int cmd_wave(struct cli *c, int argc, char **argv)
{
    struct list_opts lo = {0};
    int ex = parse_opts(c, argc, argv, &lo);
    if (ex < 0) {
        wave_usage();
        return 0;
    }
    if (ex)
        return ex;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: create or show"));
    const char *verb = argv[optind++];
    bool create = !strcmp(verb, "create");
    if (!create && strcmp(verb, "show"))
        return cli_usage_error(c->cmd, _("unknown action '%s' (create or show)"), verb);
    if (create ? optind != argc : optind != argc - 1)
        return cli_usage_error(c->cmd, create ? _("'create' takes no arguments")
                                              : _("'show' takes one wave number"));
    struct session s;
    if ((ex = cli_open(c, &s)))
        return ex;
    struct strbuf list = STRBUF_INIT, short_of = STRBUF_INIT;
    struct sd_err err = {0};
    int64_t wave = 0;
    int orders = 0, rc;
    char *saved = NULL;
    if (create) {
        rc = wave_create(&s, lo.size, lo.out ? WAVE_TO_FILE : WAVE_TO_LIST, lo.out, &wave,
                         &orders, &list, &saved, &short_of, &err);
    } else {
        wave = strtoll(argv[optind], NULL, 10);
        rc = session_require(&s, SD_PERM_ORDERS_VIEW, &err);
        if (!rc)
            rc = wave_pick_list(&s, wave, &list, &err);
        if (rc == SD_NOT_FOUND)
            sd_fail(&err, SD_NOT_FOUND, _("no wave %s"), argv[optind]);
    }
    session_close(&s);
    if (rc) {
        sb_free(&list);
        return cli_error(&err);
    }
    if (short_of.len) {
        /* said first, on stderr: the pick list stays what it was on stdout */
        fprintf(stderr, "%s\n", _("Left out, not enough stock (they wait for the next wave):"));
        fputs(sb_str(&short_of), stderr);
    }
    sb_free(&short_of);
    if (create && wave == 0) {
        printf("%s\n", _("No paid orders are waiting for a wave."));
        sb_free(&list);
        return 0;
    }
    if (lo.out && !create) {
        paths_user_begin(); /* written with the person's rights, never the shop's */
        int e = file_write_atomic(lo.out, sb_str(&list), list.len, 0644);
        paths_user_end();
        if (e) {
            fprintf(stderr, _("shopdesk: cannot write %s: %s\n"), lo.out, strerror(e));
            sb_free(&list);
            return 1;
        }
        printf(_("Wave %lld: pick list in %s\n"), (long long)wave, lo.out);
    } else if (lo.out) {
        printf(_("Wave %lld: %d orders; pick list in %s\n"), (long long)wave, orders, lo.out);
        free(saved);
    } else {
        fputs(sb_str(&list), stdout);
        if (create)
            printf(_("\nWave %lld: %d orders.\n"), (long long)wave, orders);
    }
    sb_free(&list);
    return 0;
}
