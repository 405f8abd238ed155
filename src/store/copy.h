#ifndef SHOPDESK_STORE_COPY_H
#define SHOPDESK_STORE_COPY_H

#include <stdint.h>

#include "core/status.h"

struct store;

struct copy_report {
    int64_t total;      /* rows in the old shop */
    int64_t rows;       /* rows copied */
    int64_t audit_rows; /* audit rows whose chain was verified in the new database */
    int sums_checked;   /* sums of money compared */
};

/* Copy every row of the shop in from into to, an empty shop on PostgreSQL (just opened, its
 * schema made), in one write transaction of to, then compare: each table's rows, the sums of
 * money, the audit chain walked and its head. Anything that differs, or a stop asked by the
 * store's cancel callback, leaves to as it was. tick(arg, rows, total) now and then.
 * SD_CONFLICT when to already holds a shop; SD_USAGE when to is not on PostgreSQL. */
int store_copy_shop(struct store *from, struct store *to, struct copy_report *rep,
                    void (*tick)(void *, int64_t, int64_t), void *arg, struct sd_err *err);

#endif
