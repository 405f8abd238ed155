#ifndef SHOPDESK_CORE_PROMISE_H
#define SHOPDESK_CORE_PROMISE_H

#include <stddef.h>
#include <stdint.h>

/* Delivery promises (1号店: paid before 11:00, shipped the same day). A rule: an order paid
 * before the cut-off (minutes after the shop's midnight) ships by the end of that shop day,
 * one paid later by the end of the next; `days` more days either way. It applies to orders
 * whose address holds `region`, whose courier is `courier`, and with a line whose SKU begins
 * with `sku_prefix` (NULL: any). The first rule that fits an order is its promise. */
struct promise_rule {
    int cutoff;       /* minutes after midnight, 0 to 1439 */
    int days;         /* more days, 0 to 30 */
    char *region;     /* in the address, or NULL */
    char *courier;    /* the order's courier, or NULL */
    char *sku_prefix; /* a line's SKU begins with it, or NULL */
};

/* The rule that fits (NULL: none). skus: the order's lines' SKUs. */
const struct promise_rule *promise_match(const struct promise_rule *rules, size_t n,
                                         const char *address, const char *courier,
                                         const char *const *skus, size_t nskus);
/* The instant by which an order paid at `paid` is to be shipped under r: the end of the shop
 * day it was paid in (the start of the next), or of the day after when paid at or after the
 * cut-off, plus r->days. Uses the shop's zone (tz_use). */
int64_t promise_deadline(const struct promise_rule *r, int64_t paid);

#endif
