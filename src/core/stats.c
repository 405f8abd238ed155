#include "config.h"

#include <stdlib.h>

#include "core/stats.h"

static int cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

void stats_sort(int64_t *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp);
}

int64_t stats_median(int64_t *v, size_t n)
{
    if (n == 0)
        return 0;
    stats_sort(v, n);
    if (n % 2)
        return v[n / 2];
    /* the mean of the middle two, rounded down */
    int64_t a = v[n / 2 - 1], b = v[n / 2];
    return a + (b - a) / 2;
}

int64_t stats_percentile(int64_t *v, size_t n, int p)
{
    if (n == 0)
        return 0;
    stats_sort(v, n);
    if (p <= 0)
        return v[0];
    if (p >= 100)
        return v[n - 1];
    size_t rank = ((size_t)p * n + 99) / 100; /* ceil(p/100 * n) */
    return v[rank ? rank - 1 : 0];
}
