#ifndef SHOPDESK_CORE_ORDER_H
#define SHOPDESK_CORE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The order pipeline: pending → paid → picked → packed → shipped → delivered, or cancelled.
 * Text names are what the database and JSON hold. */
#define ORDER_STATUS_LIST(_)                                                                       \
    _(PENDING, "pending", N_("pending"))                                                           \
    _(PAID, "paid", N_("paid"))                                                                    \
    _(PICKED, "picked", N_("picked"))                                                              \
    _(PACKED, "packed", N_("packed"))                                                              \
    _(SHIPPED, "shipped", N_("shipped"))                                                           \
    _(DELIVERED, "delivered", N_("delivered"))                                                     \
    _(CANCELLED, "cancelled", N_("cancelled"))

#define ORDER_STATUS_ENUM(name, key, label) ORDER_##name,
enum order_status { ORDER_STATUS_LIST(ORDER_STATUS_ENUM) ORDER_STATUS_COUNT };
#undef ORDER_STATUS_ENUM

const char *order_status_key(enum order_status s);
const char *order_status_label(enum order_status s); /* translated */
/* -1 when unknown. */
int order_status_parse(const char *key);

/* A phone number as people write one: 5 to 20 digits, with blanks, +, -, ( ) or . between. */
bool phone_valid(const char *s);

/* An order.  Strings are owned; order_clear() frees them. Instants are UTC seconds
 * (0: not yet); money is minor units. */
struct order {
    int64_t id;
    char *platform, *number;
    enum order_status status;
    int64_t member_id;
    char *buyer, *receiver, *phone, *address, *currency;
    int64_t goods, shipping, total, platform_refunded;
    /* kept by the database: what the shop paid back (payments, net of reversals), of which
     * through the platform (the same money as platform_refunded), and what left the shop in
     * all, counted once; read only */
    int64_t shop_refunded, shop_via_platform, refunded;
    int64_t created_at, paid_at, picked_at, packed_at, shipped_at, delivered_at, cancelled_at;
    char *cancel_reason, *courier, *tracking;
    int64_t wave_id;
    bool gift;
    char *note;
    int64_t updated_at;
    int64_t promise_by; /* to be shipped by then (0: no promise) */
};

struct order_line {
    int64_t id;
    int line_no;
    char *sku, *title;
    int64_t qty, price, total;
};

void order_clear(struct order *o);
void order_lines_free(struct order_line *lines, size_t n);

/* Copy in into a fresh order (strings duplicated). */
void order_copy(struct order *dst, const struct order *src);

/* Fields an import changed on an order that already existed. */
enum order_change {
    CH_STATUS = 1 << 0,
    CH_PAID_AT = 1 << 1,
    CH_SHIPPED_AT = 1 << 2,
    CH_DELIVERED_AT = 1 << 3,
    CH_CANCELLED = 1 << 4,
    CH_COURIER = 1 << 5,
    CH_TRACKING = 1 << 6,
    CH_REFUNDED = 1 << 7,
    CH_RECEIVER = 1 << 8,
    CH_AMOUNTS = 1 << 9,
};

/* Merge what a platform export says (in) into the order we hold (have), into out (a copy
 * of have with the changes). An import moves an order forward along the pipeline, never
 * back (the shop may have picked or shipped it since the export), and never erases what
 * staff recorded. Amounts change only while the order is unpaid. Returns the CH_* mask. */
unsigned order_merge_import(const struct order *have, const struct order *in, struct order *out);

/* Whether a person may move an order from one status to another by hand (import may set
 * any status the platform reports). Cancelling is allowed until shipped. */
bool order_can_move(enum order_status from, enum order_status to);

/* Ship-time bands (minutes, from paid to shipped), as platforms score dispatch. */
#define SHIP_BANDS 4
struct ship_bands {
    int limit[SHIP_BANDS - 1]; /* upper bounds of the first three bands: 30, 180, 360 */
};
/* Band index 0..3 for a ship time in seconds. */
int ship_band(const struct ship_bands *b, int64_t seconds);

#endif
