#include "config.h"

#include <string.h>

#include "util/utf8.h"

int utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0)
        return -1;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if ((c & 0xe0) == 0xc0) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (len < (size_t)n)
        return -1;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return -1;
    *cp = v;
    return n;
}

int utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    } else if (cp < 0x10000) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            return 0;
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    } else if (cp <= 0x10ffff) {
        o[0] = (unsigned char)(0xf0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[3] = (unsigned char)(0x80 | (cp & 0x3f));
        return 4;
    }
    return 0;
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

size_t utf8_length(const char *s)
{
    size_t len = strlen(s), i = 0, count = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        i += n > 0 ? (size_t)n : 1;
        count++;
    }
    return count;
}

size_t utf8_prev(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    size_t p = pos - 1;
    int back = 0;
    while (p > 0 && back < 3 && ((unsigned char)s[p] & 0xc0) == 0x80) {
        p--;
        back++;
    }
    return p;
}

void utf8_copy(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return;
    size_t len = strlen(src);
    if (len < n) {
        memcpy(dst, src, len + 1);
        return;
    }
    size_t cut = n - 1;
    while (cut > 0 && ((unsigned char)src[cut] & 0xc0) == 0x80)
        cut--;
    memcpy(dst, src, cut);
    dst[cut] = '\0';
}

/* The byte a character stood for when UTF-8 was read as Windows-1252: U+0080-U+00FF for
 * themselves, and the characters 1252 puts at 0x80-0x9F. -1 for any other. */
static int cp1252_byte(uint32_t cp)
{
    if (cp >= 0xa0 && cp <= 0xff)
        return (int)cp;
    if (cp >= 0x80 && cp <= 0x9f)
        return (int)cp; /* Latin-1 reading */
    static const uint16_t high[32] = {
        0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
        0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178};
    for (int i = 0; i < 32; i++)
        if (high[i] && high[i] == cp)
            return 0x80 + i;
    return -1;
}

static int seq_length(uint8_t lead)
{
    return lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                                          : lead >= 0xf0 && lead <= 0xf4  ? 4
                                                                          : 0;
}

void mojibake_scan(struct mojibake *m, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            n = 1; /* the caller's text is valid: a cut character, skipped */
            cp = 0;
        }
        i += (size_t)n;
        int b = cp >= 0x80 ? cp1252_byte(cp) : -1;
        if (m->want) {
            if (b >= 0x80 && b <= 0xbf) {
                m->pend[m->npend++] = (uint8_t)b;
                if (m->npend == m->want) {
                    uint32_t orig;
                    if (utf8_decode((const char *)m->pend, (size_t)m->npend, &orig) == m->npend)
                        m->sequences++;
                    else
                        m->strays++;
                    m->want = m->npend = 0;
                }
                continue;
            }
            m->strays++; /* a sequence that stopped short */
            m->want = m->npend = 0;
        }
        if (b < 0) {
            if (cp >= 0x80)
                m->strays += cp <= 0xff; /* an accented letter of its own */
            continue;
        }
        int want = seq_length((uint8_t)b);
        if (!want) {
            m->strays++;
            continue;
        }
        m->pend[0] = (uint8_t)b;
        m->npend = 1;
        m->want = want;
    }
}

bool mojibake_found(const struct mojibake *m)
{
    return m->sequences > 0 && m->strays == 0 && m->want == 0;
}

void mojibake_repair(char *s)
{
    size_t len = strlen(s), i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            s[o++] = s[i++];
            continue;
        }
        int b = cp >= 0x80 ? cp1252_byte(cp) : -1;
        int want = b >= 0 ? seq_length((uint8_t)b) : 0;
        if (want) {
            uint8_t bytes[4] = {(uint8_t)b};
            size_t j = i + (size_t)n;
            int k = 1;
            while (k < want && j < len) {
                uint32_t c2;
                int n2 = utf8_decode(s + j, len - j, &c2);
                int b2 = n2 > 0 ? cp1252_byte(c2) : -1;
                if (b2 < 0x80 || b2 > 0xbf)
                    break;
                bytes[k++] = (uint8_t)b2;
                j += (size_t)n2;
            }
            uint32_t orig;
            if (k == want && utf8_decode((const char *)bytes, (size_t)k, &orig) == k) {
                memcpy(s + o, bytes, (size_t)k); /* never longer than what it replaces */
                o += (size_t)k;
                i = j;
                continue;
            }
        }
        memmove(s + o, s + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    s[o] = '\0';
}

bool utf8_is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30ff) ||   /* hiragana, katakana */
           (cp >= 0x3400 && cp <= 0x4dbf) ||   /* Han, extension A */
           (cp >= 0x4e00 && cp <= 0x9fff) ||   /* Han */
           (cp >= 0xac00 && cp <= 0xd7af) ||   /* hangul syllables */
           (cp >= 0xf900 && cp <= 0xfaff) ||   /* Han compatibility */
           (cp >= 0x20000 && cp <= 0x3134f);   /* Han, extensions B to G */
}

bool utf8_all_cjk(const char *s)
{
    size_t len = strlen(s);
    if (!len)
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n < 0 || !utf8_is_cjk(cp))
            return false;
        i += (size_t)n;
    }
    return true;
}

size_t utf8_cjk_grams(const char *s, char *out, size_t out_size)
{
    size_t len = strlen(s), w = 0;
    const char *prev = NULL; /* the CJK character before this one, in the same run */
    size_t prev_n = 0;
    if (!out_size)
        return 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            prev = NULL;
            i++;
            continue;
        }
        if (!utf8_is_cjk(cp)) {
            prev = NULL;
            i += (size_t)n;
            continue;
        }
        /* " PREV+THIS THIS" (the pair first, then the character alone) */
        size_t need = (prev ? prev_n + (size_t)n + 1 : 0) + (size_t)n + 1;
        if (w + need + 1 > out_size)
            break;
        if (prev) {
            if (w)
                out[w++] = ' ';
            memcpy(out + w, prev, prev_n + (size_t)n);
            w += prev_n + (size_t)n;
        }
        if (w)
            out[w++] = ' ';
        memcpy(out + w, s + i, (size_t)n);
        w += (size_t)n;
        prev = s + i;
        prev_n = (size_t)n;
        i += (size_t)n;
    }
    out[w] = '\0';
    return w;
}
