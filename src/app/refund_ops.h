#ifndef SHOPDESK_APP_REFUND_OPS_H
#define SHOPDESK_APP_REFUND_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/detail.h"
#include "core/refund.h"
#include "core/status.h"
#include "core/tier.h"
#include "store/refunds.h"
#include "util/strbuf.h"

struct session;

/* The 5-minute refund workflow. Every step is one BEGIN IMMEDIATE transaction that reads the
 * request again inside it, checks the step, the person's roles and the money, writes, and
 * audits; the database's triggers refuse anything that would pay twice or pay out more than
 * the order took in, whatever the C code believes. */

struct refund_request_line {
    const char *sku;
    int64_t qty;
};

struct refund_request {
    int64_t order_id;
    enum refund_kind kind;
    int64_t amount;   /* goods; ignored when lines are given */
    int64_t shipping; /* shipping refunded */
    const struct refund_request_line *lines;
    size_t nlines;
    enum refund_reason reason;
    const char *note;
    const char *return_tracking;
    /* also written in the request's own transaction, given its id (price protection's offer:
     * made once, with its request, or not at all); NULL: nothing */
    int (*also)(struct session *s, int64_t refund_id, void *ctx, struct sd_err *err);
    void *also_ctx;
};

struct refund_outcome {
    int64_t id;
    enum refund_status status;
    char auto_rule[96];   /* the rule that approved it, or "" */
    int64_t duplicate_of; /* another open request on the order */
    bool needs_owner;     /* above the agent's ceiling */
    struct strbuf flags;  /* risk flags, one per line (caller frees) */
};

int refund_request(struct session *s, const struct refund_request *q, struct refund_outcome *out,
                   struct sd_err *err);
int refund_approve(struct session *s, int64_t id, const char *note, struct sd_err *err);
int refund_reject(struct session *s, int64_t id, const char *note, struct sd_err *err);
int refund_withdraw(struct session *s, int64_t id, const char *note, struct sd_err *err);

/* A scanned code (return tracking, order number or outbound tracking) with the parcel's
 * condition (1-4). On a hit *id is the request received, and what came back is in the stock
 * as its grade says: 1 open-box, 2 defective, 3 came_back (the SKU that actually came back,
 * required) as open-box, 4 nothing. A miss, a repeat, or a request that is not approved
 * returns SD_NOT_FOUND or SD_CONFLICT with a loud one-line reason and changes nothing. */
int refund_receive(struct session *s, const char *code, int condition, const char *came_back,
                   int64_t *id, struct sd_err *err);
/* What a code would receive, without receiving: for the scan screen to ask the condition. */
int refund_receivable(struct session *s, const char *code, int64_t *id, struct sd_err *err);

/* Whether step may be taken on request id now, by this person (role, the request's state,
 * already paid, separation of duties, the agents' ceiling), without changing anything: what
 * a screen asks before its first question. The step itself checks all again. */
int refund_check(struct session *s, int64_t id, enum refund_step step, struct sd_err *err);

/* What a returned parcel should hold, to check it against before grading it: the order, the
 * lines asked back ("TS-001 Tee ×2; ..." or "" for money only), the reason as a person reads
 * it and the buyer's own words. */
struct parcel_facts {
    char order[64];
    char lines[256];
    char reason[96];
    char claim[256];
};
int refund_parcel(struct session *s, int64_t id, struct parcel_facts *out, struct sd_err *err);

/* Pay a ready request: amount 0 pays what was asked. Paying twice reports "already paid at
 * TIME by WHO". With separation of duties the approver cannot pay. A late payment is paid
 * and marked late. */
int refund_pay(struct session *s, int64_t id, int64_t amount, const char *method,
               const char *reference, struct payment *out, struct sd_err *err);
/* An exchange whose parcel came back: the replacement order, at no charge. */
int refund_exchange(struct session *s, int64_t id, int64_t *replacement, struct sd_err *err);
/* Owners only: a reversing payment (the refund stays paid; the money comes back). */
int refund_reverse(struct session *s, int64_t id, const char *note, struct sd_err *err);

/* Risk flags for a request, computed from the shop's own data; one per line into out. */
int refund_risk(struct session *s, int64_t order_id, enum refund_reason reason,
                enum refund_kind kind, struct strbuf *out, int *refund_rate, struct sd_err *err);

/* The request's deadline (ready + the SLA) and seconds left (negative: overdue). */
int64_t refund_deadline(const struct session *s, int64_t ready_at);

int refund_detail(struct session *s, int64_t id, struct detail *d, struct sd_err *err);

/* The currency an order's amounts are in (the shop's when the order or its currency is
 * unknown), and a request's (its order's): amounts typed for them are read in it. */
struct currency;
const struct currency *order_currency(struct session *s, int64_t order_id);
const struct currency *refund_currency(struct session *s, int64_t refund_id);

/* A request id from "12" or "#12". */
bool refund_id_parse(const char *text, int64_t *id);

/* How far each tier's refunds move up the queue (seconds; the tiers' refund_priority_minutes),
 * for store_refunds_page. */
void refund_queue_advance(const struct session *s, int64_t adv[TIER_MAX]);

#endif
