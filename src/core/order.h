#ifndef SHOPDESK_CORE_ORDER_H
#define SHOPDESK_CORE_ORDER_H

#include <stdbool.h>
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
