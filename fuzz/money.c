/* libFuzzer target: any bytes as an amount in every currency, as a date and as a time; what
 * is accepted must format and parse back to itself. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[256];
    if (size >= sizeof s)
        size = sizeof s - 1;
    memcpy(s, data, size);
    s[size] = '\0';
    static const char *const codes[] = {"CNY", "JPY", "KWD", "USD"};
    for (size_t i = 0; i < 4; i++) {
        const struct currency *cur = currency_find(codes[i]);
        int64_t v, back;
        if (money_parse(s, cur, MONEY_ALLOW_NEGATIVE, &v, NULL) == SD_OK) {
            char buf[64];
            money_format(v, cur, MONEY_PLAIN, buf, sizeof buf);
            if (money_parse(buf, cur, MONEY_ALLOW_NEGATIVE, &back, NULL) != SD_OK || back != v)
                abort();
        }
    }
    struct sd_date d;
    if (date_parse(s, &d, NULL) == SD_OK) {
        char buf[11];
        date_format(d, buf);
        struct sd_date e;
        if (date_parse(buf, &e, NULL) != SD_OK || date_cmp(d, e))
            abort();
    }
    int64_t t;
    if (time_parse(s, &t, NULL) == SD_OK) {
        char buf[32];
        time_format_iso(t, buf);
        int64_t u;
        if (time_parse(buf, &u, NULL) != SD_OK || u != t)
            abort();
    }
    return 0;
}
