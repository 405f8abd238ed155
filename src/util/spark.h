#ifndef SHOPDESK_UTIL_SPARK_H
#define SHOPDESK_UTIL_SPARK_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* A small bar chart in one line of text: one eighth block per value, scaled to max (the
 * largest value when max <= 0); a value below 0 (no data) is a middle dot, 0 a space. */
void spark_append(struct strbuf *sb, const int64_t *v, size_t n, int64_t max);

#endif
