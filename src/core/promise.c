#include "config.h"

#include <string.h>
#include <time.h>

#include "core/promise.h"
#include "core/tz.h"

const struct promise_rule *promise_match(const struct promise_rule *rules, size_t n,
                                         const char *address, const char *courier,
                                         const char *const *skus, size_t nskus)
{
    for (size_t i = 0; i < n; i++) {
        const struct promise_rule *r = &rules[i];
        if (r->region && (!address || !strstr(address, r->region)))
            continue;
        if (r->courier && (!courier || strcmp(courier, r->courier)))
            continue;
        if (r->sku_prefix) {
            size_t len = strlen(r->sku_prefix), k = 0;
            while (k < nskus && (!skus[k] || strncmp(skus[k], r->sku_prefix, len)))
                k++;
            if (k == nskus)
                continue;
        }
        return r;
    }
    return NULL;
}

int64_t promise_deadline(const struct promise_rule *r, int64_t paid)
{
    struct sd_date day = date_of(paid);
    /* the time of day as the clock on the wall shows it, daylight saving included */
    time_t t = (time_t)paid;
    struct tm tm;
    localtime_r(&t, &tm);
    int after = tm.tm_hour * 60 + tm.tm_min >= r->cutoff ? 1 : 0;
    return date_start(date_add(day, 1 + after + r->days));
}
