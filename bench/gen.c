/* bench/gen: a shop's order export, generated from a fixed seed.
 *
 *   gen --orders N [--members M] [--seed S] [--end TIME] [--days D] [--first K] [--out FILE]
 *
 * writes a CSV in the generic layout (data/mappings/generic.yaml: one row per order line) that
 * `shopdesk import orders` reads. The same arguments give byte-identical files on any machine:
 * every value comes from util/rng and the times from --end (not the clock). The shop looks like
 * a shop: 30% of the orders come from the best 5% of the members; 60% Chinese names; phones,
 * addresses, couriers and tracking numbers; Chinese and English item titles; most orders
 * delivered, some on the way, a few unpaid or cancelled; ship delays in the shop's bands; a
 * platform refund on one order in 25. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gen.h"
#include "core/status.h"
#include "core/tz.h"
#include "util/csv.h"
#include "util/rng.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct member {
    char buyer[48];
    char name[32];
    char phone[16];
    char address[96];
};

static void usage(FILE *f)
{
    fputs("usage: gen --orders N [--members M] [--seed S] [--end TIME] [--days D] [--first K]\n"
          "           [--out FILE]\n"
          "  members default to orders / 10; the orders spread over the D days (365) before\n"
          "  END (2026-11-20T12:00:00+08:00) and are numbered from K + 1 (1); FILE default:\n"
          "  standard output\n",
          f);
}

static void field(struct strbuf *sb, const char *v, bool last)
{
    csv_put(sb, v, false);
    sb_addch(sb, last ? '\n' : ',');
}

static void money(struct strbuf *sb, int64_t v)
{
    sb_addf(sb, "%lld.%02lld,", (long long)(v / 100), (long long)(v % 100));
}

static void when(struct strbuf *sb, int64_t t)
{
    if (t) {
        char buf[32];
        time_format_iso(t, buf);
        sb_adds(sb, buf);
    }
    sb_addch(sb, ',');
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"orders", required_argument, NULL, 'n'}, {"members", required_argument, NULL, 'm'},
        {"seed", required_argument, NULL, 's'},   {"end", required_argument, NULL, 'e'},
        {"days", required_argument, NULL, 'd'},   {"out", required_argument, NULL, 'o'},
        {"first", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    long long norders = 0, nmembers = 0, days = 365, first = 0;
    unsigned long long seed = 20261120;
    const char *end_text = "2026-11-20T12:00:00+08:00", *out = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            norders = atoll(optarg);
            break;
        case 'm':
            nmembers = atoll(optarg);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        case 'e':
            end_text = optarg;
            break;
        case 'd':
            days = atoll(optarg);
            break;
        case 'o':
            out = optarg;
            break;
        case 'f':
            first = atoll(optarg);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (norders <= 0 || days <= 0) {
        usage(stderr);
        return 2;
    }
    if (nmembers <= 0)
        nmembers = norders / 10 > 0 ? norders / 10 : 1;
    tz_use("Asia/Shanghai");
    int64_t end;
    struct sd_err err = {0};
    if (time_parse(end_text, &end, &err)) {
        fprintf(stderr, "gen: --end: %s\n", err.msg);
        return 2;
    }
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "gen: %s: %s\n", out, strerror(errno));
        return 1;
    }
    struct rng r;
    rng_seed(&r, seed);
    struct member *m = xcalloc((size_t)nmembers, sizeof *m);
    for (long long i = 0; i < nmembers; i++) {
        bool chinese;
        gen_name(&r, m[i].name, sizeof m[i].name, &chinese);
        gen_buyer_id(&r, "taobao", 1000 + i, m[i].buyer, sizeof m[i].buyer);
        if (rng_chance(&r, 85))
            gen_phone(&r, m[i].phone, sizeof m[i].phone);
        gen_address(&r, m[i].address, sizeof m[i].address);
    }
    long long top = nmembers / 20 > 0 ? nmembers / 20 : 1;
    int64_t start = end - days * 86400;
    double step = (double)(days * 86400) / (double)norders;
    struct strbuf sb = STRBUF_INIT;
    fputs("Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,"
          "Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price\n",
          f);
    for (long long n = 0; n < norders; n++) {
        const struct member *b =
            &m[rng_chance(&r, 30) ? rng_below(&r, (uint64_t)top) : rng_below(&r, (uint64_t)nmembers)];
        int64_t created = start + (int64_t)(step * (double)n) + (int64_t)rng_below(&r, 60);
        int nl = 1 + (rng_chance(&r, 35) ? 1 : 0) + (rng_chance(&r, 10) ? 1 : 0);
        const struct gen_item *items[3];
        int64_t qty[3], goods = 0;
        for (int i = 0; i < nl; i++) {
            items[i] = gen_item(&r);
            qty[i] = rng_chance(&r, 20) ? 2 : 1;
            goods += items[i]->price * qty[i];
        }
        int64_t shipping = goods >= 9900 ? 0 : 1000, total = goods + shipping;
        int64_t paid = 0, shipped = 0, refunded = 0;
        const char *status;
        char tracking[40] = "";
        const struct gen_courier *courier = gen_courier(&r);
        if (end - created < 2 * 3600 && rng_chance(&r, 25)) {
            status = "New";
        } else {
            paid = created + rng_range(&r, 10, 600);
            if (rng_chance(&r, 3)) {
                status = "Cancelled";
            } else {
                int64_t delay = gen_ship_delay(&r);
                if (paid + delay > end) {
                    status = "Paid";
                } else {
                    shipped = paid + delay;
                    gen_tracking(&r, courier, tracking, sizeof tracking);
                    status = end - shipped > 4 * 86400 ? "Delivered" : "Shipped";
                    if (rng_chance(&r, 4))
                        refunded = total * (int64_t)rng_range(&r, 10, 100) / 100;
                }
            }
        }
        for (int i = 0; i < nl; i++) {
            char number[24];
            snprintf(number, sizeof number, "B%010lld", first + n + 1);
            sb_reset(&sb);
            field(&sb, number, false);
            if (i == 0) {
                when(&sb, created);
                when(&sb, paid);
                when(&sb, shipped);
                field(&sb, status, false);
                field(&sb, b->buyer, false);
                field(&sb, b->name, false);
                field(&sb, b->phone, false);
                field(&sb, b->address, false);
                field(&sb, "CNY", false);
                money(&sb, shipping);
                money(&sb, total);
                if (refunded)
                    money(&sb, refunded);
                else
                    sb_addch(&sb, ',');
                field(&sb, shipped ? courier->name : "", false);
                field(&sb, tracking, false);
            } else {
                /* the order's fields are read from its first row */
                sb_adds(&sb, ",,,,,,,,,,,,,,");
            }
            field(&sb, items[i]->sku, false);
            field(&sb, items[i]->title, false);
            sb_addf(&sb, "%lld,", (long long)qty[i]);
            char price[32];
            snprintf(price, sizeof price, "%lld.%02lld", (long long)(items[i]->price / 100),
                     (long long)(items[i]->price % 100));
            field(&sb, price, true);
            fwrite(sb.buf, 1, sb.len, f);
        }
    }
    sb_free(&sb);
    free(m);
    if (out && fclose(f) != 0) {
        fprintf(stderr, "gen: %s: %s\n", out, strerror(errno));
        return 1;
    }
    return 0;
}
