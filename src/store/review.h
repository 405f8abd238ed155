#ifndef SHOPDESK_STORE_REVIEW_H
#define SHOPDESK_STORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/review.h"
#include "core/status.h"

struct store;

/* The raw figures of the shop day [start, end): counts and sums into d (the fields the
 * caller derives — bands, medians, mystery averages when none — are left as they are), the
 * ship times (paid to shipped, seconds) of the day's shipments and the ready-to-paid times
 * of the day's refund payments into caller-freed arrays. sla_s is the refund SLA. */
int store_review_day(struct store *st, int64_t start, int64_t end, const char *home,
                     struct review_day *d, int64_t **ship_times, size_t *nship,
                     int64_t **refund_times, size_t *nrefund, struct sd_err *err);
/* For each of n window ends (ascending), the disputes opened and the orders paid (gifts
 * aside) in the span seconds before it: the first window counted whole, each next one from
 * the one before, so a fortnight of 30-day windows reads little more than one of them. */
int store_review_windows(struct store *st, const int64_t *ends, int n, int64_t span,
                         int64_t *disputes, int64_t *orders, struct sd_err *err);
/* Revenue and refunds are never summed across currencies: the day's figures (revenue,
 * refunded) are in the shop's currency (home); the day's money in each other currency comes
 * here, up to n of them, by code. Returns how many, or -1 with err. */
int store_review_currencies(struct store *st, int64_t start, int64_t end, const char *home,
                            struct review_money *out, int n, struct sd_err *err);

/* What is left at the end of the day (end), for the day's date text "YYYY-MM-DD". */
/* The return parcels received empty or short (grade 4) in [start, end): refund ids, order
 * numbers and receipt times, oldest first, up to n. Returns how many, or -1. */
struct empty_parcel {
    int64_t refund_id, received_at;
    char order[64];
    char received_by[64];
};
int store_review_empty_parcels(struct store *st, int64_t start, int64_t end,
                               struct empty_parcel *out, int n, struct sd_err *err);
int store_review_exceptions(struct store *st, int64_t start, int64_t end, const char *date,
                            const char *due_by, int64_t sla_s, const int unshipped_hours[2],
                            struct review_exceptions *x, struct sd_err *err);

struct review_rating {
    int rating;
    int64_t rated_at;
    bool replied;
    char platform[16];
    char number[48];
    char comment[512];
};
/* The day's ratings, lowest first (then oldest), at most n. */
int store_review_ratings(struct store *st, int64_t start, int64_t end, struct review_rating *out,
                         int n, struct sd_err *err);

struct review_criterion {
    char criterion[64];
    char section[64];
    int64_t percent; /* hundredths */
    int64_t reports;
};
/* The weakest criteria of the reports submitted that day, at most n. */
int store_review_weakest(struct store *st, int64_t start, int64_t end,
                         struct review_criterion *out, int n, struct sd_err *err);

struct review_action {
    char text[256];
    char owner[48];
    char due[11];
};
/* Mystery action items open at the end of the day and due on or before it, at most n. */
int store_review_actions(struct store *st, int64_t end, const char *date,
                         struct review_action *out, int n, struct sd_err *err);

struct review_signoff {
    char login[48];
    int64_t at;
    char note[256];
};
/* The sign-off of a day: SD_OK with found set or not. */
int store_review_signoff_get(struct store *st, const char *date, struct review_signoff *out,
                             bool *found, struct sd_err *err);
/* Record it (in a write transaction); SD_CONFLICT when the day is signed already. */
int store_review_signoff_add(struct store *st, const char *date,
                             const struct review_signoff *so, struct sd_err *err);

#endif
