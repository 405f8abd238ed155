#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/pager.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct pline {
    enum theme_slot slot;
    char *text;
};

struct pager {
    char *title;
    char *hint;
    struct pline *lines;
    int n, cap;
    int top;
    int page;
    enum reaction (*on_key)(struct ui *, struct pager *, void *, int, enum action);
    void (*rebuild)(struct ui *, struct pager *, void *);
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
    p->lines[p->n++] = (struct pline){slot, xstrdup(text)};
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
        draw_text(top + 1 + i, 1, COLS - 2, p->lines[li].slot, p->lines[li].text, WIDTH_LEFT);
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
        pager_clear(p);
        p->rebuild(ui, p, p->ctx);
        p->top = top;
    }
}

static const struct overlay_ops pager_ops = {draw, key, pfree, NULL, reload, hint, NULL};

void pager_push(struct ui *ui, struct pager *p)
{
    ui_push(ui, &pager_ops, p);
}
