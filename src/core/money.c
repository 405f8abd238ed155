#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/money.h"
#include "util/i18n.h"

static const struct currency currencies[] = {
    {"CNY", "\xc2\xa5", 2}, {"USD", "$", 2},    {"EUR", "\xe2\x82\xac", 2},
    {"GBP", "\xc2\xa3", 2}, {"JPY", "\xc2\xa5", 0}, {"KRW", "\xe2\x82\xa9", 0},
    {"HKD", "HK$", 2},      {"TWD", "NT$", 2},  {"SGD", "S$", 2},
    {"AUD", "A$", 2},       {"CAD", "CA$", 2},  {"CHF", "CHF ", 2},
    {"KWD", "KD ", 3},
};

const struct currency *currency_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++)
        if (!strcasecmp(currencies[i].code, code))
            return &currencies[i];
    return NULL;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Skip a currency marker at p: the ISO code, the symbol, or the fullwidth yen sign. */
static const char *skip_symbol(const char *p, const struct currency *cur)
{
    size_t n = strlen(cur->code);
    if (!strncasecmp(p, cur->code, n))
        return skip_space(p + n);
    const char *sym = cur->symbol;
    size_t sl = strlen(sym);
    while (sl > 0 && sym[sl - 1] == ' ')
        sl--;
    if (sl && !strncmp(p, sym, sl))
        return skip_space(p + sl);
    if (!strcmp(cur->symbol, "\xc2\xa5") && !strncmp(p, "\xef\xbf\xa5", 3))
        return skip_space(p + 3);
    return p;
}

int money_parse(const char *s, const struct currency *cur, int flags, int64_t *out,
                struct sd_err *err)
{
    const char *p = skip_space(s ? s : "");
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p = skip_space(p + 1);
    }
    const char *before = p;
    p = skip_symbol(p, cur);
    bool marked = p != before; /* "¥12" or "12 CNY", not both */
    if (*p == '-' && !neg) {
        neg = true;
        p = skip_space(p + 1);
    }
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
        return sd_fail(err, SD_INPUT, _("'%s' is not an amount"), s ? s : "");

    int64_t whole = 0;
    int group_len = -1, digits = 0;
    bool grouped = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (whole > MONEY_MAX / 10)
                return sd_fail(err, SD_INPUT, _("'%s' is too large"), s);
            whole = whole * 10 + (*p - '0');
            digits++;
            if (group_len >= 0)
                group_len++;
        } else if (*p == ',') {
            /* thousands separators must sit between groups of three */
            if (digits == 0 || (grouped && group_len != 3) || (!grouped && digits > 3))
                return sd_fail(err, SD_INPUT, _("'%s' is not an amount"), s);
            grouped = true;
            group_len = 0;
        } else {
            break;
        }
    }
    if (grouped && group_len != 3)
        return sd_fail(err, SD_INPUT, _("'%s' is not an amount"), s);

    int64_t frac = 0;
    int places = 0, sig_places = 0;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p) && digits == 0)
            return sd_fail(err, SD_INPUT, _("'%s' is not an amount"), s);
        for (; isdigit((unsigned char)*p); p++) {
            places++;
            if (*p != '0')
                sig_places = places;
            if (places <= cur->decimals)
                frac = frac * 10 + (*p - '0');
        }
    }
    p = skip_space(p);
    if (*p) {
        const char *q = skip_symbol(p, cur);
        if (q == p || *q || marked)
            return sd_fail(err, SD_INPUT, _("'%s' is not an amount"), s);
    }
    if (sig_places > cur->decimals) {
        if (cur->decimals == 0)
            return sd_fail(err, SD_INPUT, _("'%s' has decimal places; %s has no minor unit"), s,
                           cur->code);
        return sd_fail(err, SD_INPUT,
                       P_("'%s' has %d decimal place; %s allows %d",
                          "'%s' has %d decimal places; %s allows %d", sig_places),
                       s, sig_places, cur->code, cur->decimals);
    }
    for (int i = places < cur->decimals ? places : cur->decimals; i < cur->decimals; i++)
        frac *= 10;
    int64_t scale = 1;
    for (int i = 0; i < cur->decimals; i++)
        scale *= 10;
    if (whole > MONEY_MAX / scale || whole * scale > MONEY_MAX - frac)
        return sd_fail(err, SD_INPUT, _("'%s' is too large"), s);
    int64_t v = whole * scale + frac;
    if (neg && v != 0 && !(flags & MONEY_ALLOW_NEGATIVE))
        return sd_fail(err, SD_INPUT, _("'%s': a negative amount is not allowed here"), s);
    *out = neg ? -v : v;
    return SD_OK;
}

char *money_format(int64_t v, const struct currency *cur, int flags, char *buf, size_t n)
{
    char digits[32];
    bool neg = v < 0;
    uint64_t a = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    uint64_t scale = 1;
    for (int i = 0; i < cur->decimals; i++)
        scale *= 10;
    uint64_t whole = a / scale, frac = a % scale;
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole);
    char grouped[48];
    int g = 0;
    for (int i = 0; i < len; i++) {
        if ((flags & MONEY_GROUP) && i > 0 && (len - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    char fracs[24] = "";
    if (cur->decimals > 0) {
        /* frac < scale, so it has at most `decimals` digits: pad on the left by hand */
        char digits_f[21];
        int fl = snprintf(digits_f, sizeof digits_f, "%llu", (unsigned long long)frac);
        int pad = cur->decimals - fl, k = 0;
        fracs[k++] = '.';
        for (int i = 0; i < pad && k < (int)sizeof fracs - 1; i++)
            fracs[k++] = '0';
        for (int i = 0; i < fl && k < (int)sizeof fracs - 1; i++)
            fracs[k++] = digits_f[i];
        fracs[k] = '\0';
    }
    snprintf(buf, n, "%s%s%s%s", neg ? "-" : "", (flags & MONEY_SYMBOL) ? cur->symbol : "",
             grouped, fracs);
    return buf;
}

bool money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r) || r > MONEY_MAX || r < -MONEY_MAX)
        return false;
    *out = r;
    return true;
}

bool money_mul(int64_t a, int64_t qty, int64_t *out)
{
    int64_t r;
    if (__builtin_mul_overflow(a, qty, &r) || r > MONEY_MAX || r < -MONEY_MAX)
        return false;
    *out = r;
    return true;
}
