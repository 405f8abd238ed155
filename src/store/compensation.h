#ifndef SHOPDESK_STORE_COMPENSATION_H
#define SHOPDESK_STORE_COMPENSATION_H

#include <stdint.h>

#include "core/status.h"
#include "store/orders.h"

struct store;

/* A compensation batch: the same amount to every order a filter selected, once per order and
 * batch. */
struct comp_batch {
    int64_t id;
    char key[96];
    char filter[512];
    char currency[4]; /* the amount's, and the orders' */
    int64_t amount;
    char reason[256];
    int64_t created_at;
    char created_by[64];
    int64_t orders, total;
};

/* SD_NOT_FOUND when no batch has the key (then *b is untouched; key may point into it). */
int store_comp_batch_find(struct store *st, const char *key, struct comp_batch *b,
                          struct sd_err *err);
/* Paid, non-gift orders the filter selects; never cancelled ones. */
int store_comp_count(struct store *st, const struct order_filter *f, int64_t *count,
                     struct sd_err *err);
/* Inside a write transaction: the batch and one compensation per selected order, in one
 * statement. b->id and b->orders are set. */
int store_comp_create(struct store *st, struct comp_batch *b, const struct order_filter *f,
                      struct sd_err *err);
/* The orders of a batch, for their timelines; a callback's non-zero status stops the walk
 * and is returned. */
typedef int (*comp_order_cb)(int64_t order_id, void *arg);
int store_comp_orders(struct store *st, int64_t batch_id, comp_order_cb cb, void *arg,
                      struct sd_err *err);

#endif
