#ifndef SHOPDESK_APP_TIMELINE_H
#define SHOPDESK_APP_TIMELINE_H

#include <stdint.h>

#include "app/detail.h"
#include "core/status.h"

struct session;

/* The audit rows of an order (its own changes and those of its refunds) as timeline lines:
 * "11-23 10:05  li.na  shipped (顺丰速运 SF1234567890)". */
int timeline_add(struct session *s, int64_t order_id, struct detail *d, struct sd_err *err);

/* A person-readable label for an audit action key ("order.ship" → "shipped"). */
const char *timeline_action_label(const char *action);

#endif
