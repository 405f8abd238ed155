#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/datefmt.h"
#include "core/tz.h"
#include "util/i18n.h"

bool date_order_parse(const char *s, enum date_order *out)
{
    if (!strcasecmp(s, "dmy"))
        *out = DATE_ORDER_DMY;
    else if (!strcasecmp(s, "mdy"))
        *out = DATE_ORDER_MDY;
    else if (!strcasecmp(s, "auto"))
        *out = DATE_ORDER_AUTO;
    else
        return false;
    return true;
}

const char *date_order_key(enum date_order o)
{
    return o == DATE_ORDER_DMY ? "dmy" : o == DATE_ORDER_MDY ? "mdy" : "auto";
}

/* ---- reading pieces --------------------------------------------------------------------- */

static const char *blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* min..max digits into *v. */
static bool digits(const char **pp, int min, int max, int *v)
{
    const char *p = *pp;
    int n = 0, x = 0;
    while (isdigit((unsigned char)*p) && n < max) {
        x = x * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n < min || isdigit((unsigned char)*p))
        return false;
    *v = x;
    *pp = p;
    return true;
}

static int full_year(int y, int ndigits)
{
    if (ndigits > 2)
        return y;
    return y < 70 ? 2000 + y : 1900 + y;
}

/* An offset from UTC at p: Z, UTC, GMT, +08:00, +0800, +08, GMT+8. */
static bool offset(const char **pp, bool *has, int *off)
{
    const char *p = blanks(*pp);
    *has = false;
    *off = 0;
    if (*p == 'Z' && !isalpha((unsigned char)p[1])) {
        *has = true;
        *pp = p + 1;
        return true;
    }
    if (!strncasecmp(p, "UTC", 3) || !strncasecmp(p, "GMT", 3)) {
        p += 3;
        *has = true;
        if (*p != '+' && *p != '-') {
            *pp = p;
            return true;
        }
    }
    if (*p != '+' && *p != '-') {
        *pp = p;
        return true;
    }
    int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
    p++;
    const char *q = p;
    if (!digits(&p, 1, 4, &h))
        return false;
    if (p - q == 4) { /* +0800 */
        m = h % 100;
        h /= 100;
    } else if (*p == ':') {
        p++;
        if (!digits(&p, 2, 2, &m))
            return false;
    }
    if (h > 14 || m > 59)
        return false;
    *has = true;
    *off = sign * (h * 3600 + m * 60);
    *pp = p;
    return true;
}

/* A time of day at p: H:MM[:SS][.fff] [AM|PM|上午|下午], or nothing. */
static bool time_of_day(const char **pp, int *H, int *M, int *S, bool *any)
{
    const char *p = blanks(*pp);
    *H = *M = *S = 0;
    *any = false;
    /* 上午/下午 may come first: 下午3:05 */
    int half = 0;
    if (!strncmp(p, "\xe4\xb8\x8a\xe5\x8d\x88", 6)) { /* 上午 */
        half = 1;
        p = blanks(p + 6);
    } else if (!strncmp(p, "\xe4\xb8\x8b\xe5\x8d\x88", 6)) { /* 下午 */
        half = 2;
        p = blanks(p + 6);
    }
    if (!isdigit((unsigned char)*p)) {
        *pp = p;
        return half == 0;
    }
    if (!digits(&p, 1, 2, H) || *p != ':')
        return false;
    p++;
    if (!digits(&p, 2, 2, M))
        return false;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, 2, S))
            return false;
        if (*p == '.' || *p == ',') { /* fractions of a second are dropped */
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    const char *q = blanks(p);
    if (!half) {
        if (!strncasecmp(q, "am", 2) || !strncasecmp(q, "a.m.", 4)) {
            half = 1;
            p = q + (q[1] == '.' ? 4 : 2);
        } else if (!strncasecmp(q, "pm", 2) || !strncasecmp(q, "p.m.", 4)) {
            half = 2;
            p = q + (q[1] == '.' ? 4 : 2);
        }
    }
    if (half) {
        if (*H < 1 || *H > 12)
            return false;
        *H = *H % 12 + (half == 2 ? 12 : 0);
    }
    if (*H > 23 || *M > 59 || *S > 60)
        return false;
    *any = true;
    *pp = p;
    return true;
}

/* The rest after a date: [T| |, ]time [offset]. */
static bool rest(const char *p, int *H, int *M, int *S, bool *has_off, int *off)
{
    if (*p == 'T' || *p == ',')
        p++;
    bool any;
    if (!time_of_day(&p, H, M, S, &any))
        return false;
    if (!offset(&p, has_off, off))
        return false;
    if (*has_off && !any)
        return false;
    p = blanks(p);
    return *p == '\0';
}

/* x/y/z with separators / . - and a two- or four-digit year last. */
struct xyz {
    int a, b, year;
    const char *after;
};

static bool read_xyz(const char *p, struct xyz *x)
{
    int ndig;
    const char *q;
    if (!digits(&p, 1, 2, &x->a))
        return false;
    char sep = *p;
    if (sep != '/' && sep != '.' && sep != '-')
        return false;
    p++;
    if (!digits(&p, 1, 2, &x->b) || *p != sep)
        return false;
    p++;
    q = p;
    if (!digits(&p, 2, 4, &x->year))
        return false;
    ndig = (int)(p - q);
    if (ndig == 3)
        return false;
    x->year = full_year(x->year, ndig);
    if (sep == '.' && *p == '.') /* 20.11.2026. */
        p++;
    x->after = p;
    return true;
}

void date_observe(struct date_evidence *e, const char *text, long line)
{
    struct xyz x;
    const char *p = blanks(text);
    if (!read_xyz(p, &x))
        return;
    bool day_first = x.a >= 1 && x.a <= 31 && x.b >= 1 && x.b <= 12;
    bool month_first = x.a >= 1 && x.a <= 12 && x.b >= 1 && x.b <= 31;
    if (day_first && month_first) {
        if (x.a != x.b) {
            if (!e->either++) {
                e->either_line = line;
                snprintf(e->either_text, sizeof e->either_text, "%s", text);
            }
        }
    } else if (day_first) {
        if (!e->dmy++)
            e->dmy_line = line;
    } else if (month_first) {
        if (!e->mdy++)
            e->mdy_line = line;
    }
}

int date_decide(const struct date_evidence *e, enum date_order *out, struct sd_err *err)
{
    *out = DATE_ORDER_AUTO;
    if (e->dmy && e->mdy)
        return sd_fail(err, SD_INPUT,
                       _("the dates disagree: line %ld has the day first, line %ld the month "
                         "first (give the file's order with --date-order dmy or mdy, and check "
                         "those lines)"),
                       e->dmy_line, e->mdy_line);
    if (e->dmy)
        *out = DATE_ORDER_DMY;
    else if (e->mdy)
        *out = DATE_ORDER_MDY;
    else if (e->either) {
        struct xyz x;
        read_xyz(blanks(e->either_text), &x);
        return sd_fail(err, SD_INPUT,
                       _("'%s' reads as %04d-%02d-%02d day first or %04d-%02d-%02d month "
                         "first, and no date in the file tells which: give --date-order dmy or "
                         "--date-order mdy (or date_order: in the mapping)"),
                       e->either_text, x.year, x.b, x.a, x.year, x.a, x.b);
    }
    return SD_OK;
}

/* ---- month names ----------------------------------------------------------------------- */

struct lang_months {
    const char *lang;
    const char *const *names; /* 12 groups, names separated by '|', full names first */
};

static const char *const en[] = {"january|jan",   "february|feb", "march|mar",
                                 "april|apr",     "may",          "june|jun",
                                 "july|jul",      "august|aug",   "september|sept|sep",
                                 "october|oct",   "november|nov", "december|dec"};
static const char *const de[] = {"januar|jan",  "februar|feb", "m\xc3\xa4rz|m\xc3\xa4r|mrz",
                                 "april|apr",   "mai",         "juni|jun",
                                 "juli|jul",    "august|aug",  "september|sept|sep",
                                 "oktober|okt", "november|nov", "dezember|dez"};
static const char *const fr[] = {"janvier|janv",          "f\xc3\xa9vrier|f\xc3\xa9vr|fevr",
                                 "mars",                  "avril|avr",
                                 "mai",                   "juin",
                                 "juillet|juil",          "ao\xc3\xbbt|aout",
                                 "septembre|sept",        "octobre|oct",
                                 "novembre|nov",          "d\xc3\xa9""cembre|d\xc3\xa9""c|dec"};
static const char *const es[] = {"enero|ene",      "febrero|feb",  "marzo|mar",
                                 "abril|abr",      "mayo|may",     "junio|jun",
                                 "julio|jul",      "agosto|ago",   "septiembre|sept|sep",
                                 "octubre|oct",    "noviembre|nov", "diciembre|dic"};
static const char *const it[] = {"gennaio|gen",   "febbraio|feb", "marzo|mar",
                                 "aprile|apr",    "maggio|mag",   "giugno|giu",
                                 "luglio|lug",    "agosto|ago",   "settembre|set",
                                 "ottobre|ott",   "novembre|nov", "dicembre|dic"};
static const char *const pt[] = {"janeiro|jan",   "fevereiro|fev", "mar\xc3\xa7o|marco|mar",
                                 "abril|abr",     "maio|mai",      "junho|jun",
                                 "julho|jul",     "agosto|ago",    "setembro|set",
                                 "outubro|out",   "novembro|nov",  "dezembro|dez"};
static const char *const nl[] = {"januari|jan",   "februari|feb", "maart|mrt|maa",
                                 "april|apr",     "mei",          "juni|jun",
                                 "juli|jul",      "augustus|aug", "september|sep",
                                 "oktober|okt",   "november|nov", "december|dec"};
static const struct lang_months langs[] = {
    {"en", en}, {"de", de}, {"fr", fr}, {"es", es}, {"it", it}, {"pt", pt}, {"nl", nl},
};

static const struct lang_months *find_lang(const char *lang)
{
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
        if (!strcasecmp(langs[i].lang, lang))
            return &langs[i];
    return NULL;
}

/* Case-insensitive prefix match of name at p (ASCII letters folded; accented letters as
 * written, lower or upper case of the common ones). */
static size_t name_at(const char *p, const char *name, size_t nlen)
{
    for (size_t i = 0; i < nlen; i++) {
        unsigned char a = (unsigned char)p[i], b = (unsigned char)name[i];
        if (!a)
            return 0;
        if (a < 0x80 && b < 0x80) {
            if (tolower(a) != tolower(b))
                return 0;
        } else if (a != b && !(a == 0xc3 && b == 0xc3) &&
                   !(i > 0 && (unsigned char)name[i - 1] == 0xc3 && (a | 0x20) == b)) {
            return 0;
        }
    }
    /* a whole word: not the start of a longer one */
    return isalpha((unsigned char)p[nlen]) ? 0 : nlen;
}

/* A month's name at p in lang: *m 1-12, the bytes taken (a trailing dot included). */
static size_t month_at(const char *p, const char *lang, int *m)
{
    if (!strcasecmp(lang, "zh")) {
        /* 1月 .. 12月, 一月 .. 十二月 */
        static const char *const cn[] = {"\xe4\xb8\x80", "\xe4\xba\x8c", "\xe4\xb8\x89",
                                         "\xe5\x9b\x9b", "\xe4\xba\x94", "\xe5\x85\xad",
                                         "\xe4\xb8\x83", "\xe5\x85\xab", "\xe4\xb9\x9d",
                                         "\xe5\x8d\x81", "\xe5\x8d\x81\xe4\xb8\x80",
                                         "\xe5\x8d\x81\xe4\xba\x8c"};
        for (int k = 11; k >= 0; k--) {
            size_t n = strlen(cn[k]);
            if (!strncmp(p, cn[k], n) && !strncmp(p + n, "\xe6\x9c\x88", 3)) {
                *m = k + 1;
                return n + 3;
            }
        }
        const char *q = p;
        int v;
        if (digits(&q, 1, 2, &v) && v >= 1 && v <= 12 && !strncmp(q, "\xe6\x9c\x88", 3)) {
            *m = v;
            return (size_t)(q - p) + 3;
        }
        return 0;
    }
    const struct lang_months *l = find_lang(lang);
    if (!l)
        return 0;
    size_t best = 0;
    for (int k = 0; k < 12; k++) {
        const char *g = l->names[k];
        while (*g) {
            const char *bar = strchr(g, '|');
            size_t nlen = bar ? (size_t)(bar - g) : strlen(g);
            size_t got = name_at(p, g, nlen);
            if (got > best) {
                best = got;
                *m = k + 1;
            }
            g += nlen + (bar ? 1 : 0);
        }
    }
    if (best && p[best] == '.')
        best++;
    return best;
}

int date_format_check(const struct date_format *f, struct sd_err *err)
{
    if (!f->pattern[0])
        return SD_OK;
    const char *lang = f->lang[0] ? f->lang : "en";
    if (strcasecmp(lang, "zh") && !find_lang(lang))
        return sd_fail(err, SD_INPUT,
                       _("unknown date language '%s' (en, de, fr, es, it, pt, nl, zh)"), lang);
    bool y = false, m = false, d = false;
    for (const char *p = f->pattern; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        switch (*p) {
        case 'Y':
        case 'y':
            y = true;
            break;
        case 'm':
        case 'b':
            m = true;
            break;
        case 'd':
        case 'e':
            d = true;
            break;
        case 'H':
        case 'I':
        case 'M':
        case 'S':
        case 'p':
        case 'z':
        case '%':
            break;
        default:
            return sd_fail(err, SD_INPUT,
                           _("'%%%c' in the date format '%s' is not one of %%Y %%y %%m %%b %%d "
                             "%%e %%H %%I %%M %%S %%p %%z"),
                           *p ? *p : ' ', f->pattern);
        }
        if (!*p)
            break;
    }
    if (!y || !m || !d)
        return sd_fail(err, SD_INPUT,
                       _("the date format '%s' needs a year, a month and a day"), f->pattern);
    return SD_OK;
}

/* A mapping's format, strptime-like. */
static bool by_format(const char *text, const struct date_format *f, struct sd_date *d, int *H,
                      int *M, int *S, bool *has_off, int *off)
{
    const char *lang = f->lang[0] ? f->lang : "en";
    const char *p = blanks(text);
    int half = 0;
    *H = *M = *S = 0;
    *has_off = false;
    *off = 0;
    d->y = d->m = d->d = 0;
    for (const char *q = f->pattern; *q; q++) {
        if (*q == ' ') {
            p = blanks(p);
            continue;
        }
        if (*q != '%') {
            if (*p != *q)
                return false;
            p++;
            continue;
        }
        q++;
        const char *start = p;
        switch (*q) {
        case 'Y':
            if (!digits(&p, 4, 4, &d->y))
                return false;
            break;
        case 'y':
            if (!digits(&p, 2, 2, &d->y))
                return false;
            d->y = full_year(d->y, 2);
            break;
        case 'm':
            if (!digits(&p, 1, 2, &d->m))
                return false;
            break;
        case 'd':
        case 'e':
            p = blanks(p);
            if (!digits(&p, 1, 2, &d->d))
                return false;
            break;
        case 'H':
            if (!digits(&p, 1, 2, H))
                return false;
            break;
        case 'I':
            if (!digits(&p, 1, 2, H) || *H < 1 || *H > 12)
                return false;
            if (!half)
                half = -1;
            break;
        case 'M':
            if (!digits(&p, 2, 2, M))
                return false;
            break;
        case 'S':
            if (!digits(&p, 2, 2, S))
                return false;
            break;
        case 'b': {
            size_t n = month_at(p, lang, &d->m);
            if (!n)
                return false;
            p += n;
            break;
        }
        case 'p':
            if (!strncasecmp(p, "am", 2) || !strncmp(p, "\xe4\xb8\x8a\xe5\x8d\x88", 6)) {
                half = 1;
                p += *p == 'a' || *p == 'A' ? 2 : 6;
            } else if (!strncasecmp(p, "pm", 2) || !strncmp(p, "\xe4\xb8\x8b\xe5\x8d\x88", 6)) {
                half = 2;
                p += *p == 'p' || *p == 'P' ? 2 : 6;
            } else {
                return false;
            }
            break;
        case 'z':
            if (!offset(&p, has_off, off) || !*has_off)
                return false;
            break;
        case '%':
            if (*p++ != '%')
                return false;
            break;
        default:
            return false;
        }
        (void)start;
    }
    if (*blanks(p))
        return false;
    if (half > 0)
        *H = *H % 12 + (half == 2 ? 12 : 0);
    return *H <= 23 && *M <= 59 && *S <= 60;
}

int datetime_parse(const char *text, enum date_order order, const struct date_format *fmt,
                   int64_t *out, struct sd_err *err)
{
    const char *p = blanks(text);
    struct sd_date d = {0, 0, 0};
    int H = 0, M = 0, S = 0, off = 0;
    bool has_off = false, ok = false;
    if (fmt && fmt->pattern[0]) {
        ok = by_format(p, fmt, &d, &H, &M, &S, &has_off, &off) && date_valid(d);
        if (!ok)
            return sd_fail(err, SD_INPUT, _("'%s' is not a date of the form '%s'"), text,
                           fmt->pattern);
        *out = time_from_fields(d, H, M, S, has_off, off);
        return SD_OK;
    }
    const char *q = p;
    int y;
    if (digits(&q, 4, 4, &y) && (*q == '-' || *q == '/' || *q == '.')) {
        /* year first */
        char sep = *q++;
        d.y = y;
        ok = digits(&q, 1, 2, &d.m) && *q++ == sep && digits(&q, 1, 2, &d.d);
        if (ok && sep == '.' && *q == '.')
            q++;
        ok = ok && date_valid(d) && rest(q, &H, &M, &S, &has_off, &off);
    } else if ((q = p, digits(&q, 4, 4, &y)) && !strncmp(q, "\xe5\xb9\xb4", 3)) {
        /* 2026年11月20日 */
        q += 3;
        d.y = y;
        ok = digits(&q, 1, 2, &d.m) && !strncmp(q, "\xe6\x9c\x88", 3);
        if (ok) {
            q += 3;
            ok = digits(&q, 1, 2, &d.d) && !strncmp(q, "\xe6\x97\xa5", 3);
        }
        if (ok)
            ok = date_valid(d) && rest(q + 3, &H, &M, &S, &has_off, &off);
    } else {
        struct xyz x;
        if (read_xyz(p, &x)) {
            bool day_first_ok = x.b <= 12, month_first_ok = x.a <= 12;
            enum date_order use = order;
            if (use == DATE_ORDER_AUTO) {
                if (day_first_ok && month_first_ok && x.a != x.b)
                    return sd_fail(err, SD_INPUT,
                                   _("'%s' reads as %04d-%02d-%02d day first or %04d-%02d-%02d "
                                     "month first: give --date-order dmy or --date-order mdy"),
                                   text, x.year, x.b, x.a, x.year, x.a, x.b);
                use = day_first_ok ? DATE_ORDER_DMY : DATE_ORDER_MDY;
            }
            d.y = x.year;
            d.d = use == DATE_ORDER_DMY ? x.a : x.b;
            d.m = use == DATE_ORDER_DMY ? x.b : x.a;
            ok = date_valid(d) && rest(x.after, &H, &M, &S, &has_off, &off);
        }
    }
    if (!ok)
        return sd_fail(err, SD_INPUT,
                       _("'%s' is not a date and time (2026-11-20 09:15, 20/11/2026 09:15, "
                         "11/20/26 9:15 AM, ...)"),
                       text);
    *out = time_from_fields(d, H, M, S, has_off, off);
    return SD_OK;
}
