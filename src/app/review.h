#ifndef SHOPDESK_APP_REVIEW_H
#define SHOPDESK_APP_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/review.h"
#include "core/status.h"
#include "store/review.h"

struct session;

#define REVIEW_DAYS 14    /* the trend: the date and the 13 days before */
#define REVIEW_MEDIAN_DAYS 7
#define REVIEW_RATINGS 10 /* the day's ratings shown, lowest first */
#define REVIEW_WEAKEST 3
#define REVIEW_ACTIONS 5

/* The review of one shop day, built from the database alone. */
struct review {
    struct sd_date date;
    struct review_day days[REVIEW_DAYS]; /* oldest first: days[REVIEW_DAYS - 1] is the date */
    struct review_exceptions x;
    struct review_rating ratings[REVIEW_RATINGS];
    int nratings;
    struct review_criterion weakest[REVIEW_WEAKEST];
    int nweakest;
    struct review_action actions[REVIEW_ACTIONS];
    int nactions;
    bool signed_off;
    struct review_signoff signoff;
    int sla_minutes;
    int ship_bands[SHIP_BANDS - 1]; /* minutes */
    int unshipped_hours[2];
};

/* Build the review of date (one read transaction; needs review.read). */
int review_build(struct session *s, struct sd_date date, struct review *r, struct sd_err *err);

static inline const struct review_day *review_day_of(const struct review *r)
{
    return &r->days[REVIEW_DAYS - 1];
}
/* The figure on the day before, and its median over the seven days before the date. */
int64_t review_previous(const struct review *r, const struct review_figure *f);
int64_t review_median7(const struct review *r, const struct review_figure *f);

/* Sign the review of date off (owners; once per date; audited as "review.signoff"). */
int review_sign_off(struct session *s, struct sd_date date, const char *note,
                    struct sd_err *err);

#endif
