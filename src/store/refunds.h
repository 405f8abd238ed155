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
/* advance: per tier (TIER_MAX entries, or NULL), seconds the queue moves that tier's refunds
 * up, as if they had been ready that much earlier (the tier's priority benefit). */
int store_refunds_page(struct store *st, enum refund_view view, const int64_t *advance,
                       const struct refund_row *from, bool forward, bool inclusive, int n,
                       struct refund_row *out, struct sd_err *err);

/* Refunds ready to pay, and of those, ready before deadline_before (overdue). */
int store_refund_queue_counts(struct store *st, int64_t deadline_before, int *waiting,
                              int *overdue, struct sd_err *err);

/* A member's requests, newest first (at most n). */
int store_refunds_of_member(struct store *st, int64_t member_id, struct refund_row *out, int n,
                            struct sd_err *err);

/* The requests of an order, oldest first (at most n). */
int store_refunds_of_order(struct store *st, int64_t order_id, struct refund_row *out, int n,
                           struct sd_err *err);

/* A line of a request: which order line and how much of it. */
struct refund_line {
    int64_t line_id;
    int64_t qty, amount;
    char sku[48];
    char title[128];
};

/* Inside a write transaction. Insert sets r->id. */
int store_refund_insert(struct store *st, struct refund *r, const struct refund_line *lines,
                        size_t n, struct sd_err *err);
/* Write the workflow fields of r (status, review, receipt, readiness, payment, replacement). */
int store_refund_update(struct store *st, const struct refund *r, struct sd_err *err);
int store_refund_lines(struct store *st, int64_t refund_id, struct refund_line **lines,
                       size_t *n, struct sd_err *err);

/* Money out. Append-only; the database refuses a second payment of a request and any payment
 * past what the order (or a line, or its shipping) took in. */
struct payment {
    int64_t id, order_id, refund_id;
    bool reversal;
    int64_t amount, goods_amount, shipping_amount;
    char method[64];
    char reference[96];
    int64_t at;
    char by[64];
    bool late;
    int64_t reverses;
    bool via_platform; /* paid through the platform's own refund: the same money as the
                        * platform's refunded figure on the order, never added to it */
};

int store_payment_add(struct store *st, struct payment *p, struct sd_err *err);
/* The payment of a request (SD_NOT_FOUND if unpaid); *reversed tells whether it was reversed. */
int store_payment_of_refund(struct store *st, int64_t refund_id, struct payment *p,
                            bool *reversed, struct sd_err *err);

/* What has gone back to the buyer for an order: net payments (refunds minus reversals), of
 * which shipping; and what open requests still ask for. */
struct order_refunds {
    int64_t paid_out, shipping_out, open_asked;
    int open_requests;
    int64_t first_open; /* an open request's id, for the duplicate flag */
};
int store_order_refunds(struct store *st, int64_t order_id, struct order_refunds *out,
                        struct sd_err *err);
/* Quantity of an order line already asked for by open or paid requests. */
int64_t store_line_refunded_qty(struct store *st, int64_t line_id);

/* Risk facts from the shop's own data. */
struct risk_facts {
    int64_t orders;          /* the member's paid orders */
    int64_t refunded_orders; /* of those, with a request that was not rejected or withdrawn */
    int64_t empty_claims;    /* requests for an empty parcel, or parcels received empty */
    int64_t shared_phone;    /* other members with the same phone */
    int64_t shared_address;  /* other members who shipped to the same address */
};
int store_risk_facts(struct store *st, int64_t member_id, const char *phone, const char *address,
                     struct risk_facts *out, struct sd_err *err);

/* Requests a scanned code may mean: the return tracking number, the order number or the
 * order's outbound tracking number. Newest first, at most max. */
int store_refunds_for_code(struct store *st, const char *code, int64_t *ids, int max, int *n,
                           struct sd_err *err);

#endif
