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
    int tier, recency_days;
    char platform[16], buyer_id[48], name[64], phone[24], tags[48];
};

/* Most recent buyers first, keyset paged like store_orders_page. */
int store_members_page(struct store *st, const struct member_filter *f,
                       const struct member_row *from, bool forward, bool inclusive, int n,
                       struct member_row *out, struct sd_err *err);

#endif
