#ifndef SHOPDESK_STORE_GIFTS_H
#define SHOPDESK_STORE_GIFTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;
struct order_filter;

/* Gift stock: how many of a gift SKU are on the shelf as new (the shop's one stock,
 * store/stock.h). *known is false for a SKU never stocked. */
int store_gift_stock(struct store *st, const char *sku, int64_t *qty, bool *known,
                     struct sd_err *err);
struct gift_stock_row {
    char sku[48];
    int64_t qty;
};
/* Every stocked SKU with its new count, by SKU: up to n, *found set. */
int store_gift_stock_list(struct store *st, struct gift_stock_row *out, int n, int *found,
                          struct sd_err *err);

/* What the gifts made for the run days of a month cost (month: "YYYY-MM"). */
int store_gift_spent(struct store *st, const char *month, int64_t *cost, struct sd_err *err);

/* The members with ids in [lo, hi) a rule may give to, by id: not merged away, tier >= min_tier, and (goodwill)
 * the buyer of an order the filter selects. With birthday = true only members with a
 * birthday come, and had0/had1 tell whether they already have the gift for period0/period1;
 * otherwise members who already have it for period0 are left out. One query per rule. */
struct gift_candidate {
    int64_t member_id;
    int tier;
    char name[64];  /* the member's name, or the buyer id */
    char birthday[16];
    bool had0, had1;
};
int store_gift_candidates(struct store *st, const char *rule, int min_tier, bool birthday,
                          const char *period0, const char *period1,
                          const struct order_filter *goodwill, int64_t lo, int64_t hi,
                          struct gift_candidate **out, size_t *n, struct sd_err *err);

/* Record a gift (inside the write transaction that made its order). SD_CONFLICT when the
 * member already has this rule's gift for the period. */
struct gift {
    int64_t id, member_id, order_id, cost, created_at;
    char rule[64], period[16], run_date[11], order_number[48], member_name[64], sku[48];
};
int store_gift_add(struct store *st, struct gift *g, struct sd_err *err);

/* The stock movements of gifts lo..hi (ids, one rule's, made in this transaction): one
 * new unit of sku out for each, in one statement, so that the stock row is counted once
 * (on a server, a row updated once a gift leaves a version a gift). SD_REFUSED when the
 * new stock would go below 0. */
int store_gift_stock_moves(struct store *st, int64_t lo, int64_t hi, const char *sku,
                           const char *reason, const char *login, int64_t at, struct sd_err *err);

/* A member's gifts, newest first (member_id 0: every member's), created in [from, to) when
 * to != 0: up to n, *found set. */
int store_gifts_list(struct store *st, int64_t member_id, int64_t from, int64_t to,
                     struct gift *out, int n, int *found, struct sd_err *err);

/* The gifts a run date could not make: rule, member and why, by rule and member; up to n,
 * *found set. */
struct gift_failure_row {
    char rule[64];
    int64_t member_id;
    char member[64];
    char reason[160];
};
int store_gift_failures_of(struct store *st, const char *run_date, struct gift_failure_row *out,
                           int n, int *found, struct sd_err *err);

/* Gifts that could not be made, for the record: one row per run date, rule and member. */
int store_gift_failure_add(struct store *st, const char *run_date, const char *rule,
                           int64_t member_id, const char *reason, struct sd_err *err);

#endif
