#ifndef SHOPDESK_CORE_TIER_H
#define SHOPDESK_CORE_TIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/money.h"

/* Member tiers from recency, frequency and money (RFM). Tier 0 is everyone; each higher tier
 * has an entry rule, a (gentler) keep rule, and benefits. A member below their tier's keep
 * rule keeps the tier for the grace period, then moves down. */

#define TIER_MAX 10

struct rfm {
    int recency_days;  /* days since the last paid order; -1: none */
    int64_t frequency; /* paid orders in the window */
    int64_t monetary;  /* paid minus refunded in the window, minor units */
};

/* A rule: every given bound must hold; -1 means not asked. */
struct tier_rule {
    int64_t min_frequency;
    int64_t min_monetary;
    int max_recency_days;
};

struct tier_benefits {
    int queue_priority_minutes; /* the refund queue treats their refunds as ready this early */
    int64_t auto_approve_up_to; /* refunds up to this are approved when asked (0: none) */
    int64_t shipping_rebate;    /* taken off the shipping of orders entered by hand */
    int return_window_days;     /* their own return window (0: the shop's) */
    int price_protection_days;  /* a lower price this soon after their payment is theirs too */
};

struct tier_def {
    char *name;
    struct tier_rule enter, keep;
    struct tier_benefits benefits;
};

struct tier_config {
    struct tier_def tiers[TIER_MAX];
    int n;
    int window_days;
    int grace_days;
};

struct tier_decision {
    int tier;
    int64_t below_since; /* when the keep rule stopped holding (0: it holds) */
    bool changed;
    char reason[256];
};

bool tier_rule_holds(const struct tier_rule *r, const struct rfm *m);

/* Decide a member's tier from their RFM, the tier they have, and when they fell below its
 * keep rule. Reasons read like "F 6 ≥ 5 and M ¥3,200.00 ≥ ¥3,000.00". */
void tier_decide(const struct tier_config *c, const struct currency *cur, const struct rfm *m,
                 int current, int64_t below_since, int64_t now, struct tier_decision *out);

/* The rule as text: "F ≥ 5, M ≥ ¥3,000.00, R ≤ 90". */
void tier_rule_text(const struct tier_rule *r, const struct currency *cur, char *buf, size_t n);

/* Days since an instant, in shop days (0 today); -1 for none. */
int recency_days(int64_t last, int64_t now);

/* The same for many instants against one "now": the starts of the last shop days, looked up
 * by binary search instead of a time zone conversion each (a recompute asks 200,000 times). */
struct recency_table {
    int64_t *starts; /* starts[k]: the start of the shop day k days before now's */
    int n;
    int64_t now;
};
void recency_table_init(struct recency_table *t, int64_t now);
int recency_lookup(const struct recency_table *t, int64_t last);
void recency_table_free(struct recency_table *t);

void tier_config_clear(struct tier_config *c);
void tier_config_copy(struct tier_config *dst, const struct tier_config *src);

#endif
