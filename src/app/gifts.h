#ifndef SHOPDESK_APP_GIFTS_H
#define SHOPDESK_APP_GIFTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "core/tz.h"

struct session;

/* Why a gift could not be made. */
#define GIFT_FAIL_LIST(_)                                                                          \
    _(NONE, "", "")                                                                                \
    _(STOCK, "stock", N_("no stock of the gift"))                                                  \
    _(UNSTOCKED, "unstocked", N_("the gift SKU was never stocked (shopdesk gifts stock SKU N)"))  \
    _(BUDGET, "budget", N_("this month's gift budget is spent"))                                   \
    _(ADDRESS, "address", N_("no order with an address to send it to"))

#define GIFT_FAIL_ENUM(name, key, text) GIFT_FAIL_##name,
enum gift_fail { GIFT_FAIL_LIST(GIFT_FAIL_ENUM) GIFT_FAIL_COUNT };
#undef GIFT_FAIL_ENUM

const char *gift_fail_key(enum gift_fail f);
const char *gift_fail_text(enum gift_fail f); /* translated */

/* One gift made (or that would be, or could not be). */
struct gift_outcome {
    char rule[64];
    int64_t member_id;
    char member[64]; /* name, or buyer id */
    int tier;
    char period[16];
    char sku[48];
    int64_t cost;
    char order_number[48]; /* made: the gift order */
    enum gift_fail fail;
};

struct gift_report {
    int64_t made, failed, cost;
    int64_t budget_left; /* -1: no cap */
    int64_t ms;
};

/* Each gift made, or that would be (a dry run: no order number), or could not be. */
typedef void (*gift_cb)(const struct gift_outcome *g, void *ctx);

/* What could not be made, by rule and reason, with the first members: a summary that stays
 * small however many members a rule could not reach. */
#define GIFT_GROUP_IDS 8
struct gift_group {
    char rule[64], sku[48];
    enum gift_fail fail;
    int64_t count;
    int64_t ids[GIFT_GROUP_IDS];
};
struct gift_groups {
    struct gift_group *v;
    size_t n;
};
void gift_groups_add(struct gift_groups *gg, const struct gift_outcome *g);
void gift_groups_free(struct gift_groups *gg);

/* Run every gift rule for a shop day (its month's budget is what the gifts made for days of
 * that month cost): a zero-price gift order (platform "gift", paid, flagged
 * as a gift) for each member a rule gives to and who does not have that gift for the period
 * yet. Stock and the monthly budget are checked gift by gift; what could not be made is in
 * the report with the reason (and recorded in gift_failures). cb sees each outcome as it
 * comes (before the commit). All in one transaction; a dry
 * run rolls it back and reports what would happen. Running again the same day makes nothing
 * new. */
int gifts_run(struct session *s, struct sd_date date, bool dry_run, gift_cb cb, void *ctx,
              struct gift_report *out, struct sd_err *err);

/* Set how many of a gift SKU are on the shelf. */
int gifts_stock_set(struct session *s, const char *sku, int64_t qty, struct sd_err *err);

#endif
