#ifndef SHOPDESK_CORE_MONEY_H
#define SHOPDESK_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Money is an int64_t count of minor units (cents, 分) everywhere. This module is the only
 * place that turns text into money and money into text; there is no float on the way. */

/* A currency as ICU's data (CLDR) describes it; the table is generated from the system's ICU
 * when shopdesk is built (src/gen_currencies.c). */
struct currency {
    const char *code;   /* ISO 4217 */
    const char *symbol; /* narrow: ¥ $ € ₹ kr */
    const char *intl;   /* English: CN¥ CA$ HK$ ₹ */
    const char *zh;     /* Chinese: ¥ US$ JP¥ */
    int decimals;       /* minor units */
};

extern const struct currency currency_table[];
extern const size_t currency_table_size;

/* The largest amount accepted: 10^15 - 1 minor units, exact in a JSON double as well. */
#define MONEY_MAX 999999999999999LL

/* Currency by ISO code (case-insensitive), NULL if unknown. Static storage. */
const struct currency *currency_find(const char *code);

/* The shop's own currency: its amounts are shown with its symbol (¥128.00), every other
 * currency's with its code (CAD 171.56), so that no two read alike. Set once a shop is open
 * (NULL: every currency by its symbol). */
void money_home(const struct currency *cur);
const struct currency *money_home_currency(void);

enum money_parse_flags {
    MONEY_ALLOW_NEGATIVE = 1 << 0,
};

/* Parse "1280", "1,280.50", "¥12.5", "CNY 12.50", "12.50 CAD", "CA$12", "-3.20" (with
 * MONEY_ALLOW_NEGATIVE): the currency's code or any of its symbols before or after, never
 * another's.
 * Anything not exact in the currency's minor unit is rejected with a reason ("12.345 has 3
 * decimal places; CNY allows 2"), never rounded. Returns SD_OK or SD_INPUT. */
int money_parse(const char *s, const struct currency *cur, int flags, int64_t *out,
                struct sd_err *err);

/* Amounts as spreadsheets and foreign exports write them: "1.234,56", "15,00€", "1 234,56",
 * "1'234.56", "$35.00". decimal is the decimal mark ('.' or ','); the other mark, blanks
 * (also no-break and thin spaces) and apostrophes between digits are thousands separators.
 * Then as money_parse. */
int money_parse_style(const char *s, const struct currency *cur, char decimal, int flags,
                      int64_t *out, struct sd_err *err);

/* Which decimal mark a column of amounts uses, gathered value by value: a comma or a dot
 * followed by one, two or four or more digits at the end is a decimal mark; followed by
 * exactly three, or with the other mark after it, it separates thousands. */
struct amount_evidence {
    int64_t comma, dot;
    long comma_line, dot_line;
    char comma_text[32], dot_text[32];
};
void amount_observe(struct amount_evidence *e, const char *text, long line);
/* '.' or ','; '.' when nothing says; SD_INPUT when the values disagree (naming both). */
int amount_decide(const struct amount_evidence *e, char *decimal, struct sd_err *err);

enum money_format_flags {
    MONEY_SYMBOL = 1 << 0, /* ¥1,280.00 for the shop's currency, CAD 1,280.00 for others */
    MONEY_GROUP = 1 << 1,  /* thousands separators */
    MONEY_PLAIN = 0,       /* 1280.00: for CSV and for parsing back */
};

/* Format v into buf (size n) and return buf. */
char *money_format(int64_t v, const struct currency *cur, int flags, char *buf, size_t n);

/* A rate between two currencies in millionths: how many units of the shop's currency one
 * unit of another is worth, times 10^6 (7.1 CNY a dollar is 7100000). Parsed from "7.1",
 * at most six decimal places, above zero. */
int money_rate_parse(const char *s, int64_t *micro, struct sd_err *err);
/* v minor units of from, in minor units of to at rate (millionths), rounded half away from
 * zero. False on overflow. */
bool money_convert(int64_t v, const struct currency *from, const struct currency *to,
                   int64_t micro, int64_t *out);

/* Checked arithmetic: false on overflow past MONEY_MAX. */
bool money_add(int64_t a, int64_t b, int64_t *out);
bool money_mul(int64_t a, int64_t qty, int64_t *out);

#endif
