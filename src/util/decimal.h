#ifndef SHOPDESK_UTIL_DECIMAL_H
#define SHOPDESK_UTIL_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* A number kept in hundredths (percentages, scores, ratings) as text: "12.34", "-0.50",
 * with suffix after it ("%" or ""). Returns buf. */
char *hundredths_text(int64_t v, const char *suffix, char *buf, size_t n);

#endif
