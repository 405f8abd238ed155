#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/money.h"
#include "util/i18n.h"

const struct currency *currency_find(const char *code)
{
    if (!code || strlen(code) != 3)
        return NULL;
    char up[4];
    for (int i = 0; i < 3; i++)
        up[i] = (char)toupper((unsigned char)code[i]);
    up[3] = '\0';
    size_t lo = 0, hi = currency_table_size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(currency_table[mid].code, up);
        if (c == 0)
            return &currency_table[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const struct currency *home;

void money_home(const struct currency *cur)
{
    home = cur;
}

const struct currency *money_home_currency(void)
{
    return home;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Skip a currency marker at p: the ISO code, one of the currency's symbols, or the
 * fullwidth yen sign for the yuan and the yen. The longest that fits wins ("CA$" before
 * "$"). */
static const char *skip_symbol(const char *p, const struct currency *cur)
{
    size_t n = strlen(cur->code);
    if (!strncasecmp(p, cur->code, n) && !isalpha((unsigned char)p[n]))
        return skip_space(p + n);
    const char *marks[] = {cur->intl, cur->zh, cur->symbol,
                           !strcmp(cur->code, "CNY") || !strcmp(cur->code, "JPY")
                               ? "\xef\xbf\xa5"
                               : NULL};
    size_t best = 0;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        const char *m = marks[i];
        size_t len = m ? strlen(m) : 0;
        /* a symbol made of letters (kr, Rs, lei) must not eat the start of a word */
        if (len > best && !strncmp(p, m, len) &&
            !(isalpha((unsigned char)m[len - 1]) && isalpha((unsigned char)p[len])))
            best = len;
    }
    return best ? skip_space(p + best) : p;
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
        return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s ? s : "", cur->code);

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
                return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s, cur->code);
            grouped = true;
            group_len = 0;
        } else {
            break;
        }
    }
    if (grouped && group_len != 3)
        return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s, cur->code);

    int64_t frac = 0;
    int places = 0, sig_places = 0;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p) && digits == 0)
            return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s, cur->code);
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
            return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s, cur->code);
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
    const char *mark = "", *gap = "";
    if (flags & MONEY_SYMBOL) {
        /* the shop's own currency by its symbol, any other by its code */
        mark = !home || home == cur ? cur->symbol : cur->code;
        size_t ml = strlen(mark);
        if (ml && isalpha((unsigned char)mark[ml - 1]))
            gap = " "; /* CAD 12.00, kr 12.00 */
    }
    snprintf(buf, n, "%s%s%s%s%s", neg ? "-" : "", mark, gap, grouped, fracs);
    return buf;
}

int money_rate_parse(const char *s, int64_t *micro, struct sd_err *err)
{
    const char *p = s ? s : "";
    int64_t whole = 0, frac = 0;
    int digits = 0, places = 0;
    for (; isdigit((unsigned char)*p); p++, digits++) {
        if (whole > 1000000000)
            return sd_fail(err, SD_INPUT, _("'%s' is not a rate"), s ? s : "");
        whole = whole * 10 + (*p - '0');
    }
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++) {
            if (++places > 6)
                return sd_fail(err, SD_INPUT, _("'%s' has more than six decimal places"), s);
            frac = frac * 10 + (*p - '0');
        }
    if (*p || (digits == 0 && places == 0))
        return sd_fail(err, SD_INPUT, _("'%s' is not a rate"), s ? s : "");
    for (int i = places; i < 6; i++)
        frac *= 10;
    *micro = whole * 1000000 + frac;
    if (*micro <= 0)
        return sd_fail(err, SD_INPUT, _("a rate must be above zero"));
    return SD_OK;
}

bool money_convert(int64_t v, const struct currency *from, const struct currency *to,
                   int64_t micro, int64_t *out)
{
    __int128 num = (__int128)v * micro, den = 1000000;
    for (int i = 0; i < to->decimals; i++)
        num *= 10;
    for (int i = 0; i < from->decimals; i++)
        den *= 10;
    __int128 q = num / den, r = num % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += num < 0 ? -1 : 1;
    if (q > MONEY_MAX || q < -MONEY_MAX)
        return false;
    *out = (int64_t)q;
    return true;
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

/* Blanks a number may hold between its digits: space, no-break space, thin and narrow
 * no-break spaces. Returns the bytes at p that are one, or 0. */
static size_t digit_blank(const char *p)
{
    if (*p == ' ')
        return 1;
    if (!strncmp(p, "\xc2\xa0", 2))
        return 2;
    if (!strncmp(p, "\xe2\x80\x89", 3) || !strncmp(p, "\xe2\x80\xaf", 3))
        return 3;
    return 0;
}

int money_parse_style(const char *s, const struct currency *cur, char decimal, int flags,
                      int64_t *out, struct sd_err *err)
{
    if (!s)
        s = "";
    char thousands = decimal == ',' ? '.' : ',';
    char buf[128];
    size_t n = 0;
    const char *p = s;
    while (*p && n < sizeof buf - 2) {
        size_t b = digit_blank(p);
        bool between = p > s && isdigit((unsigned char)p[-1]);
        if (between && (b || *p == '\'' || *p == thousands)) {
            const char *q = p + (b ? b : 1);
            if (isdigit((unsigned char)*q)) { /* a separator between digits: dropped */
                p = q;
                continue;
            }
        }
        if (*p == decimal && decimal == ',') {
            buf[n++] = '.';
            p++;
            continue;
        }
        buf[n++] = *p++;
    }
    if (*p)
        return sd_fail(err, SD_INPUT, _("'%s' is not an amount in %s"), s, cur->code);
    buf[n] = '\0';
    struct sd_err e = {0};
    int rc = money_parse(buf, cur, flags, out, &e);
    if (!rc)
        return SD_OK;
    /* the message names what was written, not what it was read as */
    char quoted[140], *at;
    snprintf(quoted, sizeof quoted, "'%s'", buf);
    if (strcmp(buf, s) != 0 && (at = strstr(e.msg, quoted)) != NULL)
        return sd_fail(err, rc, "%.*s'%s'%s", (int)(at - e.msg), e.msg, s,
                       at + strlen(quoted));
    return sd_fail(err, rc, "%s", e.msg);
}

void amount_observe(struct amount_evidence *e, const char *text, long line)
{
    /* the last mark and the digits after it */
    const char *last = NULL;
    bool both = false;
    for (const char *p = text; *p; p++)
        if (*p == '.' || *p == ',') {
            if (last && *last != *p)
                both = true;
            last = p;
        }
    if (!last || last == text || !isdigit((unsigned char)last[-1]))
        return;
    size_t after = 0;
    while (isdigit((unsigned char)last[1 + after]))
        after++;
    if (after == 0)
        return;
    bool decimal = both || after != 3;
    if (!decimal)
        return; /* "1,234" or "1.234": either reading */
    if (*last == ',') {
        if (!e->comma++) {
            e->comma_line = line;
            snprintf(e->comma_text, sizeof e->comma_text, "%s", text);
        }
    } else if (!e->dot++) {
        e->dot_line = line;
        snprintf(e->dot_text, sizeof e->dot_text, "%s", text);
    }
}

int amount_decide(const struct amount_evidence *e, char *decimal, struct sd_err *err)
{
    *decimal = '.';
    if (e->comma && e->dot)
        return sd_fail(err, SD_INPUT,
                       _("the amounts disagree on the decimal mark: line %ld writes '%s', line "
                         "%ld '%s'"),
                       e->comma_line, e->comma_text, e->dot_line, e->dot_text);
    if (e->comma)
        *decimal = ',';
    return SD_OK;
}
