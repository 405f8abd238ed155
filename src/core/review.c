#include "config.h"

#include <stdlib.h>

#include "core/dispute.h"
#include "core/review.h"
#include "core/stats.h"
#include "util/i18n.h"

int64_t review_percent(int64_t part, int64_t whole)
{
    if (whole <= 0)
        return -1;
    /* rounded half up, in hundredths of a percent */
    return (part * 20000 + whole) / (2 * whole);
}

int64_t review_rating_average(const struct review_day *d)
{
    if (d->ratings <= 0)
        return -1;
    return (d->rating_sum * 200 + d->ratings) / (2 * d->ratings);
}

int64_t review_sla_percent(const struct review_day *d)
{
    return review_percent(d->paid_within_sla, d->refunds_paid);
}

int64_t review_service_line(const struct review_day *d, enum service_line l)
{
    switch (l) {
    case SERVICE_CONSULTATION:
        return d->consultation;
    case SERVICE_LOGISTICS:
        return review_percent(d->band[0] + d->band[1] + d->band[2], d->shipped);
    case SERVICE_AFTER_SALES:
        return review_sla_percent(d);
    case SERVICE_DISPUTES:
        return dispute_line(d->disputes_measured, d->disputes_good, d->orders_30d);
    case SERVICE_LINES:
        break;
    }
    return -1;
}

int64_t review_service_score(const struct review_day *d)
{
    int64_t sum = 0, n = 0;
    for (int l = 0; l < SERVICE_LINES; l++) {
        int64_t v = review_service_line(d, (enum service_line)l);
        if (v >= 0) {
            sum += v;
            n++;
        }
    }
    return n ? (sum * 2 + n) / (2 * n) : -1;
}

static int64_t get_orders(const struct review_day *d) { return d->orders; }
static int64_t get_paid(const struct review_day *d) { return d->paid_orders; }
static int64_t get_revenue(const struct review_day *d) { return d->revenue; }
static int64_t get_shipped(const struct review_day *d) { return d->shipped; }
static int64_t get_ship_median(const struct review_day *d) { return d->ship_median_s; }
static int64_t get_ship_p90(const struct review_day *d) { return d->ship_p90_s; }
static int64_t get_band0(const struct review_day *d) { return review_percent(d->band[0], d->shipped); }
static int64_t get_requested(const struct review_day *d) { return d->refunds_requested; }
static int64_t get_approved(const struct review_day *d) { return d->refunds_approved; }
static int64_t get_rpaid(const struct review_day *d) { return d->refunds_paid; }
static int64_t get_refunded(const struct review_day *d) { return d->refunded; }
static int64_t get_sla(const struct review_day *d) { return review_sla_percent(d); }
static int64_t get_refund_median(const struct review_day *d) { return d->refund_median_s; }
static int64_t get_filed(const struct review_day *d) { return d->mystery_filed; }
static int64_t get_mscore(const struct review_day *d) { return d->mystery_score; }
static int64_t get_gifts(const struct review_day *d) { return d->gifts_created; }
static int64_t get_gift_cost(const struct review_day *d) { return d->gifts_cost; }
static int64_t get_tier_up(const struct review_day *d) { return d->tier_up; }
static int64_t get_tier_down(const struct review_day *d) { return d->tier_down; }
static int64_t get_ratings(const struct review_day *d) { return d->ratings; }
static int64_t get_rating_avg(const struct review_day *d) { return review_rating_average(d); }
static int64_t get_complaints(const struct review_day *d) { return d->complaints; }
static int64_t get_service(const struct review_day *d) { return review_service_score(d); }
static int64_t get_kept(const struct review_day *d)
{
    return review_percent(d->promises_kept, d->promises_kept + d->promises_missed);
}
static int64_t get_missed(const struct review_day *d) { return d->promises_missed; }
static int64_t get_on_time(const struct review_day *d)
{
    return review_percent(d->delivered_on_time, d->delivered);
}
static int64_t get_chats(const struct review_day *d)
{
    return d->chat.consultations ? d->chat.consultations : -1;
}
static int64_t get_conversion(const struct review_day *d) { return chat_conversion(&d->chat); }
static int64_t get_first_response(const struct review_day *d)
{
    return chat_first_response(&d->chat);
}
static int64_t get_d_opened(const struct review_day *d) { return d->disputes_opened; }
static int64_t get_d_in_time(const struct review_day *d)
{
    return review_percent(d->disputes_in_time, d->disputes_answered);
}
static int64_t get_d_lost(const struct review_day *d) { return d->disputes_lost; }
static int64_t get_d_rate(const struct review_day *d)
{
    return review_percent(d->disputes_30d, d->orders_30d);
}

const struct review_figure review_figures[] = {
    {"orders", "count", N_("Orders"), REVIEW_COUNT, true, get_orders},
    {"orders", "paid", N_("Orders paid"), REVIEW_COUNT, true, get_paid},
    {"orders", "revenue", N_("Revenue"), REVIEW_MONEY, true, get_revenue},
    {"shipping", "shipped", N_("Shipped"), REVIEW_COUNT, true, get_shipped},
    {"shipping", "within_first_band_percent", N_("Shipped in first band"), REVIEW_PERCENT,
     true, get_band0},
    {"shipping", "median_minutes", N_("Ship time, median"), REVIEW_SECONDS, false,
     get_ship_median},
    {"shipping", "p90_minutes", N_("Ship time, p90"), REVIEW_SECONDS, false, get_ship_p90},
    {"shipping", "promises_kept_percent", N_("Delivery promises kept"), REVIEW_PERCENT, true,
     get_kept},
    {"shipping", "promises_missed", N_("Delivery promises missed"), REVIEW_COUNT, false,
     get_missed},
    {"shipping", "delivered_on_time_percent", N_("Delivered on time"), REVIEW_PERCENT, true,
     get_on_time},
    {"refunds", "requested", N_("Refunds requested"), REVIEW_COUNT, false, get_requested},
    {"refunds", "approved", N_("Refunds approved"), REVIEW_COUNT, true, get_approved},
    {"refunds", "paid", N_("Refunds paid"), REVIEW_COUNT, true, get_rpaid},
    {"refunds", "amount", N_("Refunded"), REVIEW_MONEY, false, get_refunded},
    {"refunds", "within_sla_percent", N_("Paid within the SLA"), REVIEW_PERCENT, true, get_sla},
    {"refunds", "median_minutes_ready_to_paid", N_("Ready to paid, median"), REVIEW_SECONDS,
     false, get_refund_median},
    {"mystery", "filed", N_("Mystery reports filed"), REVIEW_COUNT, true, get_filed},
    {"mystery", "average_score", N_("Mystery average score"), REVIEW_PERCENT, true, get_mscore},
    {"gifts", "created", N_("Gifts created"), REVIEW_COUNT, true, get_gifts},
    {"gifts", "cost", N_("Gift cost"), REVIEW_MONEY, false, get_gift_cost},
    {"tiers", "up", N_("Members up a tier"), REVIEW_COUNT, true, get_tier_up},
    {"tiers", "down", N_("Members down a tier"), REVIEW_COUNT, false, get_tier_down},
    {"ratings", "count", N_("Ratings"), REVIEW_COUNT, true, get_ratings},
    {"ratings", "average", N_("Average rating"), REVIEW_RATING, true, get_rating_avg},
    {"ratings", "complaints", N_("Ratings of 1-2 stars"), REVIEW_COUNT, false, get_complaints},
    {"chat", "consultations", N_("Chat consultations"), REVIEW_COUNT, true, get_chats},
    {"chat", "inquiry_conversion_percent", N_("Inquiry conversion"), REVIEW_PERCENT, true,
     get_conversion},
    {"chat", "first_response_seconds", N_("Chat first response"), REVIEW_MILLIS, false,
     get_first_response},
    {"disputes", "opened", N_("Disputes opened"), REVIEW_COUNT, false, get_d_opened},
    {"disputes", "answered_in_time_percent", N_("Disputes answered in time"), REVIEW_PERCENT,
     true, get_d_in_time},
    {"disputes", "lost", N_("Disputes lost"), REVIEW_COUNT, false, get_d_lost},
    {"disputes", "rate_30_days_percent", N_("Dispute rate, 30 days"), REVIEW_PERCENT, false,
     get_d_rate},
    {"service", "score", N_("Service score"), REVIEW_SCORE, true, get_service},
};
const size_t review_figure_count = sizeof review_figures / sizeof review_figures[0];

int64_t review_median_of(const struct review_figure *f, const struct review_day *days, size_t n)
{
    int64_t v[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof v / sizeof v[0]; i++) {
        int64_t x = f->get(&days[i]);
        if (x >= 0)
            v[k++] = x;
    }
    return k ? stats_median(v, k) : -1;
}
