#ifndef SHOPDESK_STORE_ORDERS_H
#define SHOPDESK_STORE_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/order.h"
#include "core/status.h"

struct store;

/* An order as stored. Strings are owned; order_clear() frees them. Instants are UTC seconds
 * (0: not yet); money is minor units. */
struct order {
    int64_t id;
    char *platform, *number;
    enum order_status status;
    int64_t member_id;
    char *buyer, *receiver, *phone, *address, *currency;
    int64_t goods, shipping, total, platform_refunded;
    int64_t created_at, paid_at, picked_at, packed_at, shipped_at, delivered_at, cancelled_at;
    char *cancel_reason, *courier, *tracking;
    int64_t wave_id;
    bool gift;
    char *note;
    int64_t updated_at;
};

struct order_line {
    int64_t id;
    int line_no;
    char *sku, *title;
    int64_t qty, price, total;
};

void order_clear(struct order *o);
void order_lines_free(struct order_line *lines, size_t n);

int store_order_get(struct store *st, int64_t id, struct order *o, struct sd_err *err);
/* SD_NOT_FOUND when absent. */
int store_order_find(struct store *st, const char *platform, const char *number,
                     struct order *o, struct sd_err *err);
/* Orders whose number (any platform) or tracking number is code: up to max ids. */
int store_order_lookup(struct store *st, const char *code, int64_t *ids, int max, int *found,
                       struct sd_err *err);
int store_order_lines(struct store *st, int64_t order_id, struct order_line **lines, size_t *n,
                      struct sd_err *err);

/* Inside a write transaction. Insert sets o->id; search text is built from the order and its
 * lines. */
int store_order_insert(struct store *st, struct order *o, const struct order_line *lines,
                       size_t n, struct sd_err *err);
/* Write every mutable field of o (by o->id); lines replaced when lines != NULL. */
int store_order_update(struct store *st, const struct order *o, const struct order_line *lines,
                       size_t n, struct sd_err *err);

/* The list: newest first by (created_at, id), keyset paged. */
struct order_filter {
    int status;        /* -1: any */
    int64_t from, to;  /* created_at in [from, to); 0: open */
    const char *platform, *courier;
    int tier;          /* member tier, -1: any */
    int gift;          /* 1 gifts only, 0 no gifts, -1 any */
    const char *search; /* substring over number, buyer, receiver, phone, tracking, items */
    int64_t wave_id;   /* 0: any */
};

void order_filter_init(struct order_filter *f);

struct order_row {
    int64_t id, created_at, paid_at, shipped_at, total;
    int status;
    bool gift;
    int tier;
    char platform[16];
    char number[48];
    char buyer[64];
    char courier[32];
    char tracking[40];
    char currency[4];
};

/* Up to n rows after (forward: older) or before (backward: newer, nearest first) from; from
 * NULL starts at the newest (forward) or the oldest (backward). Short search terms (one or
 * two characters) scan instead of using the trigram index; set a cancel callback on the
 * store to let a person stop them. Returns the count or -1 with err. */
int store_orders_page(struct store *st, const struct order_filter *f,
                      const struct order_row *from, bool forward, bool inclusive, int n,
                      struct order_row *out, struct sd_err *err);

/* A member's most recent orders (at most n), newest first. */
int store_orders_page_member(struct store *st, int64_t member_id, struct order_row *out, int n,
                             struct sd_err *err);

#endif
