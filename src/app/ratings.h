#ifndef SHOPDESK_APP_RATINGS_H
#define SHOPDESK_APP_RATINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/ratings.h"

struct session;

struct ratings_result {
    int64_t imported, updated, unchanged;
    int64_t unmatched; /* ratings of orders not in the shop (kept all the same) */
};

/* Import customer ratings from a CSV (Taobao-shaped with Chinese headers, Shopify-shaped, or
 * generic: order number, rating 1-5, comment, time; an optional platform column). All or
 * nothing: a bad row is FILE:LINE: reason and nothing is kept. Re-importing updates what
 * changed. Needs the ratings permission. */
int ratings_import(struct session *s, const char *path, const char *encoding, bool dry_run,
                   struct ratings_result *out, struct sd_err *err);

/* Reply to a rating, or mark it handled, recorded with who and when (audited). ref is the
 * order number, or PLATFORM:NUMBER. */
int ratings_reply(struct session *s, const char *ref, const char *text, struct sd_err *err);
int ratings_handle(struct session *s, const char *ref, struct sd_err *err);

/* The ratings left to answer (no reply, not marked handled), lowest and oldest first; at most
 * n, *total how many there are. Returns how many were read, or -1 with err. Needs the
 * ratings permission. */
int ratings_to_answer(struct session *s, struct rating *out, int n, int64_t *total,
                      struct sd_err *err);

#endif
