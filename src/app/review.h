#ifndef SHOPDESK_APP_REVIEW_H
#define SHOPDESK_APP_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/audit_check.h"
#include "core/review.h"
#include "core/status.h"
#include "store/review.h"

struct session;

#define REVIEW_DAYS 14    /* the trend: the date and the 13 days before */
#define REVIEW_MEDIAN_DAYS 7
#define REVIEW_RATINGS 10 /* the day's ratings shown, lowest first */
#define REVIEW_WEAKEST 3
#define REVIEW_ACTIONS 5
#define REVIEW_CURRENCIES 8 /* other currencies than the shop's shown for the day */
#define REVIEW_AGENTS 30    /* agents of the day's chat statistics shown */

/* One agent's day of chat service against their own 7 days before (medians; -1: none). */
struct review_agent {
    char account[64];
    char login[64]; /* "" when no staff member has the account */
    struct chat_totals day;
    int64_t conversion_med7, first_response_med7;
};

/* The review of one shop day, built from the database alone. */
struct review {
    struct sd_date date;
    /* the needs-action rows stand as at this time: the end of the day, or now for today */
    int64_t asof;
    bool today; /* the day is not over: its figures so far */
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
    struct audit_state audit; /* the audit log's chain: shown first when broken */
    /* revenue and refunds never mix currencies: the figures are the shop's currency's,
     * and the day's money in each other currency is listed beside them */
    struct review_money others[REVIEW_CURRENCIES];
    int nothers;
    struct review_agent agents[REVIEW_AGENTS];
    int nagents;
    int chat_target_s, chat_target_pct; /* the consultation line's targets (shop.yaml) */
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

/* ---- text for people: the console and `shopdesk review --format text|markdown` ---- */

struct currency;
/* A figure's value ("12", "¥1,234.00", "1h 05m", "92.50%", "4.50"); "-" for no data. */
void review_value_text(const struct review_figure *f, int64_t v, const struct currency *cur,
                       char *buf, size_t n);
/* Its change against another day: "+4", "-1.50%", "±0"; "-" when either has no data. */
void review_change_text(const struct review_figure *f, int64_t v, int64_t other,
                        const struct currency *cur, char *buf, size_t n);
const char *review_line_key(enum service_line l);   /* "after_sales" */
const char *review_line_label(enum service_line l); /* translated */
/* An agent's day as people read it, in two lines: (part 0) who, consultations and
 * satisfaction; (part 1) conversion and first response, each with the agent's 7-day median. */
void review_agent_text(const struct review_agent *a, int part, char *buf, size_t n);
/* Worse than their own week: a lower conversion or a slower first response. */
bool review_agent_worse(const struct review_agent *a);

/* Translated: how the line was computed that day (the consultation line says whether from
 * the chat statistics, with the mystery average beside it, or from mystery reports alone). */
const char *review_line_how(const struct review *r, enum service_line l, char *buf, size_t n);

/* The exceptions in the order shown, each with its JSON key and a translated label. */
#define REVIEW_EXCEPTIONS 13
struct review_exception_row {
    const char *key;
    char label[96];
    int64_t value;
};
int review_exception_rows(const struct review *r, struct review_exception_row *x);

/* The list behind a needs-action row that no screen shows: "gifts_failed" (the day's gifts not
 * made, with why) and "settings_unaccepted" / "settings_accepted" (the day's changes to
 * shop.yaml: when, who noticed, what changed). Needs review.read. */
struct detail;
int review_exception_detail(struct session *s, struct sd_date date, const char *key,
                            struct detail *d, struct sd_err *err);

/* When the audit log's chain is broken, the two lines shown first: part 0 names the row, part
 * 1 says what to do (static storage, overwritten by the next call). */
const char *review_audit_alarm(const struct review *r, int part);

#endif
