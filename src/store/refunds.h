#ifndef SHOPDESK_STORE_REFUNDS_H
#define SHOPDESK_STORE_REFUNDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/refund.h"
#include "core/status.h"

struct store;

/* A refund request as stored. Strings are owned; refund_clear() frees them. */
struct refund {
    int64_t id, order_id;
    enum refund_kind kind;
    enum refund_status status;
    int64_t amount, shipping_amount;
    char *reason, *note;
    int64_t requested_at;
    char *requested_by;
    int64_t reviewed_at;
    char *reviewed_by, *review_note, *auto_rule;
    bool needs_owner;
    int64_t duplicate_of;
    char *return_tracking;
    int64_t received_at;
    char *received_by;
    int condition;
    int64_t ready_at, paid_at;
    char *paid_by;
    int64_t replacement_order_id, updated_at;
};

void refund_clear(struct refund *r);
int store_refund_get(struct store *st, int64_t id, struct refund *r, struct sd_err *err);

/* A row of the refunds list and queue. */
struct refund_row {
    int64_t id, order_id, amount, shipping_amount, requested_at, ready_at, paid_at;
    enum refund_kind kind;
    enum refund_status status;
    int tier;
    bool needs_owner;
    char number[48];
    char buyer[64];
    char reason[64];
    char currency[4];
};

enum refund_view {
    REFUNDS_ALL,     /* every request, newest first */
    REFUNDS_QUEUE,   /* ready to pay: oldest deadline first, then higher tier */
    REFUNDS_REVIEW,  /* waiting for review */
    REFUNDS_RETURNS, /* approved, waiting for the parcel */
};

/* Keyset paged like store_orders_page. The queue's order is (ready_at, -tier, id). */
int store_refunds_page(struct store *st, enum refund_view view, const struct refund_row *from,
                       bool forward, bool inclusive, int n, struct refund_row *out,
                       struct sd_err *err);

/* Refunds ready to pay, and of those, ready before deadline_before (overdue). */
int store_refund_queue_counts(struct store *st, int64_t deadline_before, int *waiting,
                              int *overdue, struct sd_err *err);

/* The requests of an order, oldest first (at most n). */
int store_refunds_of_order(struct store *st, int64_t order_id, struct refund_row *out, int n,
                           struct sd_err *err);

#endif
