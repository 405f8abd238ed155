#ifndef SHOPDESK_STORE_ORDERS_H
#define SHOPDESK_STORE_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/order.h"
#include "core/status.h"

struct store;

int store_order_get(struct store *st, int64_t id, struct order *o, struct sd_err *err);
/* An import's next lookup, asked ahead: on a database server it goes at once and its answer
 * comes in the round trip of the next question (the order's member), so that a store_order_find
 * of the same order that follows costs none. Nothing on SQLite. */
void store_order_find_ahead(struct store *st, const char *platform, const char *number);
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
    const char *sku;   /* orders with a line of this SKU */
    bool paid_only;    /* orders that were paid */
    const char *currency; /* orders in this currency (ISO code); NULL: any */
    int64_t unshipped_before; /* paid before this and still waiting to ship; 0: any */
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
    char receiver[48];
    char phone[24];
    int64_t promise_by; /* to be shipped by then (0: no promise) */
};

/* Up to n rows after (forward: older) or before (backward: newer, nearest first) from; from
 * NULL starts at the newest (forward) or the oldest (backward). Short search terms (one or
 * two characters) scan instead of using the trigram index; set a cancel callback on the
 * store to let a person stop them. Returns the count or -1 with err. */
/* Searches in a shop of at least min_orders orders count a short term's trigrams among its
 * newest window orders to leave the far commoner ones out (200,000 and 20,000); for tests. */
void store_search_sampling(int64_t min_orders, int64_t window);
int store_orders_page(struct store *st, const struct order_filter *f,
                      const struct order_row *from, bool forward, bool inclusive, int n,
                      struct order_row *out, struct sd_err *err);

/* Every order the filter selects, newest first (limit 0: all), one at a time: the callback
 * returns non-zero to stop. The order is freed after the callback returns. */
typedef int (*order_cb)(const struct order *o, void *arg);
int store_orders_each(struct store *st, const struct order_filter *f, int64_t limit,
                      order_cb cb, void *arg, struct sd_err *err);

/* A member's most recent orders (at most n), newest first. */
int store_orders_page_member(struct store *st, int64_t member_id, struct order_row *out, int n,
                             struct sd_err *err);

/* Fresh imports into an empty shop: indexes, the search index and its triggers are built
 * once after the rows instead of row by row. Inside the caller's write transaction;
 * bulk_end rebuilds exactly what bulk_begin set aside (read back from sqlite_schema). */
struct order_bulk;
int store_orders_bulk_begin(struct store *st, struct order_bulk **out, struct sd_err *err);
int store_orders_bulk_end(struct store *st, struct order_bulk **b, struct sd_err *err);
/* Throw the saved definitions away after a rollback (which restored them). */
void store_orders_bulk_free(struct order_bulk **b);
/* What bulk_begin set aside, as SQL statements (caller frees): kept with an import in steps,
 * to run again if it is undone. */
char *store_orders_bulk_ddl(const struct order_bulk *b);


/* Orders with this number on any platform (up to max): their ids and platforms. */
int store_orders_by_number(struct store *st, const char *number, int64_t *ids,
                           char (*platforms)[16], int max, int *found, struct sd_err *err);

/* Inside a write transaction: the order's delivery promise (0: none). */
int store_order_set_promise(struct store *st, int64_t order_id, int64_t promise_by,
                            struct sd_err *err);

/* Waves: the paid orders outside a wave (ids: those whose delivery promise ends first, then
 * the oldest paid without one), a new wave, and what to pick for a wave (SKU, title,
 * quantity, the order numbers). */
int store_wave_candidates(struct store *st, int n, int64_t *ids, int *found,
                          struct sd_err *err);
int store_wave_add(struct store *st, const char *by, int size, int64_t *wave_id,
                   struct sd_err *err);
int store_order_set_wave(struct store *st, int64_t order_id, int64_t wave_id,
                         struct sd_err *err);
struct pick_item {
    char sku[48];
    char title[128];
    int64_t qty;
    char orders[256];
};
/* Up to max items; *n set. */
int store_wave_items(struct store *st, int64_t wave_id, struct pick_item *items, int max,
                     int *n, int64_t *created_at, struct sd_err *err);

/* Ship times (shipped_at - paid_at, seconds) of orders shipped in [from, to), into a growing
 * array the caller frees. */
int store_ship_times(struct store *st, int64_t from, int64_t to, int64_t **times, size_t *n,
                     struct sd_err *err);

/* The next number for an order a person or shopdesk makes on this day prefix ("M20261123-" on
 * platform "manual", "G20261123-" on "gift"). */
int64_t store_number_seq(struct store *st, const char *platform, const char *prefix);

/* Build the search index again from the orders (inside a write transaction). */
int store_search_rebuild(struct store *st, struct sd_err *err);

/* Highest order id (0 for none): rows above it were added by this run. */
int64_t store_orders_max_id(struct store *st);
/* Whether the shop has any order of this platform. */
bool store_platform_has_orders(struct store *st, const char *platform);

#endif
