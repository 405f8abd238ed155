#ifndef SHOPDESK_CORE_PROTECT_H
#define SHOPDESK_CORE_PROTECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The arithmetic of price protection and of returned goods, without a database. */

/* A price a SKU sold for (or was set to), when, in which currency. */
struct protect_point {
    int64_t at, price;
    const char *currency;
};

/* The offer for one order line: paid `paid_price` a unit at `paid_at` in `currency`,
 * protected for `days`; the lowest price already offered for the line (offered, when any).
 * Of the points (by time), the lowest in the same currency after the payment and within the
 * days; *amount is what it is below the price still protected (the lower of what was paid and
 * what was offered), times qty. Returns the point, or NULL when nothing is due. */
const struct protect_point *protect_offer(int64_t paid_at, int days, int64_t paid_price,
                                          int64_t qty, const char *currency, bool offered_any,
                                          int64_t offered, const struct protect_point *points,
                                          size_t n, int64_t *protect, int64_t *amount);

#endif
