/* bench/bare_rows.h: what bench/run (SQLite) and bench/run_pg (PostgreSQL) share: timing a
 * case's runs, and the bare imports' reading of a generated CSV's cells (bench/gen writes
 * money with two decimals, times in ISO 8601, statuses in English; what shopdesk adds,
 * checking every value, is left out on purpose). */
#ifndef SHOPDESK_BENCH_BARE_ROWS_H
#define SHOPDESK_BENCH_BARE_ROWS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/tz.h"

/* ---- timing, shared by bench/run and bench/run_pg ---- */

#define MAX_RUNS 64

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct stat3 {
    double median, min, max;
    int runs;
};

/* The median, least and most of n times (sorted in place). */
static inline struct stat3 stats(double *v, int n)
{
    struct stat3 s = {0, 0, 0, n};
    if (n <= 0)
        return s;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    s.min = v[0];
    s.max = v[n - 1];
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return s;
}

/* Runs of a quick case: at least nruns, and up to 31 while they have taken under 300 ms in
 * all, so that a case of a fraction of a millisecond has enough runs for a rerun to give the
 * same median. */
static inline bool bench_more_runs(int i, double spent_ms, int nruns)
{
    return i < MAX_RUNS && (i < nruns || (i < 31 && spent_ms < 300));
}


static int64_t money_of(const char *s)
{
    int64_t units = 0, cents = 0;
    int digits = 0;
    bool frac = false;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            frac = true;
        } else if (*p >= '0' && *p <= '9') {
            if (frac) {
                if (digits++ < 2)
                    cents = cents * 10 + (*p - '0');
            } else {
                units = units * 10 + (*p - '0');
            }
        }
    }
    if (digits == 1)
        cents *= 10;
    return units * 100 + cents;
}

static int64_t time_of(const char *s)
{
    int64_t t = 0;
    struct sd_err err = {0};
    if (*s)
        time_parse(s, &t, &err);
    return t;
}

static const char *status_of(const char *word)
{
    static const char *const map[][2] = {{"New", "pending"},
                                         {"Paid", "paid"},
                                         {"Shipped", "shipped"},
                                         {"Delivered", "delivered"},
                                         {"Cancelled", "cancelled"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], word))
            return map[i][1];
    return "paid";
}

#endif
