#ifndef SHOPDESK_APP_COURIERS_H
#define SHOPDESK_APP_COURIERS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct session;

/* The couriers side by side, to choose them and negotiate (owners): per courier, and per
 * courier and destination province, the orders shipped in a period, how soon they were
 * delivered (median, p90; on time: within shop.yaml's couriers.delivery_days), the buyers'
 * ratings of those orders, disputes and refund requests about delivery (not received,
 * damaged, late), and the last-mile mystery reports on the courier. */
struct courier_line {
    char courier[64];
    char province[16]; /* "" on the courier's own line; "?" for addresses without one */
    int promise_days;
    int64_t shipped, delivered, on_time;
    int64_t median_s, p90_s; /* shipped to delivered; -1 with nothing delivered */
    int64_t ratings, rating_sum, low_ratings;
    int64_t disputes, delivery_refunds;
    int64_t mystery_reports, mystery_avg; /* the courier's line only; -1: none */
};

/* Lines for orders shipped in [from, to): each courier (most shipped first) followed by its
 * provinces (most shipped first). *out is the caller's (free). */
int couriers_report(struct session *s, int64_t from, int64_t to, struct courier_line **out, int *n,
                    struct sd_err *err);

/* Shares for people: on time of delivered, the average rating (hundredths; -1 none). */
int64_t courier_on_time_percent(const struct courier_line *l);
int64_t courier_rating_average(const struct courier_line *l);

/* A courier's tracking export (or any with tracking numbers and the time each parcel was
 * signed for): each shipped order found by its tracking number becomes delivered at that
 * time. One transaction; a bad row is FILE:LINE: reason and nothing is kept. */
struct deliveries_result {
    int64_t delivered, already, unknown, not_shipped, not_signed;
};
int deliveries_import(struct session *s, const char *path, const char *mapping,
                      const char *encoding, bool dry_run, struct deliveries_result *out,
                      struct sd_err *err);

#endif
