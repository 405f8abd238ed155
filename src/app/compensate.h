#ifndef SHOPDESK_APP_COMPENSATE_H
#define SHOPDESK_APP_COMPENSATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/compensation.h"
#include "store/orders.h"

struct session;
struct currency;

/* Compensation batches: "every V3 member's order in May under-credited by 0.50". A batch is
 * in one currency: it selects only the orders in it, and pays each the same amount in it. */
struct comp_request {
    struct order_filter filter;
    const char *filter_text; /* how the filter reads, for the record */
    int64_t amount;          /* per order */
    const char *reason;
    const char *key;         /* the batch's name; NULL: one made from filter, amount, reason */
    const struct currency *currency; /* the amount's, and so the orders'; NULL: the shop's */
};

/* How many orders, what total; and whether the batch was already made (then *done holds it). */
int compensation_preview(struct session *s, const struct comp_request *q, int64_t *orders,
                         int64_t *total, bool *already, struct comp_batch *done,
                         struct sd_err *err);
/* Create the batch: all its compensations in one transaction, each on its order's timeline.
 * Running the same batch again adds nothing (*already is set). */
int compensation_run(struct session *s, const struct comp_request *q, struct comp_batch *out,
                     bool *already, struct sd_err *err);

#endif
