#ifndef SHOPDESK_STORE_RATINGS_H
#define SHOPDESK_STORE_RATINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* A customer's rating of an order, as the platform exported it. */
struct rating {
    int64_t id;
    char platform[16];
    char number[48];
    int64_t order_id; /* 0 when the order is not in the shop */
    int rating;       /* 1-5 */
    char comment[1024];
    int64_t rated_at;
    char reply[1024];
    char replied_by[48];
    int64_t replied_at;
    char handled_by[48];
    int64_t handled_at;
};

enum rating_change { RATING_NEW, RATING_UPDATED, RATING_UNCHANGED };

/* Insert or update by (platform, number), inside the caller's write transaction. */
int store_rating_put(struct store *st, const struct rating *r, int64_t now,
                     enum rating_change *change, struct sd_err *err);
/* By platform and number; platform NULL or "" matches the number on any platform when only
 * one rating has it (SD_NOT_FOUND or SD_INPUT for none or several). */
int store_rating_find(struct store *st, const char *platform, const char *number,
                      struct rating *out, struct sd_err *err);
/* Record a reply or a "handled" mark with who and when (write transaction). */
int store_rating_reply(struct store *st, int64_t id, const char *text, const char *login,
                       int64_t at, struct sd_err *err);
int store_rating_handle(struct store *st, int64_t id, const char *login, int64_t at,
                        struct sd_err *err);
/* Ratings newest first; low: 1-2 stars only; open: without a reply or a handled mark. At
 * most n; returns how many or -1. */
int store_ratings_list(struct store *st, bool low, bool open, struct rating *out, int n,
                       struct sd_err *err);
/* The ratings without a reply or a handled mark, lowest first, oldest first within a
 * rating: what is left to answer (at most n; *total: how many there are). */
int store_ratings_to_answer(struct store *st, struct rating *out, int n, int64_t *total,
                            struct sd_err *err);

#endif
