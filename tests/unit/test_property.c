/* Property tests over random inputs (a million of each by default; PROPERTY_RUNS sets how
 * many, fewer under valgrind): money and time either come back exactly or are refused.
 *   - every amount formatted in every style parses back to itself, in 0-, 2- and 3-decimal
 *     currencies;
 *   - a random string of money-like characters is refused, or read as exactly what a plain
 *     reading of its digits says: never rounded, never half read;
 *   - every date parses back from its text, and "YYYY-MM-DD" with any numbers (years 1970
 *     on, as the shop keeps them) is accepted exactly when the calendar has that day;
 *   - every instant survives ISO 8601 text, in two time zones. */
#include "config.h"

#include <stdbool.h>

#include "core/money.h"
#include "core/tz.h"
#include "util/rng.h"
#include "unit.h"

static long runs(void)
{
    const char *e = getenv("PROPERTY_RUNS");
    long n = e ? atol(e) : 1000000;
    return n > 0 ? n : 1000000;
}

/* An amount of any magnitude: the number of digits first, so small ones are common too. */
static int64_t amount(struct rng *r)
{
    int digits = 1 + (int)rng_below(r, 15);
    int64_t lim = 1;
    for (int i = 0; i < digits; i++)
        lim *= 10;
    int64_t v = (int64_t)rng_below(r, (uint64_t)(lim > MONEY_MAX ? MONEY_MAX : lim));
    return rng_below(r, 4) == 0 ? -v : v;
}

static void test_money_round_trip(void **state)
{
    (void)state;
    const char *codes[] = {"CNY", "JPY", "KWD"};
    const int styles[] = {MONEY_PLAIN, MONEY_GROUP, MONEY_SYMBOL | MONEY_GROUP};
    struct rng r;
    rng_seed(&r, 42);
    long n = runs();
    for (long i = 0; i < n; i++) {
        const struct currency *cur = currency_find(codes[i % 3]);
        int64_t v = amount(&r), back = 0;
        char buf[64];
        money_format(v, cur, styles[(i / 3) % 3], buf, sizeof buf);
        struct sd_err err = {0};
        if (money_parse(buf, cur, MONEY_ALLOW_NEGATIVE, &back, &err) || back != v)
            fail_msg("%s %lld -> '%s' -> %lld (%s)", cur->code, (long long)v, buf,
                     (long long)back, err.msg);
    }
}

/* What s plainly says in minor units, or false: an optional sign, a currency mark before
 * or after the number (not both), a minus after a leading mark, digits with commas between
 * them, one optional point and digits after it of which those beyond `decimals` are zeros.
 * (Where commas may sit is the parser's to refuse; their value is what is checked here.) */
static bool plain_reading(const char *s, int decimals, int64_t *out)
{
    static const char *const marks[] = {"\xc2\xa5", "CNY"};
    const char *p = s;
    while (*p == ' ')
        p++;
    bool neg = false, marked = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        for (p++; *p == ' '; p++)
            ;
    }
    for (size_t i = 0; i < 2; i++)
        if (!strncmp(p, marks[i], strlen(marks[i]))) {
            p += strlen(marks[i]);
            marked = true;
            while (*p == ' ')
                p++;
            break;
        }
    if (*p == '-' && !neg) {
        neg = true;
        for (p++; *p == ' '; p++)
            ;
    }
    int64_t units = 0, frac = 0;
    int ndig = 0, nfrac = 0;
    bool point = false;
    for (; *p && *p != ' ' && (unsigned char)*p < 0x80 && !(*p >= 'A' && *p <= 'Z'); p++) {
        if (*p >= '0' && *p <= '9') {
            if (point) {
                if (++nfrac > decimals) {
                    if (*p != '0')
                        return false;
                    continue;
                }
                frac = frac * 10 + (*p - '0');
            } else {
                if (++ndig > 15)
                    return false;
                units = units * 10 + (*p - '0');
            }
        } else if (*p == ',' && !point && ndig) {
            continue;
        } else if (*p == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    while (*p == ' ')
        p++;
    if (*p && !marked)
        for (size_t i = 0; i < 2; i++)
            if (!strncmp(p, marks[i], strlen(marks[i]))) {
                p += strlen(marks[i]);
                break;
            }
    while (*p == ' ')
        p++;
    if (*p || (!ndig && !nfrac))
        return false;
    if (nfrac > decimals)
        nfrac = decimals;
    for (int i = nfrac; i < decimals; i++)
        frac *= 10;
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    *out = (neg ? -1 : 1) * (units * scale + frac);
    return true;
}

static void test_money_exact_or_refused(void **state)
{
    (void)state;
    static const char *const bits[] = {"0", "1", "2", "5", "9", "12", "999", ".", ",", "-",
                                       " ", "\xc2\xa5", "CNY ", "e", "+", "00", ".5", "x"};
    const struct currency *cny = currency_find("CNY");
    struct rng r;
    rng_seed(&r, 7);
    long n = runs(), accepted = 0;
    for (long i = 0; i < n; i++) {
        char s[96] = "";
        int parts = (int)rng_below(&r, 8);
        for (int k = 0; k < parts; k++)
            strcat(s, bits[rng_below(&r, sizeof bits / sizeof bits[0])]);
        int64_t v = 0, want = 0;
        struct sd_err err = {0};
        if (money_parse(s, cny, MONEY_ALLOW_NEGATIVE, &v, &err) != SD_OK)
            continue;
        accepted++;
        if (!plain_reading(s, 2, &want) || want != v || v > MONEY_MAX || v < -MONEY_MAX)
            fail_msg("'%s' was read as %lld", s, (long long)v);
    }
    /* the generator must reach both sides */
    assert_true(accepted > n / 100);
    assert_true(accepted < n);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static void test_dates(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 11);
    long n = runs();
    for (long i = 0; i < n; i++) {
        int y = 1970 + (int)rng_below(&r, 300), m = (int)rng_below(&r, 14),
            d = (int)rng_below(&r, 33);
        char s[32];
        snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
        bool real = m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
        struct sd_date got;
        struct sd_err err = {0};
        int rc = date_parse(s, &got, &err);
        if (real != (rc == SD_OK))
            fail_msg("%s: %s", s, rc ? "refused" : "accepted");
        if (real) {
            char back[11];
            date_format(got, back);
            if (strcmp(back, s) || got.y != y || got.m != m || got.d != d)
                fail_msg("%s came back as %s", s, back);
        }
    }
}

static void test_instants(void **state)
{
    (void)state;
    const char *zones[] = {"Asia/Shanghai", "America/New_York"};
    struct rng r;
    rng_seed(&r, 13);
    long n = runs();
    for (int z = 0; z < 2; z++) {
        tz_use(zones[z]);
        for (long i = 0; i < n / 2; i++) {
            /* from 1970-01-02 (a local date before 1970 is refused) to 2100 */
            int64_t t = 86400 + (int64_t)rng_below(&r, 4102444800ULL - 86400);
            char s[32];
            time_format_iso(t, s);
            int64_t back = -1;
            struct sd_err err = {0};
            if (time_parse(s, &back, &err) || back != t)
                fail_msg("%s: %lld -> %s -> %lld (%s)", zones[z], (long long)t, s,
                         (long long)back, err.msg);
        }
    }
}

RUN_TESTS(
    cmocka_unit_test(test_money_round_trip),
    cmocka_unit_test(test_money_exact_or_refused),
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_instants),
)
