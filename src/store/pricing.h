#ifndef SHOPDESK_STORE_PRICING_H
#define SHOPDESK_STORE_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* Price protection's facts: prices the owner sets for a SKU (in the shop's currency), the
 * lines members bought that may be protected, what the same SKU sold for since, and the
 * offers made (one per order line and lower price). */

/* Inside a write transaction. */
int store_price_set(struct store *st, const char *sku, int64_t price, int64_t at,
                    const char *login, int64_t *id, struct sd_err *err);

struct price_point {
    int64_t at, price;
    char currency[4];
    char source[64]; /* the order number, or "" for a price the owner set */
};
/* The SKU's prices from (exclusive) `from` to `to` (inclusive), by time: what paid orders
 * (not cancelled, not gifts) sold it for, and the prices set (in `home`). Returns how many
 * (up to n), or -1. */
int store_price_points(struct store *st, const char *sku, int64_t from, int64_t to,
                       const char *home, struct price_point *out, int n, struct sd_err *err);

/* Lines of members' paid orders (not cancelled, not gifts, with a SKU) paid at or after
 * `since`, with the member's tier, by SKU then time; cb returns non-zero to stop. */
struct protect_line {
    int64_t line_id, order_id, member_id, paid_at;
    int64_t price, qty;
    int tier;
    char sku[48];
    char number[64];
    char currency[4];
};
typedef int (*protect_cb)(void *ctx, const struct protect_line *l);
int store_protect_lines(struct store *st, int64_t since, protect_cb cb, void *ctx,
                        struct sd_err *err);

/* The lowest price an offer was already made for on this line (0 and *any false: none). */
int store_offer_lowest(struct store *st, int64_t line_id, int64_t *price, bool *any,
                       struct sd_err *err);

struct price_offer {
    int64_t line_id, order_id, was_price, new_price, qty, amount, dropped_at, refund_id;
    char source[64];
};
/* Inside a write transaction; SD_REFUSED when this line already has an offer at this price. */
int store_offer_add(struct store *st, const struct price_offer *o, struct sd_err *err);

#endif
