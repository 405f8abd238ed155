#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/prompt.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct prompt {
    const char *label;
    struct strbuf text;
    size_t cursor; /* byte offset */
    bool line_mode;
    int (*complete)(const char *text, char *out, size_t n);
};

static struct prompt *active;

void prompt_place_cursor(void)
{
    if (!active)
        return;
    int y = LINES - 2;
    if (y < 0)
        return;
    /* a question answered by a key may take the whole line, and more lines above it when it
     * is long (it wraps, never cut); a typed answer needs room: a long label goes above */
    int label_w = width_str(active->label);
    int lw;
    if (!active->line_mode || label_w > COLS / 2) {
        int room = COLS;
        int n = draw_wrapped_lines(active->label, room, 4);
        int top = y - n + 1 - (active->line_mode ? 1 : 0);
        if (top < 0)
            top = 0;
        for (int i = top; i <= y; i++)
            draw_fill(i, 0, COLS, SLOT_PROMPT);
        draw_wrapped(top, 0, room, SLOT_PROMPT, active->label, y - top + (active->line_mode ? 0 : 1));
        if (!active->line_mode)
            return;
        lw = -1; /* the answer gets the whole last line */
    } else {
        draw_fill(y, 0, COLS, SLOT_PROMPT);
        lw = draw_text_clip(y, 0, COLS / 2, SLOT_PROMPT, active->label);
    }
    int x = lw + 1;
    int avail = COLS - x - 1;
    if (avail < 4)
        return;
    if (!active->line_mode)
        return;
    const char *s = sb_str(&active->text);
    /* show the part that holds the cursor: drop characters from the left until it fits */
    size_t start = 0;
    char *before = xstrndup(s, active->cursor);
    while (width_str(before + start) > avail - 1) {
        uint32_t cp;
        int n = utf8_decode(before + start, strlen(before + start), &cp);
        start += n > 0 ? (size_t)n : 1;
    }
    int cx = x + width_str(before + start);
    free(before);
    draw_text_clip(y, x, avail, SLOT_PROMPT, s + start);
    move(y, cx < COLS ? cx : COLS - 1);
}

static void insert(struct prompt *p, const char *bytes, size_t n)
{
    struct strbuf nb = STRBUF_INIT;
    sb_add(&nb, sb_str(&p->text), p->cursor);
    sb_add(&nb, bytes, n);
    sb_adds(&nb, sb_str(&p->text) + p->cursor);
    sb_free(&p->text);
    p->text = nb;
    p->cursor += n;
}

static void erase_range(struct prompt *p, size_t from, size_t to)
{
    struct strbuf nb = STRBUF_INIT;
    sb_add(&nb, sb_str(&p->text), from);
    sb_adds(&nb, sb_str(&p->text) + to);
    sb_free(&p->text);
    p->text = nb;
    p->cursor = from;
}

static size_t next_cp(const char *s, size_t pos)
{
    size_t len = strlen(s);
    if (pos >= len)
        return len;
    uint32_t cp;
    int n = utf8_decode(s + pos, len - pos, &cp);
    return pos + (n > 0 ? (size_t)n : 1);
}

int prompt_line(struct ui *ui, const char *label, const char *initial, char **out)
{
    return prompt_line_complete(ui, label, initial, out, NULL);
}

int prompt_line_complete(struct ui *ui, const char *label, const char *initial, char **out,
                         int (*complete)(const char *text, char *out, size_t n))
{
    struct prompt p = {label, STRBUF_INIT, 0, true, complete};
    sb_adds(&p.text, initial ? initial : "");
    p.cursor = p.text.len;
    struct prompt *saved = active;
    active = &p;
    curs_set(1);
    int result = PROMPT_CANCEL;
    for (;;) {
        ui_draw(ui);
        int k = ui_getkey(ui);
        if (k < 0) {
            result = PROMPT_STOP;
            break;
        }
        const char *s = sb_str(&p.text);
        if (k == '\n' || k == '\r' || k == KEYCODE_FN + KEY_ENTER) {
            result = PROMPT_OK;
            break;
        }
        if (k == 27 || k == 3 || k == 7) { /* Esc, ^C, ^G */
            result = PROMPT_CANCEL;
            break;
        }
        if (k == KEYCODE_FN + KEY_BACKSPACE || k == 127 || k == 8) {
            if (p.cursor > 0)
                erase_range(&p, utf8_prev(s, p.cursor), p.cursor);
        } else if (k == KEYCODE_FN + KEY_DC || k == 4) {
            if (p.cursor < p.text.len)
                erase_range(&p, p.cursor, next_cp(s, p.cursor));
        } else if (k == KEYCODE_FN + KEY_LEFT || k == 2) {
            p.cursor = utf8_prev(s, p.cursor);
        } else if (k == KEYCODE_FN + KEY_RIGHT || k == 6) {
            p.cursor = next_cp(s, p.cursor);
        } else if (k == KEYCODE_FN + KEY_HOME || k == 1) {
            p.cursor = 0;
        } else if (k == KEYCODE_FN + KEY_END || k == 5) {
            p.cursor = p.text.len;
        } else if (k == '\t' && p.complete) {
            char done[128];
            int n = p.complete(s, done, sizeof done);
            if (n == 0 || strlen(done) <= p.text.len)
                beep(); /* nothing, or several that go no further */
            if (n > 0 && strlen(done) > p.text.len) {
                sb_reset(&p.text);
                sb_adds(&p.text, done);
                p.cursor = p.text.len;
            }
        } else if (k == 21) { /* ^U */
            erase_range(&p, 0, p.cursor);
        } else if (k == 23) { /* ^W: the word before the cursor */
            size_t e = p.cursor, b = e;
            while (b > 0 && s[b - 1] == ' ')
                b--;
            while (b > 0 && s[b - 1] != ' ')
                b = utf8_prev(s, b);
            erase_range(&p, b, e);
        } else if (k >= 32 && k < KEYCODE_FN && k != 127) {
            char buf[4];
            int n = utf8_encode((uint32_t)k, buf);
            if (n > 0 && p.text.len < 1000)
                insert(&p, buf, (size_t)n);
        }
    }
    active = saved;
    if (!active)
        curs_set(0);
    if (result == PROMPT_OK)
        *out = sb_detach(&p.text);
    sb_free(&p.text);
    ui_draw(ui);
    return result;
}

int prompt_key(struct ui *ui, const char *question, const char *keys)
{
    struct prompt p = {question, STRBUF_INIT, 0, false, NULL};
    struct prompt *saved = active;
    active = &p;
    int result = -1;
    for (;;) {
        ui_draw(ui);
        int k = ui_getkey(ui);
        if (k < 0 || k == 27 || k == 3 || k == 7)
            break;
        if (k > 0 && k < 128 && strchr(keys, k)) {
            result = k;
            break;
        }
        beep();
    }
    active = saved;
    ui_draw(ui);
    return result;
}

bool prompt_confirm(struct ui *ui, const char *question)
{
    int k = prompt_key(ui, question, "yYnN");
    return k == 'y' || k == 'Y';
}
