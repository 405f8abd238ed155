#ifndef SHOPDESK_CORE_DATEFMT_H
#define SHOPDESK_CORE_DATEFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

/* Dates and times as exports and spreadsheets write them:
 *   2026-11-20 09:15[:02][.000][ +0800 | Z | UTC]   2026-11-20T09:15:02+08:00
 *   2026/11/20 9:15   2026.11.20   2026年11月20日 9:15
 *   20/11/2026 09:15 (day first)   11/20/26 9:15 AM (month first)   20.11.2026 09:15
 * A date written day/month/year or month/day/year reads one way or the other: which is
 * decided for a whole column (a day above 12 settles it), or given (--date-order, a
 * mapping's date_order). A mapping may also give a format with month names in a language:
 * "%d. %b %Y, %H:%M Uhr" with date_language: de reads "10. Dez. 2025, 02:20 Uhr". Times
 * without an offset are in the shop's zone. No I/O. */

enum date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY };

/* "dmy", "mdy"; false otherwise. */
bool date_order_parse(const char *s, enum date_order *out);
const char *date_order_key(enum date_order o);

/* What a column's values say about their order, gathered value by value. */
struct date_evidence {
    int64_t dmy, mdy;       /* values only day-first or only month-first can read */
    int64_t either;         /* values both can read (different dates) */
    long dmy_line, mdy_line, either_line; /* the first of each, for messages */
    char either_text[48];
};
void date_observe(struct date_evidence *e, const char *text, long line);
/* The order the evidence settles: DATE_ORDER_AUTO when nothing needs one (no value is read
 * both ways), SD_INPUT with a message when the values disagree (both kinds) or cannot tell
 * (only values both readings take: the message names both readings of the first). */
int date_decide(const struct date_evidence *e, enum date_order *out, struct sd_err *err);

/* A format with directives (%Y %y %m %d %e %H %I %M %S %p %b %z, %% a percent sign; a
 * space matches any blanks) and the language of month names (%b) and AM/PM words: en, de,
 * fr, es, it, pt, nl, zh. */
struct date_format {
    char pattern[96]; /* "" for none */
    char lang[8];
};
/* Checks a format and its language; SD_INPUT naming what is wrong. */
int date_format_check(const struct date_format *f, struct sd_err *err);

/* Parse a date or time. With a format, the format; else the forms above, x/y/z ones read in
 * order (DATE_ORDER_AUTO reads them only when day and month cannot be confused). SD_INPUT
 * "'TEXT' is not a date..." otherwise. */
int datetime_parse(const char *text, enum date_order order, const struct date_format *fmt,
                   int64_t *out, struct sd_err *err);

#endif
