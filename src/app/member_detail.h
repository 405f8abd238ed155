#ifndef SHOPDESK_APP_MEMBER_DETAIL_H
#define SHOPDESK_APP_MEMBER_DETAIL_H

#include <stdint.h>

#include "app/detail.h"
#include "core/status.h"

struct session;

/* A member's detail: who, contact (masked unless the roles need it), R/F/M and tier, and
 * their recent orders. */
int member_detail(struct session *s, int64_t member_id, struct detail *d, struct sd_err *err);

#endif
