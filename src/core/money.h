#ifndef SHOPDESK_CORE_MONEY_H
#define SHOPDESK_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Money is an int64_t count of minor units (cents, 分) everywhere. This module is the only
 * place that turns text into money and money into text; there is no float on the way. */

struct currency {
    const char *code;   /* ISO 4217 */
    const char *symbol;
    int decimals;
};

/* The largest amount accepted: 10^15 - 1 minor units, exact in a JSON double as well. */
#define MONEY_MAX 999999999999999LL

/* Currency by ISO code (case-insensitive), NULL if unknown. Static storage. */
const struct currency *currency_find(const char *code);

enum money_parse_flags {
    MONEY_ALLOW_NEGATIVE = 1 << 0,
};

/* Parse "1280", "1,280.50", "¥12.5", "CNY 12.50", "-3.20" (with MONEY_ALLOW_NEGATIVE).
 * Anything not exact in the currency's minor unit is rejected with a reason ("12.345 has 3
 * decimal places; CNY allows 2"), never rounded. Returns SD_OK or SD_INPUT. */
int money_parse(const char *s, const struct currency *cur, int flags, int64_t *out,
                struct sd_err *err);

enum money_format_flags {
    MONEY_SYMBOL = 1 << 0, /* ¥1,280.00 */
    MONEY_GROUP = 1 << 1,  /* thousands separators */
    MONEY_PLAIN = 0,       /* 1280.00: for CSV and for parsing back */
};

/* Format v into buf (size n) and return buf. */
char *money_format(int64_t v, const struct currency *cur, int flags, char *buf, size_t n);

/* Checked arithmetic: false on overflow past MONEY_MAX. */
bool money_add(int64_t a, int64_t b, int64_t *out);
bool money_mul(int64_t a, int64_t qty, int64_t *out);

#endif
