#ifndef SHOPDESK_APP_GEN_H
#define SHOPDESK_APP_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/rng.h"

/* Shop-like random data with a fixed seed, shared by the demo shop, the tests and the
 * benchmark: names (60% Chinese, 2-3 characters), phones, couriers and tracking numbers,
 * items with Chinese and English titles, and shop-like delays. */

struct gen_item {
    const char *sku;
    const char *title;
    int64_t price; /* minor units */
};

struct gen_courier {
    const char *name;
    const char *prefix; /* tracking number prefix */
    int digits;
};

void gen_name(struct rng *r, char *buf, size_t n, bool *chinese);
void gen_phone(struct rng *r, char *buf, size_t n);
void gen_address(struct rng *r, char *buf, size_t n);
const struct gen_item *gen_item(struct rng *r);
size_t gen_item_count(void);
const struct gen_item *gen_item_at(size_t i);
const struct gen_courier *gen_courier(struct rng *r);
void gen_tracking(struct rng *r, const struct gen_courier *c, char *buf, size_t n);
/* A buyer id as the platform shows it: a Taobao nickname or a Shopify email. */
void gen_buyer_id(struct rng *r, const char *platform, int64_t member_no, char *buf, size_t n);
/* Paid → shipped delay in seconds: 40% within 30 min, 30% within 3 h, 20% within 6 h,
 * 10% later. */
int64_t gen_ship_delay(struct rng *r);

#endif
