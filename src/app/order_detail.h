#ifndef SHOPDESK_APP_ORDER_DETAIL_H
#define SHOPDESK_APP_ORDER_DETAIL_H

#include <stdint.h>

#include "app/detail.h"
#include "core/status.h"

struct session;

/* An order's detail: status and times, buyer and receiver (phone and address masked unless
 * the person's roles need them), member and tier, lines and amounts, refunds, and the
 * timeline of every change with who made it. */
int order_detail(struct session *s, int64_t order_id, struct detail *d, struct sd_err *err);

#endif
