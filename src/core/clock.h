#ifndef SHOPDESK_CORE_CLOCK_H
#define SHOPDESK_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* The clock seam. Everything that needs "now" asks clock_now(), so tests can set the time:
 * clock_set(t, false) freezes the clock at t; clock_set(t, true) starts it at t and lets it
 * run with the real clock. clock_set(0, false) returns to the real clock. Seconds since the
 * Unix epoch, UTC. */
int64_t clock_now(void);
void clock_set(int64_t t, bool running);

/* The clock's setting, to put back after working "as of" another time (the demo does). */
struct clock_saved {
    int64_t fixed, started_real;
    bool running;
};
void clock_save(struct clock_saved *c);
void clock_restore(const struct clock_saved *c);

/* Milliseconds from a monotonic clock, for measuring durations. */
int64_t clock_mono_ms(void);

#endif
