#include "config.h"

#include "util/spark.h"
#include "util/strbuf.h"

void spark_append(struct strbuf *sb, const int64_t *v, size_t n, int64_t max)
{
    static const char *const blocks[] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                         "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                         "\xe2\x96\x87", "\xe2\x96\x88"};
    if (max <= 0)
        for (size_t i = 0; i < n; i++)
            if (v[i] > max)
                max = v[i];
    for (size_t i = 0; i < n; i++) {
        if (v[i] < 0) {
            sb_adds(sb, "\xc2\xb7");
        } else if (v[i] == 0 || max <= 0) {
            sb_adds(sb, " ");
        } else {
            int64_t level = (v[i] * 8 + max - 1) / max; /* 1..8 */
            sb_adds(sb, blocks[level < 1 ? 0 : level > 8 ? 7 : level - 1]);
        }
    }
}
