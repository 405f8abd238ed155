#ifndef SHOPDESK_APP_MEMBER_OPS_H
#define SHOPDESK_APP_MEMBER_OPS_H

#include <stdint.h>

#include "core/status.h"

struct session;

/* A member named on the command line: "12" or "#12" (the id), "PLATFORM:BUYER" or a buyer
 * id on one platform. A member merged into another resolves to that one. */
int member_resolve(struct session *s, const char *ref, int64_t *id, struct sd_err *err);

/* A hand edit: NULL fields stay as they are. Birthday is "MM-DD", "YYYY-MM-DD" or "" (none);
 * tags are a comma list (Chinese commas too). Audited with what changed. */
struct member_edit {
    const char *name, *phone, *birthday, *tags, *notes;
};
int member_edit(struct session *s, int64_t id, const struct member_edit *e, struct sd_err *err);

/* Merge member from into member into (shopdesk never merges on its own: a shared phone is
 * only shown). Orders, gifts and the buyer id go over; RFM and tier are recomputed. */
int member_merge(struct session *s, int64_t from, int64_t into, struct sd_err *err);

/* A tier given as its number or its name (any case); -1 when the shop has no such tier. */
int member_tier_parse(const struct session *s, const char *arg);

/* A tier's name ("Gold"), or its number when the shop has no such tier. */
const char *member_tier_name(const struct session *s, int tier, char buf[16]);

#endif
