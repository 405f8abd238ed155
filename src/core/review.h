#ifndef SHOPDESK_CORE_REVIEW_H
#define SHOPDESK_CORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/chat.h"
#include "core/order.h"
#include "core/tz.h"

/* The owner's daily review: the figures of one shop day, what needs action at its end, and
 * how each figure compares with the day before and the median of the seven days before.
 * Every figure is computed from timestamps up to the end of the day, so a review of a past
 * date comes out the same whenever it is made. */

/* The four lines platforms score a shop's service on. */
enum service_line { SERVICE_CONSULTATION, SERVICE_LOGISTICS, SERVICE_AFTER_SALES,
                    SERVICE_DISPUTES, SERVICE_LINES };

/* -1 in a figure means "nothing to measure that day" (no shipments for a median...). */
struct review_day {
    struct sd_date date;
    int64_t orders;         /* created that day */
    int64_t paid_orders;    /* paid that day, gifts left out */
    int64_t revenue;        /* total of those in the shop's currency, minor units */
    int64_t shipped;        /* shipped that day */
    int64_t band[SHIP_BANDS];
    int64_t ship_median_s, ship_p90_s;
    int64_t refunds_requested, refunds_approved, refunds_rejected;
    int64_t refunds_paid;   /* payments made that day */
    int64_t refunded;       /* their amount in the shop's currency, reversals netted */
    int64_t paid_within_sla;
    int64_t refund_median_s; /* ready to paid, of the refunds paid that day */
    int64_t mystery_filed;  /* reports submitted that day */
    int64_t mystery_score;  /* their average, hundredths of a percent */
    int64_t consultation;   /* the consultation line: from the chat statistics when the day
                             * has them (chat_line), else the mystery average below */
    int64_t mystery_consultation; /* average of own-staff chat reports over 30 days */
    bool consultation_from_chat;
    struct chat_totals chat; /* the platform's chat figures of the day, every agent */
    int64_t gifts_created, gifts_cost;
    int64_t tier_up, tier_down;
    int64_t ratings, rating_sum, rating_dist[5];
    int64_t complaints;     /* ratings of 1 or 2 stars */
    int64_t promises_kept;  /* delivery promises ending with that day, shipped in time */
    int64_t promises_missed; /* ...ended (by the end, or by now) and not shipped in time */
    int64_t delivered, delivered_on_time; /* delivered that day; within the courier's days */
    int64_t disputes_opened;   /* platform disputes opened that day */
    int64_t disputes_answered, disputes_in_time; /* answered that day; of them by the deadline */
    int64_t disputes_lost;     /* decided against the shop that day */
    int64_t disputes_30d;      /* opened in the 30 days to the end of the day */
    int64_t orders_30d;        /* orders paid in those 30 days (gifts left out) */
    int64_t disputes_measured, disputes_good; /* the disputes line's (dispute_line()) */
};

/* The day's money in a currency other than the shop's. */
struct review_money {
    char currency[4];
    int64_t paid_orders, revenue, refunds_paid, refunded;
};

/* What is left at the end of the day. */
struct review_exceptions {
    int64_t refunds_overdue;  /* ready, unpaid, past the refund SLA */
    int64_t parcels_left;     /* return parcels received that day and not refunded that day */
    int64_t parcels_empty;    /* return parcels received that day empty or short (grade 4) */
    int64_t defect_jumps;     /* SKUs whose defect share jumped in the 7 days to the end */
    int64_t disputes_overdue; /* disputes unanswered past their deadline */
    int64_t sheets_disagreed; /* performance sheets disagreed with, not scored again */
    int64_t unshipped[2];     /* paid and not shipped more than the two settings' hours
                               * before the end (24 and 48 by default) */
    int64_t low_ratings_open; /* 1 or 2 stars without a reply */
    int64_t actions_overdue;  /* mystery action items open past their due date */
    int64_t gifts_failed;     /* gifts the day's run could not make */
    int64_t settings_unaccepted; /* shop.yaml found changed by someone not an owner */
    int64_t settings_accepted;   /* changes to shop.yaml an owner's run accepted */
};

/* Percentages in hundredths (9250 = 92.50%); -1 when there is nothing to divide by. */
int64_t review_percent(int64_t part, int64_t whole);
/* Average rating in hundredths (450 = 4.50), -1 without ratings. */
int64_t review_rating_average(const struct review_day *d);
/* Share of refunds paid that day within the SLA, hundredths. */
int64_t review_sla_percent(const struct review_day *d);
/* Service line scores, hundredths of 100:
 *   consultation: from the day's chat statistics, chat_line() against the shop's targets;
 *                 without them, the average score of mystery reports on own staff over
 *                 chat, last 30 days;
 *   logistics:    shipments within the third ship-time band (6 h by default), of all shipped;
 *   after-sales:  refunds paid within the SLA, of all paid that day;
 *   disputes:     of the platform disputes opened in the 30 days to the end of the day that
 *                 are decided, answered or past their deadline, those answered in time and
 *                 not lost (100 with orders and no dispute; see dispute_line()).
 * The overall score is the mean of the lines that have data; -1 when none has. */
int64_t review_service_line(const struct review_day *d, enum service_line l);
int64_t review_service_score(const struct review_day *d);

/* The figures a review compares, in the order shown: a stable key (the JSON path), a label
 * (N_()-marked), and what kind of number it is. */
enum review_unit { REVIEW_COUNT, REVIEW_MONEY, REVIEW_SECONDS, REVIEW_PERCENT, REVIEW_RATING,
                   REVIEW_SCORE /* hundredths of 100 points */,
                   REVIEW_MILLIS /* a short time in ms, shown as seconds: "12.5 s" */ };
struct review_figure {
    const char *section; /* JSON object: "orders" */
    const char *name;    /* key in it: "count" */
    const char *label;
    enum review_unit unit;
    bool higher_is_better;
    int64_t (*get)(const struct review_day *d);
};
extern const struct review_figure review_figures[];
extern const size_t review_figure_count;

/* The median of the figure over days[0..n) leaving out those with no data (-1); -1 when
 * none has data. */
int64_t review_median_of(const struct review_figure *f, const struct review_day *days, size_t n);

#endif
