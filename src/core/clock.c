#include "config.h"

#include <time.h>

#include "core/clock.h"

static int64_t fixed;
static int64_t started_real;
static bool running_clock;

static int64_t real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t clock_now(void)
{
    if (!fixed)
        return real_now();
    if (running_clock)
        return fixed + (real_now() - started_real);
    return fixed;
}

void clock_set(int64_t t, bool running)
{
    fixed = t;
    running_clock = running;
    started_real = real_now();
}

void clock_save(struct clock_saved *c)
{
    c->fixed = fixed;
    c->started_real = started_real;
    c->running = running_clock;
}

void clock_restore(const struct clock_saved *c)
{
    fixed = c->fixed;
    started_real = c->started_real;
    running_clock = c->running;
}

int64_t clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
