#ifndef SHOPDESK_CORE_TZ_H
#define SHOPDESK_CORE_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Instants are int64_t seconds since the epoch, UTC. "A day" is a date in the shop's time
 * zone, which tz_use() makes the process's local zone (the TZ variable), so the C library's
 * zone database does the calendar work, daylight saving included. */

struct sd_date {
    int y, m, d;
};

/* Make name (e.g. "Asia/Shanghai") the zone of every local computation. */
void tz_use(const char *name);
const char *tz_current(void);

/* Local calendar date of instant t. */
struct sd_date date_of(int64_t t);
/* UTC instant of local midnight starting the given date. */
int64_t date_start(struct sd_date d);
/* Date plus n days (n may be negative). */
struct sd_date date_add(struct sd_date d, int n);
int date_cmp(struct sd_date a, struct sd_date b);
/* Days from a to b (b - a). */
int date_diff(struct sd_date a, struct sd_date b);
int date_weekday(struct sd_date d); /* 0 = Sunday */
bool date_valid(struct sd_date d);
/* "2026-11-22" → date; SD_INPUT otherwise. */
int date_parse(const char *s, struct sd_date *out, struct sd_err *err);
/* Writes "2026-11-22" (11 bytes with NUL). */
void date_format(struct sd_date d, char buf[11]);

/* Parse a time as platforms and people write it: "2026-11-22 10:05[:07]" and
 * "2026/11/22 10:05:07" (shop local), "2026-11-22T10:05:07+08:00", "...Z", "... -0400",
 * "... +0800", or a bare date (local midnight). SD_INPUT with a reason otherwise. */
int time_parse(const char *s, int64_t *out, struct sd_err *err);

/* The instant of a date and time of day: at the given offset from UTC (seconds east), or in
 * the shop's zone when there is none. The fields must be valid. */
int64_t time_from_fields(struct sd_date d, int H, int M, int S, bool has_offset, int offset);

/* ISO 8601 with the local offset: "2026-11-22T10:05:07+08:00" (26 bytes with NUL). */
void time_format_iso(int64_t t, char buf[32]);
/* Short local form for screens: "11-22 10:05" when in the current year, else "2025-11-22". */
void time_format_short(int64_t t, int64_t now, char buf[32]);
/* "2026-11-22 10:05" local. */
void time_format_local(int64_t t, char buf[32]);

/* A duration for people: "19m", "2h 05m", "3d 4h" (negative with a leading "-"). */
void duration_format(int64_t seconds, char buf[32]);
/* A countdown to the second: "4:59", "-1:05"; past 100 minutes as duration_format. */
void countdown_format(int64_t seconds, char buf[32]);

#endif
