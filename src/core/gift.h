#ifndef SHOPDESK_CORE_GIFT_H
#define SHOPDESK_CORE_GIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tz.h"

/* Gift rules: reaching a tier (once per member and tier), a birthday (once a year, within N
 * days), the monthly VIP day (once a month from that day, tiers >= X), and goodwill batches
 * for members a filter picks (once per rule). Each creates a zero-price gift order. */
#define GIFT_WHEN_LIST(_)                                                                          \
    _(TIER, "tier_reached")                                                                        \
    _(BIRTHDAY, "birthday")                                                                        \
    _(MONTHLY, "monthly")                                                                          \
    _(GOODWILL, "goodwill")

#define GIFT_WHEN_ENUM(name, key) GIFT_##name,
enum gift_when { GIFT_WHEN_LIST(GIFT_WHEN_ENUM) GIFT_WHEN_COUNT };
#undef GIFT_WHEN_ENUM

struct gift_rule {
    char *name;
    enum gift_when when;
    int tier;        /* tier_reached: the tier; others: the lowest tier that gets it */
    int within_days; /* birthday: how many days ahead */
    int day;         /* monthly: day of the month */
    char *sku, *title;
    int64_t cost;    /* what the gift costs the shop, for the budget */
    /* goodwill: the orders that pick the members */
    char *order_sku, *order_courier, *order_platform;
    int order_status; /* -1: any */
    struct sd_date ordered_from, ordered_to; /* created on these shop days; y == 0: open */
};

struct gift_config {
    struct gift_rule *rules;
    size_t n;
    int64_t budget_per_month; /* -1: no cap */
};

const char *gift_when_key(enum gift_when w);
int gift_when_parse(const char *key); /* -1 when unknown */

/* The period a rule's gift on date counts against ("tier-2", "2026", "2026-11", "once"), or
 * false when the rule does not give on that date (the monthly day not reached; a birthday not
 * within the days ahead). birthday is "MM-DD" or "YYYY-MM-DD" ("" for none). */
bool gift_period(const struct gift_rule *r, struct sd_date date, const char *birthday,
                 char *period, size_t n);

/* A birthday as members hold it: "MM-DD" or "YYYY-MM-DD" (a real day; 02-29 allowed). */
bool birthday_valid(const char *b);

void gift_rule_clear(struct gift_rule *r);
void gift_config_clear(struct gift_config *c);

#endif
