#ifndef SHOPDESK_STORE_DAYBOOK_H
#define SHOPDESK_STORE_DAYBOOK_H

#include <stdint.h>

#include "core/status.h"

struct store;

/* Plain figures of one shop day [start, end): what the review builds on. */
struct day_figures {
    int64_t orders;          /* created that day */
    int64_t paid_orders;     /* paid that day */
    int64_t revenue;         /* paid that day, minor units */
    int64_t shipped;         /* shipped that day */
    int64_t shipped_30min;   /* of those, within 30 minutes of payment */
    int64_t refunds_requested;
    int64_t refunds_paid;
    int64_t refunded;        /* money paid out that day */
};

int store_day_figures(struct store *st, int64_t start, int64_t end, struct day_figures *out,
                      struct sd_err *err);

#endif
