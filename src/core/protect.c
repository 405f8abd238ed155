#include "config.h"

#include <string.h>

#include "core/protect.h"

const struct protect_point *protect_offer(int64_t paid_at, int days, int64_t paid_price,
                                          int64_t qty, const char *currency, bool offered_any,
                                          int64_t offered, const struct protect_point *points,
                                          size_t n, int64_t *protect, int64_t *amount)
{
    *amount = 0;
    *protect = offered_any && offered < paid_price ? offered : paid_price;
    int64_t end = paid_at + (int64_t)days * 86400;
    const struct protect_point *low = NULL;
    for (size_t i = 0; i < n && points[i].at <= end; i++)
        if (points[i].at > paid_at && !strcmp(points[i].currency, currency) &&
            (!low || points[i].price < low->price))
            low = &points[i];
    if (!low || low->price >= *protect)
        return NULL;
    *amount = (*protect - low->price) * qty;
    return low;
}
