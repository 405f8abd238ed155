#ifndef SHOPDESK_STORE_COURIERS_H
#define SHOPDESK_STORE_COURIERS_H

#include <stdint.h>

#include "core/status.h"

struct store;

/* An order a courier carried: what the couriers report weighs. */
struct courier_order {
    char courier[64];
    char address[200];
    int64_t shipped_at, delivered_at; /* 0: not delivered (as far as the shop knows) */
    int rating;                       /* the buyer's stars, 0 without a rating */
    int disputes;                     /* platform disputes on the order */
    int delivery_refunds;             /* refund requests for a parcel not received, damaged
                                       * or shipped late */
};

/* Each order shipped in [from, to) with a courier, to cb (non-zero stops). */
int store_courier_orders(struct store *st, int64_t from, int64_t to,
                         int (*cb)(const struct courier_order *o, void *arg), void *arg,
                         struct sd_err *err);

/* The scored last-mile mystery reports on couriers submitted in [from, to): the target as
 * the shopper wrote it (a courier, or one of its stations: "顺丰 朝阳站") and the score
 * (hundredths of a percent), to cb. */
int store_courier_mystery(struct store *st, int64_t from, int64_t to,
                          void (*cb)(const char *target, int64_t score, void *arg), void *arg,
                          struct sd_err *err);

/* The orders delivered in [from, to): courier, shipped and delivered times, to cb. */
int store_deliveries(struct store *st, int64_t from, int64_t to,
                     void (*cb)(const char *courier, int64_t shipped, int64_t delivered,
                                void *arg),
                     void *arg, struct sd_err *err);

#endif
