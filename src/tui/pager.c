#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "core/clock.h"
#include "tui/pager.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct pline {
    enum theme_slot slot;
    char *text;
    long long item; /* 0: none */
};

struct pager {
    char *title;
    char *hint;
    struct pline *lines;
    int n, cap;
    int top;
    int page;
    long long cur_item; /* what lines added now belong to */
    long long sel;      /* the selected item, 0: none */
    enum reaction (*on_key)(struct ui *, struct pager *, void *, int, enum action);
    void (*rebuild)(struct ui *, struct pager *, void *);
    int tick_every;    /* rebuilt every that many seconds (countdowns); 0: only on changes */
    int64_t last_tick;
    void (*free_ctx)(void *);
    void *ctx;
};

struct pager *pager_new(const char *title)
{
    struct pager *p = xcalloc(1, sizeof *p);
    p->title = xstrdup(title);
    return p;
}

void pager_set_title(struct pager *p, const char *title)
{
    free(p->title);
    p->title = xstrdup(title);
}

void pager_set_hint(struct pager *p, const char *hint)
{
    free(p->hint);
    p->hint = hint ? xstrdup(hint) : NULL;
}

void pager_line(struct pager *p, enum theme_slot slot, const char *text)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
    }
    p->lines[p->n++] = (struct pline){slot, xstrdup(text), p->cur_item};
    if (p->cur_item && !p->sel)
        p->sel = p->cur_item;
}

void pager_item(struct pager *p, long long item)
{
    p->cur_item = item;
}

long long pager_selected(const struct pager *p)
{
    return p->sel;
}

/* The first and last line of an item; -1 when it is not there. */
static int item_first(const struct pager *p, long long item)
{
    for (int i = 0; item && i < p->n; i++)
        if (p->lines[i].item == item)
            return i;
    return -1;
}

static int item_last(const struct pager *p, long long item)
{
    for (int i = p->n - 1; item && i >= 0; i--)
        if (p->lines[i].item == item)
            return i;
    return -1;
}

/* Scroll so the selected item is in view (with the heading right above it at the top). */
static void show_selected(struct pager *p)
{
    int first = item_first(p, p->sel), last = item_last(p, p->sel);
    if (first < 0)
        return;
    int lead = first > 0 && !p->lines[first - 1].item ? 1 : 0;
    if (first - lead < p->top)
        p->top = first - lead;
    int page = p->page > 0 ? p->page : 1 << 20; /* not drawn yet: any */
    if (last >= p->top + page)
        p->top = last - page + 1;
    if (first < p->top)
        p->top = first;
}

void pager_select(struct pager *p, long long item)
{
    if (item_first(p, item) >= 0) {
        p->sel = item;
        show_selected(p);
    }
}

/* The item after (dir 1) or before (dir -1) the selected one; the selection when none. */
static long long item_next(const struct pager *p, int dir)
{
    int i = dir > 0 ? item_last(p, p->sel) : item_first(p, p->sel);
    if (i < 0)
        return p->sel;
    for (i += dir; i >= 0 && i < p->n; i += dir)
        if (p->lines[i].item && p->lines[i].item != p->sel)
            return p->lines[i].item;
    return p->sel;
}

static bool has_items(const struct pager *p)
{
    return p->sel != 0;
}

struct wrapped_to {
    struct pager *p;
    enum theme_slot slot;
};

static void add_indented(void *arg, const char *line)
{
    struct wrapped_to *w = arg;
    struct strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "    %s", line);
    pager_line(w->p, w->slot, sb_str(&sb));
    sb_free(&sb);
}

int pager_wrapped(struct pager *p, enum theme_slot slot, const char *text, int maxlines)
{
    struct wrapped_to w = {p, slot};
    int width = COLS - 8;
    return wrap_each(text, width < 20 ? 20 : width, maxlines, add_indented, &w);
}

void pager_linef(struct pager *p, enum theme_slot slot, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    pager_line(p, slot, sb_str(&sb));
    sb_free(&sb);
}

void pager_field(struct pager *p, const char *label, enum theme_slot slot, const char *value)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "  ");
    width_fit(&sb, label, 16, WIDTH_LEFT);
    sb_adds(&sb, " ");
    sb_adds(&sb, value ? value : "");
    pager_line(p, slot, sb_str(&sb));
    sb_free(&sb);
}

void pager_clear(struct pager *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->lines[i].text);
    p->n = 0;
    p->cur_item = 0;
}

void pager_set_handler(struct pager *p,
                       enum reaction (*on_key)(struct ui *, struct pager *, void *, int,
                                               enum action),
                       void (*rebuild)(struct ui *, struct pager *, void *),
                       void (*free_ctx)(void *), void *ctx)
{
    p->on_key = on_key;
    p->rebuild = rebuild;
    p->free_ctx = free_ctx;
    p->ctx = ctx;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct pager *p = state;
    (void)ui;
    draw_text(top, 0, COLS, SLOT_HEADING, p->title, WIDTH_LEFT);
    int body = rows - 1;
    p->page = body > 1 ? body : 1;
    if (p->top > p->n - body)
        p->top = p->n - body;
    if (p->top < 0)
        p->top = 0;
    for (int i = 0; i < body; i++) {
        int li = p->top + i;
        if (li >= p->n)
            break;
        bool sel = p->sel && p->lines[li].item == p->sel;
        if (sel)
            draw_fill(top + 1 + i, 0, COLS, SLOT_SELECTED);
        draw_text(top + 1 + i, 1, COLS - 2, sel ? SLOT_SELECTED : p->lines[li].slot,
                  p->lines[li].text, WIDTH_LEFT);
    }
    if (p->top + body < p->n)
        draw_text(top + rows - 1, COLS - 3, 2, SLOT_DIM, "\xe2\x86\x93", WIDTH_RIGHT);
}

static const char *hint(void *state)
{
    struct pager *p = state;
    return p->hint;
}

static enum reaction key(struct ui *ui, void *state, int k, enum action a)
{
    struct pager *p = state;
    if (has_items(p)) {
        switch (a) {
        case ACT_DOWN:
        case ACT_UP:
            p->sel = item_next(p, a == ACT_DOWN ? 1 : -1);
            show_selected(p);
            return R_REDRAW;
        case ACT_FIRST:
        case ACT_LAST:
            for (int i = 0; i < p->n; i++) {
                int li = a == ACT_FIRST ? i : p->n - 1 - i;
                if (p->lines[li].item) {
                    p->sel = p->lines[li].item;
                    break;
                }
            }
            if (a == ACT_FIRST)
                p->top = 0;
            show_selected(p);
            return R_REDRAW;
        case ACT_PAGE_DOWN:
        case ACT_PAGE_UP: {
            /* a page on, and the selection on the first item shown there */
            p->top += a == ACT_PAGE_DOWN ? p->page - 1 : -(p->page - 1);
            if (p->top > p->n - p->page)
                p->top = p->n - p->page;
            if (p->top < 0)
                p->top = 0;
            for (int li = p->top; li < p->n && li < p->top + p->page; li++)
                if (p->lines[li].item) {
                    p->sel = p->lines[li].item;
                    break;
                }
            show_selected(p);
            return R_REDRAW;
        }
        default:
            break;
        }
    }
    switch (a) {
    case ACT_DOWN:
        p->top++;
        return R_REDRAW;
    case ACT_UP:
        if (p->top > 0)
            p->top--;
        return R_REDRAW;
    case ACT_PAGE_DOWN:
        p->top += p->page - 1;
        return R_REDRAW;
    case ACT_PAGE_UP:
        p->top -= p->page - 1;
        if (p->top < 0)
            p->top = 0;
        return R_REDRAW;
    case ACT_FIRST:
        p->top = 0;
        return R_REDRAW;
    case ACT_LAST:
        p->top = p->n;
        return R_REDRAW;
    case ACT_QUIT:
    case ACT_CLEAR:
        return R_BACK;
    default:
        break;
    }
    if (p->on_key)
        return p->on_key(ui, p, p->ctx, k, a);
    return R_NONE;
}

static void pfree(void *state)
{
    struct pager *p = state;
    pager_clear(p);
    free(p->lines);
    free(p->title);
    free(p->hint);
    if (p->free_ctx)
        p->free_ctx(p->ctx);
    free(p);
}

static void reload(struct ui *ui, void *state)
{
    struct pager *p = state;
    if (p->rebuild) {
        int top = p->top;
        long long sel = p->sel;
        /* the item after the selected one, for when the selected one is gone (answered) */
        long long after = sel ? item_next(p, 1) : 0, before = sel ? item_next(p, -1) : 0;
        pager_clear(p);
        p->sel = 0;
        p->rebuild(ui, p, p->ctx);
        p->top = top;
        if (sel && item_first(p, sel) >= 0)
            p->sel = sel;
        else if (after != sel && item_first(p, after) >= 0)
            p->sel = after;
        else if (before != sel && item_first(p, before) >= 0)
            p->sel = before;
        if (p->sel)
            show_selected(p);
    }
}

/* a pager of countdowns is rebuilt as the clock moves on */
static bool tick(struct ui *ui, void *state)
{
    struct pager *p = state;
    if (!p->tick_every || !p->rebuild)
        return false;
    int64_t slot = clock_now() / p->tick_every;
    if (slot == p->last_tick)
        return false;
    p->last_tick = slot;
    reload(ui, p);
    return true;
}

void pager_set_tick(struct pager *p, int seconds)
{
    p->tick_every = seconds;
    p->last_tick = seconds ? clock_now() / seconds : 0;
}

static const struct overlay_ops pager_ops = {draw, key, pfree, tick, reload, hint, NULL};

void pager_push(struct ui *ui, struct pager *p)
{
    ui_push(ui, &pager_ops, p);
}
