#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static attr_t slot_attr[SLOT_COUNT];
static short slot_pair[SLOT_COUNT];
static bool use_color;

static attr_t to_curses(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & TATTR_BOLD)
        r |= A_BOLD;
    if (a & TATTR_UNDERLINE)
        r |= A_UNDERLINE;
    if (a & TATTR_REVERSE)
        r |= A_REVERSE;
    if (a & TATTR_DIM)
        r |= A_DIM;
    if (a & TATTR_STANDOUT)
        r |= A_STANDOUT;
    if (a & TATTR_BLINK)
        r |= A_BLINK;
    return r;
}

void draw_init_colors(const struct theme *t, bool color)
{
    use_color = color && has_colors();
    if (use_color) {
        start_color();
        use_default_colors();
        if (COLORS < 8 || COLOR_PAIRS < SLOT_COUNT + 1)
            use_color = false;
    }
    for (int s = 0; s < SLOT_COUNT; s++) {
        const struct theme_style *st = &t->slot[s];
        if (!use_color) {
            slot_attr[s] = to_curses(st->mono);
            slot_pair[s] = 0;
            continue;
        }
        bool bold_fg = false, bold_bg = false;
        short fg = theme_color_fallback(st->fg, COLORS, &bold_fg);
        short bg = theme_color_fallback(st->bg, COLORS, &bold_bg);
        init_pair((short)(s + 1), fg, bg);
        slot_pair[s] = (short)(s + 1);
        slot_attr[s] = to_curses(st->attrs) | (bold_fg ? A_BOLD : 0);
    }
}

bool draw_has_color(void)
{
    return use_color;
}

void draw_slot(enum theme_slot slot)
{
    attr_set(slot_attr[slot], slot_pair[slot], NULL);
}

void draw_text(int y, int x, int w, enum theme_slot slot, const char *s, enum width_align al)
{
    if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + w > COLS)
        w = COLS - x;
    struct strbuf sb = STRBUF_INIT;
    width_fit(&sb, s, w, al);
    draw_slot(slot);
    mvaddstr(y, x, sb_str(&sb));
    sb_free(&sb);
}

int draw_text_clip(int y, int x, int w, enum theme_slot slot, const char *s)
{
    if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + w > COLS)
        w = COLS - x;
    int sw = width_str(s);
    if (sw > w)
        sw = w;
    struct strbuf sb = STRBUF_INIT;
    width_fit(&sb, s, sw, WIDTH_LEFT);
    draw_slot(slot);
    mvaddstr(y, x, sb_str(&sb));
    sb_free(&sb);
    return sw;
}

int wrap_each(const char *s, int w, int maxlines, void (*each)(void *arg, const char *line),
              void *arg)
{
    if (w <= 0 || maxlines <= 0)
        return 0;
    struct strbuf vis = STRBUF_INIT;
    width_visible(&vis, s); /* no control is left to count or split */
    const char *p = sb_str(&vis);
    int lines = 0;
    while (*p && lines < maxlines) {
        if (lines == maxlines - 1 || width_str(p) <= w) { /* the rest, cut if it must be */
            if (each)
                each(arg, p);
            lines++;
            break;
        }
        size_t n = width_prefix(p, w, NULL);
        /* between choices ("1 go on  2 start over") first, then between words */
        size_t cut = n;
        while (cut > n / 3 && !(p[cut] == ' ' && cut > 0 && p[cut - 1] == ' '))
            cut--;
        if (cut <= n / 3)
            cut = n;
        if (cut == n)
            while (cut > 0 && p[cut] != ' ' && p[cut - 1] != ' ')
                cut--;
        if (cut == 0) /* no space to break at (Chinese text): break at the width */
            cut = n;
        if (each) {
            char *part = xstrndup(p, cut);
            each(arg, part);
            free(part);
        }
        lines++;
        p += cut;
        while (*p == ' ')
            p++;
    }
    sb_free(&vis);
    return lines;
}

struct wrap_at {
    int y, x, w;
    enum theme_slot slot;
};

static void draw_one(void *arg, const char *line)
{
    struct wrap_at *a = arg;
    draw_text(a->y++, a->x, a->w, a->slot, line, WIDTH_LEFT);
}

int draw_wrapped(int y, int x, int w, enum theme_slot slot, const char *s, int maxlines)
{
    struct wrap_at a = {y, x, w, slot};
    return wrap_each(s, w, maxlines, draw_one, &a);
}

int draw_wrapped_lines(const char *s, int w, int maxlines)
{
    return wrap_each(s, w, maxlines, NULL, NULL);
}

void draw_fill(int y, int x, int w, enum theme_slot slot)
{
    if (w <= 0 || y < 0 || y >= LINES)
        return;
    if (x + w > COLS)
        w = COLS - x;
    draw_slot(slot);
    mvhline(y, x, ' ', w);
}

void draw_bar_text(struct strbuf *sb, double fraction, int cols)
{
    static const char *const eighths[] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
                                          "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
                                          "\xe2\x96\x89"};
    if (!(fraction > 0)) /* NaN too */
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    int total = (int)(fraction * cols * 8 + 0.5);
    for (int i = 0; i < total / 8; i++)
        sb_adds(sb, "\xe2\x96\x88");
    if (total % 8 && total / 8 < cols)
        sb_adds(sb, eighths[total % 8]);
}

void draw_bar(int y, int x, int cols, double fraction, enum theme_slot slot)
{
    struct strbuf sb = STRBUF_INIT;
    draw_bar_text(&sb, fraction, cols);
    draw_fill(y, x, cols, SLOT_NORMAL);
    draw_slot(slot);
    mvaddstr(y, x, sb_str(&sb));
    sb_free(&sb);
}
