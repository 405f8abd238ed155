#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "util/utf8.h"
#include "util/width.h"

static bool use_libc;
static bool ascii_mode;

void width_init(void)
{
    const char *cs = nl_langinfo(CODESET);
    use_libc = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

void width_set_ascii(bool ascii)
{
    ascii_mode = ascii;
}

struct range {
    uint32_t lo, hi;
};

/* East Asian Wide and Fullwidth blocks (Unicode 15), the parts shops meet: CJK, kana, Hangul,
 * fullwidth forms and the emoji planes. */
static const struct range wide[] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x23f0, 0x23f0},   {0x23f3, 0x23f3},   {0x25fd, 0x25fe},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},   {0x26ce, 0x26ce},
    {0x26d4, 0x26d4},   {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5},
    {0x26fa, 0x26fa},   {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
    {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27b0, 0x27b0},   {0x27bf, 0x27bf},
    {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
    {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x16fe4},
    {0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
    {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f202}, {0x1f210, 0x1f23b},
    {0x1f240, 0x1f248}, {0x1f250, 0x1f251}, {0x1f260, 0x1f265}, {0x1f300, 0x1f320},
    {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c}, {0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca},
    {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4}, {0x1f3f8, 0x1f43e},
    {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e},
    {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4},
    {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2},
    {0x1f6d5, 0x1f6d7}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc}, {0x1f7e0, 0x1f7eb},
    {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1faff},
    {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

/* Zero-width: combining marks, joiners, variation selectors. */
static const struct range zero[] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
    {0x200b, 0x200f}, {0x202a, 0x202e}, {0x2060, 0x2064}, {0x20d0, 0x20ff}, {0x302a, 0x302d},
    {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff}, {0xe0100, 0xe01ef},
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < t[mid].lo)
            hi = mid;
        else if (cp > t[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Bidi controls and zero-width characters: in data they can make text read otherwise than
 * it is (a name that reverses what follows it, a code with an invisible character in it). */
static bool is_deceptive(uint32_t cp)
{
    return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

static bool console_mode;

void width_set_console(bool on)
{
    console_mode = on;
}

int width_cp(uint32_t cp)
{
    if (is_control(cp))
        return 1;
    if (use_libc) {
        int w = wcwidth((wchar_t)cp);
        if (w >= 0)
            return w > 2 ? 2 : w;
    }
    if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

/* One unit of s at i: a glyph, or what stands for something that must not reach a terminal
 * as it is (a control, an invalid byte; in the console a bidi or zero-width character too),
 * written out in esc as a visible escape ("\x1b", "\u202e"). *adv receives its bytes; the
 * result is its columns. */
static int unit(const char *s, size_t len, size_t i, size_t *adv, char esc[12])
{
    uint32_t cp;
    int n = utf8_decode(s + i, len - i, &cp);
    esc[0] = '\0';
    if (n < 0) {
        *adv = 1;
        snprintf(esc, 12, "\\x%02x", (unsigned char)s[i]);
        return 4;
    }
    *adv = (size_t)n;
    if (cp < 0x80 && is_control(cp)) {
        snprintf(esc, 12, "\\x%02x", (unsigned)cp);
        return 4;
    }
    if (is_control(cp) || (console_mode && is_deceptive(cp))) {
        snprintf(esc, 12, "\\u%04x", (unsigned)cp);
        return 6;
    }
    return width_cp(cp);
}

int width_str(const char *s)
{
    size_t len = strlen(s), i = 0, adv;
    int w = 0;
    char esc[12];
    while (i < len) {
        w += unit(s, len, i, &adv, esc);
        i += adv;
    }
    return w;
}

size_t width_prefix(const char *s, int cols, int *used)
{
    size_t len = strlen(s), i = 0, adv;
    int w = 0;
    char esc[12];
    while (i < len) {
        int cw = unit(s, len, i, &adv, esc);
        if (w + cw > cols)
            break;
        w += cw;
        i += adv;
    }
    if (used)
        *used = w;
    return i;
}

static void pad(struct strbuf *out, int n)
{
    for (int i = 0; i < n; i++)
        sb_addch(out, ' ');
}

/* Append the glyphs of s[0..len), escapes for what cannot be shown as it is. */
static void emit(struct strbuf *out, const char *s, size_t len)
{
    size_t i = 0, adv;
    char esc[12];
    while (i < len) {
        unit(s, len, i, &adv, esc);
        if (esc[0])
            sb_adds(out, esc);
        else
            sb_add(out, s + i, adv);
        i += adv;
    }
}

void width_visible(struct strbuf *out, const char *s)
{
    emit(out, s, strlen(s));
}

int width_fit(struct strbuf *out, const char *s, int cols, enum width_align align)
{
    if (cols <= 0)
        return 0;
    if (!s)
        s = "";
    int total = width_str(s);
    if (total <= cols) {
        if (align == WIDTH_RIGHT)
            pad(out, cols - total);
        emit(out, s, strlen(s));
        if (align == WIDTH_LEFT)
            pad(out, cols - total);
        return cols;
    }
    int used = 0;
    size_t n = width_prefix(s, cols - 1, &used);
    emit(out, s, n);
    pad(out, cols - 1 - used);
    sb_adds(out, ascii_mode ? "~" : "\xe2\x80\xa6");
    return cols;
}
