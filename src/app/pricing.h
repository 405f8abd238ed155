#ifndef SHOPDESK_APP_PRICING_H
#define SHOPDESK_APP_PRICING_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/pricing.h"

struct session;
struct strbuf;

/* Price protection (会员保价). A member whose tier has benefits.price_protection_days bought a
 * SKU; when the same SKU sells for less (another paid order, or a price the owner sets)
 * within that many days of their payment, the difference per unit is offered back: once per
 * order line and lower price (a later, lower one offers only the difference beyond the
 * last), as a refund request that the refunds team pays. */

/* An owner's price for a SKU from now on (the shop's currency); audited. */
int prices_set(struct session *s, const char *sku, int64_t price, struct sd_err *err);

/* What protection would offer now, not yet offered: by SKU, then payment time. Owners. */
struct protect_offer {
    struct price_offer o;
    int64_t member_id;
    int tier;
    char sku[48];
    char number[64];
    char currency[4];
};
int protect_preview(struct session *s, struct protect_offer **out, size_t *n,
                    struct sd_err *err);

/* Make the offers: each a refund request (reason price_protection, money only) with its
 * offer row in one transaction, approved by the one making them unless a rule did; one that
 * cannot be made (the order refunded meanwhile, more than is left) is skipped with a line in
 * why. Running again makes nothing twice. */
int protect_make(struct session *s, const struct protect_offer *v, size_t n, int *made,
                 struct strbuf *why, struct sd_err *err);

#endif
