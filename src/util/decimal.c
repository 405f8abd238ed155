#include "config.h"

#include <stdio.h>

#include "util/decimal.h"

char *hundredths_text(int64_t v, const char *suffix, char *buf, size_t n)
{
    uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
    snprintf(buf, n, "%s%llu.%02llu%s", v < 0 ? "-" : "", (unsigned long long)(a / 100),
             (unsigned long long)(a % 100), suffix ? suffix : "");
    return buf;
}
