#ifndef SHOPDESK_STORE_MEMBERS_H
#define SHOPDESK_STORE_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* A member (a buyer known from orders). Strings are owned; member_clear() frees them. */
struct member {
    int64_t id;
    char *platform, *buyer_id, *name, *phone, *birthday, *tags, *notes;
    int tier;
    int64_t tier_since, below_since;
    int recency_days; /* -1: no paid order */
    int64_t frequency, monetary, last_order_at, merged_into, created_at;
};

void member_clear(struct member *m);

int store_member_get(struct store *st, int64_t id, struct member *m, struct sd_err *err);
int store_member_find(struct store *st, const char *platform, const char *buyer_id,
                      struct member *m, struct sd_err *err);
/* Find the member for (platform, buyer_id) or create one; fills in a missing name or phone.
 * Inside a write transaction. *created tells which. */
int store_member_match(struct store *st, const char *platform, const char *buyer_id,
                       const char *name, const char *phone, int64_t *id, bool *created,
                       struct sd_err *err);

struct member_filter {
    int tier;           /* -1: any */
    const char *search; /* name, phone or buyer id */
    const char *tag;
};

struct member_row {
    int64_t id, frequency, monetary, last_order_at;
    int tier, recency_days, gifts;
    char platform[16], buyer_id[48], name[64], phone[24], tags[48];
};

/* Most recent buyers first, keyset paged like store_orders_page. */
int store_members_page(struct store *st, const struct member_filter *f,
                       const struct member_row *from, bool forward, bool inclusive, int n,
                       struct member_row *out, struct sd_err *err);

/* Members (not merged away) with this buyer id on any platform: up to max ids, *found set. */
int store_members_by_buyer(struct store *st, const char *buyer_id, int64_t *ids, int max,
                           int *found, struct sd_err *err);

/* What a person may change by hand: name, phone, birthday ("MM-DD" or "YYYY-MM-DD", checked
 * by the caller), tags, notes. Inside a write transaction. */
int store_member_edit(struct store *st, const struct member *m, struct sd_err *err);

/* Merge from into into: from's orders and gifts move over (a gift into already has for the
 * same rule and period stays with from), empty name, phone and birthday are filled, tags
 * joined; from is kept, marked merged_into, and its buyer id matches into from then on.
 * Inside a write transaction. */
int store_member_merge(struct store *st, int64_t from, int64_t into, struct sd_err *err);

/* Other members (not merged away) with the same phone as member id: up to n, *found set. */
int store_members_same_phone(struct store *st, int64_t id, struct member_row *out, int n,
                             int *found, struct sd_err *err);

/* RFM from orders, for the members not merged away with ids in [lo, hi), in id order (a
 * recompute goes through the members a range at a time, so memory stays small).
 * F and M count paid, not cancelled, non-gift orders paid in [window_from, until]; M is what
 * they paid less what went back to them (orders.refunded, kept by triggers: the platform's
 * refunds and shopdesk's counted once), in the shop's currency. R is counted from last_paid (the latest paid order up to until). The stored values
 * come along so the caller writes only what changed. One pass over a covering index: no
 * query per member. exact reads every paid order for last_paid; otherwise only the window's
 * are read and a member without one keeps the stored last order (kept exact by the
 * per-member recomputes that follow every change to a member's orders). */
struct rfm_member {
    int64_t id;
    int tier;
    int64_t tier_since, below_since;
    int64_t last_order_at, frequency, monetary; /* stored */
    int64_t last_paid, paid_count, paid_net;    /* from the orders */
};
typedef int (*rfm_cb)(void *ctx, const struct rfm_member *m);
/* M is in the shop's currency (home): orders in another count at the given rate (shop
 * currency units per unit, in millionths), and not at all without one. */
struct rfm_rate {
    const struct currency *cur;
    int64_t micro;
};
struct rfm_money {
    const struct currency *home;
    const struct rfm_rate *rates;
    size_t nrates;
};
int store_rfm_scan(struct store *st, int64_t window_from, int64_t until, int64_t lo,
                   int64_t hi, bool exact, const struct rfm_money *money, rfm_cb cb, void *ctx,
                   struct sd_err *err);
/* What a member paid, less refunds, in [from, until], per currency (largest first): up to n
 * into codes/amounts; returns how many. For the member's detail. */
int store_member_spent(struct store *st, int64_t member_id, int64_t from, int64_t until,
                       char codes[][4], int64_t *amounts, int n, struct sd_err *err);
/* The highest member id (0 for none). */
int64_t store_members_max_id(struct store *st);

/* Store a member's recomputed RFM and tier. Inside a write transaction. */
int store_member_save_rfm(struct store *st, const struct rfm_member *m, struct sd_err *err);

/* Tier history: a change with its reason. */
struct tier_change {
    int64_t member_id, at;
    int from, to;
    char reason[256];
};
int store_tier_history_add(struct store *st, const struct tier_change *c, struct sd_err *err);
/* A member's changes, newest first: up to n, *found set. */
int store_tier_history(struct store *st, int64_t member_id, struct tier_change *out, int n,
                       int *found, struct sd_err *err);
/* Members per tier (counts[0..n-1]), not merged away. */
int store_members_per_tier(struct store *st, int64_t *counts, int n, struct sd_err *err);

/* Where a gift for this member goes: the receiver, phone and address of their latest paid
 * order that has an address (an unpaid one when none was paid). SD_NOT_FOUND when none has. Strings are the caller's. */
int store_member_address(struct store *st, int64_t member_id, char **receiver, char **phone,
                         char **address, struct sd_err *err);

#endif
