#ifndef SHOPDESK_CORE_STATS_H
#define SHOPDESK_CORE_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Order statistics computed in C by sorting (not SQL window functions). The array is
 * sorted in place. n == 0 gives 0. */
int64_t stats_median(int64_t *v, size_t n);
/* The p-th percentile (0-100), nearest rank: the smallest value with at least p% of the
 * values at or below it. */
int64_t stats_percentile(int64_t *v, size_t n, int p);
void stats_sort(int64_t *v, size_t n);

#endif
