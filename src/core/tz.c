#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tz.h"
#include "util/i18n.h"

static char current[128] = "UTC";

/* snprintf through a va_list: the values are range-checked by the callers, so the compiler's
 * worst-case truncation analysis does not apply. */
static void fmt(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));

static void fmt(char *dst, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(dst, n, f, ap);
    va_end(ap);
}

void tz_use(const char *name)
{
    snprintf(current, sizeof current, "%s", name && *name ? name : "UTC");
    setenv("TZ", current, 1);
    tzset();
}

const char *tz_current(void)
{
    return current;
}

struct sd_date date_of(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return (struct sd_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int64_t date_start(struct sd_date d)
{
    struct tm tm = {0};
    tm.tm_year = d.y - 1900;
    tm.tm_mon = d.m - 1;
    tm.tm_mday = d.d;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    /* A zone whose midnight does not exist on a DST day lands on 01:00: still the start. */
    return (int64_t)t;
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct sd_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (struct sd_date){(int)(y + (m <= 2)), m, d};
}

struct sd_date date_add(struct sd_date d, int n)
{
    return civil_from_days(days_from_civil(d.y, d.m, d.d) + n);
}

int date_cmp(struct sd_date a, struct sd_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

int date_diff(struct sd_date a, struct sd_date b)
{
    return (int)(days_from_civil(b.y, b.m, b.d) - days_from_civil(a.y, a.m, a.d));
}

int date_weekday(struct sd_date d)
{
    long z = days_from_civil(d.y, d.m, d.d);
    return (int)((z % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

bool date_valid(struct sd_date d)
{
    return d.y >= 1970 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= days_in_month(d.y, d.m);
}

static int read_int(const char **p, int min_digits, int max_digits, int *out)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < max_digits) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < min_digits)
        return -1;
    *out = v;
    return 0;
}

int date_parse(const char *s, struct sd_date *out, struct sd_err *err)
{
    const char *p = s;
    struct sd_date d;
    if (read_int(&p, 4, 4, &d.y) || (*p != '-' && *p != '/'))
        goto bad;
    char sep = *p++;
    if (read_int(&p, 1, 2, &d.m) || *p++ != sep || read_int(&p, 1, 2, &d.d) || *p)
        goto bad;
    if (!date_valid(d))
        goto bad;
    *out = d;
    return SD_OK;
bad:
    return sd_fail(err, SD_INPUT, _("'%s' is not a date (YYYY-MM-DD)"), s);
}

void date_format(struct sd_date d, char buf[11])
{
    fmt(buf, 11, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
}

int64_t time_from_fields(struct sd_date d, int H, int M, int S, bool has_offset, int offset)
{
    if (has_offset) {
        long days = days_from_civil(d.y, d.m, d.d);
        return (int64_t)days * 86400 + H * 3600 + M * 60 + S - offset;
    }
    struct tm tm = {0};
    tm.tm_year = d.y - 1900;
    tm.tm_mon = d.m - 1;
    tm.tm_mday = d.d;
    tm.tm_hour = H;
    tm.tm_min = M;
    tm.tm_sec = S;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

int time_parse(const char *s, int64_t *out, struct sd_err *err)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    struct sd_date d;
    int H = 0, M = 0, S = 0;
    if (read_int(&p, 4, 4, &d.y) || (*p != '-' && *p != '/'))
        goto bad;
    char sep = *p++;
    if (read_int(&p, 1, 2, &d.m) || *p++ != sep || read_int(&p, 1, 2, &d.d))
        goto bad;
    if (!date_valid(d))
        goto bad;
    bool has_time = false;
    if (*p == 'T' || *p == ' ') {
        const char *q = p + 1;
        if (isdigit((unsigned char)*q)) {
            p = q;
            if (read_int(&p, 1, 2, &H) || *p++ != ':' || read_int(&p, 2, 2, &M))
                goto bad;
            if (*p == ':') {
                p++;
                if (read_int(&p, 2, 2, &S))
                    goto bad;
                if (*p == '.') { /* fractional seconds are dropped */
                    p++;
                    while (isdigit((unsigned char)*p))
                        p++;
                }
            }
            has_time = true;
        }
    }
    if (H > 23 || M > 59 || S > 60)
        goto bad;
    while (*p == ' ')
        p++;
    bool has_offset = false;
    int off = 0;
    if (*p == 'Z' || !strcmp(p, "UTC")) {
        has_offset = true;
        p += *p == 'Z' ? 1 : 3;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (read_int(&p, 2, 2, &oh))
            goto bad;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)*p) && read_int(&p, 2, 2, &om))
            goto bad;
        if (oh > 14 || om > 59)
            goto bad;
        off = sign * (oh * 3600 + om * 60);
        has_offset = true;
    }
    if (*p)
        goto bad;
    if (!has_time && has_offset)
        goto bad;
    *out = time_from_fields(d, H, M, S, has_offset, off);
    return SD_OK;
bad:
    return sd_fail(err, SD_INPUT, _("'%s' is not a time (YYYY-MM-DD HH:MM)"), s);
}

void time_format_iso(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    fmt(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
             (off % 3600) / 60);
}

void time_format_local(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    fmt(buf, 32, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

void time_format_short(int64_t t, int64_t now, char buf[32])
{
    time_t tt = (time_t)t, tn = (time_t)now;
    struct tm tm, tmn;
    localtime_r(&tt, &tm);
    localtime_r(&tn, &tmn);
    if (tm.tm_year == tmn.tm_year)
        fmt(buf, 32, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min);
    else
        fmt(buf, 32, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void duration_format(int64_t s, char buf[32])
{
    const char *sign = s < 0 ? "-" : "";
    int64_t a = s < 0 ? -s : s;
    if (a < 3600)
        /* L10N: a duration in minutes, as people write it: "19m" (19分钟); columns adapt */
        fmt(buf, 32, _("%s%lldm"), sign, (long long)(a / 60));
    else if (a < 86400)
        /* L10N: a duration of hours and minutes, as people write it: "2h 05m" (2小时05分) */
        fmt(buf, 32, _("%s%lldh %02lldm"), sign, (long long)(a / 3600),
            (long long)(a % 3600 / 60));
    else
        /* L10N: a duration of days and hours, as people write it: "3d 4h" (3天4小时) */
        fmt(buf, 32, _("%s%lldd %lldh"), sign, (long long)(a / 86400),
            (long long)(a % 86400 / 3600));
}

void countdown_format(int64_t s, char buf[32])
{
    const char *sign = s < 0 ? "-" : "";
    int64_t a = s < 0 ? -s : s;
    if (a < 100 * 60)
        fmt(buf, 32, "%s%lld:%02lld", sign, (long long)(a / 60), (long long)(a % 60));
    else
        duration_format(s, buf);
}
