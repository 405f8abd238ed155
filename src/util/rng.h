#ifndef SHOPDESK_UTIL_RNG_H
#define SHOPDESK_UTIL_RNG_H

#include <stdint.h>

/* A small deterministic generator (splitmix64 seeding xoshiro256**): the same seed gives the
 * same sequence on every machine, so generated shops are byte-identical. */
struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* True with probability percent/100. */
int rng_chance(struct rng *r, int percent);

#endif
