/* bench/bare_rows.h: the bare imports' reading of a generated CSV's cells (bench/gen writes
 * money with two decimals, times in ISO 8601, statuses in English), shared by bench/run
 * (SQLite) and bench/run_pg (PostgreSQL). What shopdesk adds (checking every value) is left
 * out on purpose. */
#ifndef SHOPDESK_BENCH_BARE_ROWS_H
#define SHOPDESK_BENCH_BARE_ROWS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/status.h"
#include "core/tz.h"

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
