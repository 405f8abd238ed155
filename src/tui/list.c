#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/list.h"
#include "util/xalloc.h"

#define MIN_CAP 240

void list_init(struct list *l, const struct list_source *src, void *ctx)
{
    memset(l, 0, sizeof *l);
    l->src = src;
    l->ctx = ctx;
    l->page = 20;
}

void *list_row(struct list *l, int i)
{
    return l->rows + (size_t)i * l->src->row_size;
}

static void clear_rows(struct list *l)
{
    if (l->src->row_free)
        for (int i = 0; i < l->n; i++)
            l->src->row_free(list_row(l, i));
    l->n = 0;
}

void list_free(struct list *l)
{
    clear_rows(l);
    free(l->rows);
    l->rows = NULL;
    l->cap = 0;
}

static int capacity(struct list *l)
{
    int c = l->page * 4;
    return c < MIN_CAP ? MIN_CAP : c;
}

static void ensure_cap(struct list *l, int cap)
{
    if (l->cap >= cap)
        return;
    l->rows = xrealloc(l->rows, (size_t)cap * l->src->row_size);
    l->cap = cap;
}

static int fetch(struct list *l, const void *from, bool forward, bool inclusive, int n,
                 char **out)
{
    *out = xmalloc((size_t)n * l->src->row_size);
    sd_err_clear(&l->err);
    int got = l->src->fetch(l->ctx, from, forward, inclusive, n, *out, &l->err);
    if (got < 0) {
        free(*out);
        *out = NULL;
    }
    return got;
}

static void drop_front(struct list *l, int k)
{
    if (k <= 0)
        return;
    if (l->src->row_free)
        for (int i = 0; i < k; i++)
            l->src->row_free(list_row(l, i));
    memmove(l->rows, list_row(l, k), (size_t)(l->n - k) * l->src->row_size);
    l->n -= k;
    l->sel -= k;
    l->top -= k;
    l->at_start = false;
}

static void drop_back(struct list *l, int k)
{
    if (k <= 0)
        return;
    if (l->src->row_free)
        for (int i = l->n - k; i < l->n; i++)
            l->src->row_free(list_row(l, i));
    l->n -= k;
    l->at_end = false;
}

/* Append up to a page after the last row. */
static bool extend_forward(struct list *l)
{
    if (l->at_end || l->n == 0)
        return false;
    int want = l->page > 20 ? l->page : 20;
    char *buf;
    int got = fetch(l, list_row(l, l->n - 1), true, false, want, &buf);
    if (got < 0)
        return false;
    if (got < want)
        l->at_end = true;
    int cap = capacity(l);
    if (l->n + got > cap)
        drop_front(l, l->n + got - cap);
    ensure_cap(l, l->n + got);
    memcpy(list_row(l, l->n), buf, (size_t)got * l->src->row_size);
    l->n += got;
    free(buf);
    return got > 0;
}

/* Prepend up to a page before the first row (the source returns them nearest first). */
static bool extend_backward(struct list *l)
{
    if (l->at_start || l->n == 0)
        return false;
    int want = l->page > 20 ? l->page : 20;
    char *buf;
    int got = fetch(l, list_row(l, 0), false, false, want, &buf);
    if (got < 0)
        return false;
    if (got < want)
        l->at_start = true;
    int cap = capacity(l);
    if (l->n + got > cap)
        drop_back(l, l->n + got - cap);
    ensure_cap(l, l->n + got);
    memmove(list_row(l, got), l->rows, (size_t)l->n * l->src->row_size);
    for (int i = 0; i < got; i++)
        memcpy(list_row(l, got - 1 - i), buf + (size_t)i * l->src->row_size,
               l->src->row_size);
    l->n += got;
    l->sel += got;
    l->top += got;
    free(buf);
    return got > 0;
}

static int load_from(struct list *l, const void *from, bool inclusive)
{
    int want = capacity(l) / 2;
    char *buf;
    int got = fetch(l, from, true, inclusive, want, &buf);
    if (got < 0)
        return l->err.code;
    clear_rows(l);
    ensure_cap(l, capacity(l));
    memcpy(l->rows, buf, (size_t)got * l->src->row_size);
    free(buf);
    l->n = got;
    l->at_end = got < want;
    l->at_start = from == NULL;
    return SD_OK;
}

static void settle(struct list *l, int dir);

int list_load(struct list *l)
{
    int rc = load_from(l, NULL, false);
    if (rc == SD_OK) {
        l->sel = l->top = 0;
        settle(l, 1);
    }
    return rc;
}


static int find_id(struct list *l, long long id, int fallback)
{
    for (int i = 0; i < l->n; i++)
        if (l->src->id(list_row(l, i)) == id)
            return i;
    return fallback < l->n ? fallback : l->n - 1;
}

int list_reload(struct list *l)
{
    int sel = l->sel, top = l->top;
    long long id = l->n > 0 ? l->src->id(list_row(l, l->sel)) : -1;
    if (l->n == 0 || l->at_start) {
        /* At the top new rows (a new order) must appear: load from the start. */
        int rc = load_from(l, NULL, false);
        if (rc == SD_OK) {
            l->sel = find_id(l, id, sel);
            if (l->sel < 0)
                l->sel = 0;
            l->top = top;
            settle(l, 1);
        }
        return rc;
    }
    /* Deep in the list: fetch again from the first buffered row, by key. The row stays in
     * the buffer while the source reads its key. */
    char *buf;
    int want = capacity(l) / 2 > l->n ? capacity(l) / 2 : l->n;
    int got = fetch(l, list_row(l, 0), true, true, want, &buf);
    if (got < 0)
        return l->err.code;
    clear_rows(l);
    ensure_cap(l, got > capacity(l) ? got : capacity(l));
    memcpy(l->rows, buf, (size_t)got * l->src->row_size);
    free(buf);
    l->n = got;
    l->at_end = got < want;
    l->at_start = false;
    l->sel = find_id(l, id, sel);
    if (l->sel < 0)
        l->sel = 0;
    l->top = top;
    settle(l, 1);
    return SD_OK;
}

static void keep_visible(struct list *l)
{
    if (l->sel < 0)
        l->sel = 0;
    if (l->n == 0) {
        l->sel = l->top = 0;
        return;
    }
    if (l->sel >= l->n)
        l->sel = l->n - 1;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + l->page)
        l->top = l->sel - l->page + 1;
    if (l->top > l->n - l->page)
        l->top = l->n - l->page;
    if (l->top < 0)
        l->top = 0;
}

static bool selectable(struct list *l, int i)
{
    return !l->src->selectable || l->src->selectable(l->ctx, list_row(l, i));
}

/* The selection on a row that can be selected: the nearest in the direction dir, else the
 * nearest the other way; rows that cannot be selected right above it stay in view. */
static void settle(struct list *l, int dir)
{
    if (!l->src->selectable || l->n == 0)
        return;
    if (l->sel >= l->n)
        l->sel = l->n - 1;
    if (l->sel < 0)
        l->sel = 0;
    int i = l->sel;
    while (i >= 0 && i < l->n && !selectable(l, i))
        i += dir;
    if (i < 0 || i >= l->n) { /* none that way: the other way */
        i = l->sel;
        while (i >= 0 && i < l->n && !selectable(l, i))
            i -= dir;
        if (i < 0 || i >= l->n)
            return; /* nothing to select: stay */
    }
    l->sel = i;
    keep_visible(l);
    int lead = 0;
    while (lead < 2 && i - lead - 1 >= 0 && !selectable(l, i - lead - 1))
        lead++;
    if (l->sel - lead < l->top)
        l->top = l->sel - lead;
}

/* Move the selection by delta rows; a page move scrolls the rows by as much, so the
 * selection keeps its place on the screen. */
static void move_by(struct list *l, int delta, bool page)
{
    int target = l->sel + delta;
    while (target >= l->n && extend_forward(l))
        target = l->sel + delta;
    while (target < 0 && extend_backward(l))
        target = l->sel + delta;
    if (delta > 0 && target >= l->n)
        target = l->n - 1;
    if (delta < 0 && target < 0)
        target = 0;
    if (page)
        l->top += target - l->sel;
    l->sel = target;
    keep_visible(l);
    settle(l, delta < 0 ? -1 : 1);
}

void list_move(struct list *l, int delta)
{
    move_by(l, delta, delta >= l->page || -delta >= l->page);
}

void list_page(struct list *l, int dir)
{
    int step = l->page > 1 ? l->page - 1 : 1;
    move_by(l, dir < 0 ? -step : step, true);
}

void list_first(struct list *l)
{
    if (l->at_start) {
        l->sel = l->top = 0;
        settle(l, 1);
        return;
    }
    list_load(l);
}

void list_last(struct list *l)
{
    if (l->at_end) {
        l->sel = l->n - 1;
        keep_visible(l);
        settle(l, -1);
        return;
    }
    int want = capacity(l) / 2;
    char *buf;
    int got = fetch(l, NULL, false, false, want, &buf);
    if (got < 0)
        return;
    clear_rows(l);
    ensure_cap(l, capacity(l));
    for (int i = 0; i < got; i++)
        memcpy(list_row(l, got - 1 - i), buf + (size_t)i * l->src->row_size, l->src->row_size);
    free(buf);
    l->n = got;
    l->at_end = true;
    l->at_start = got < want;
    l->sel = l->n - 1;
    keep_visible(l);
    settle(l, -1);
}

void *list_selected(struct list *l)
{
    if (l->n == 0 || l->sel < 0 || l->sel >= l->n)
        return NULL;
    return list_row(l, l->sel);
}

void list_set_page(struct list *l, int rows)
{
    l->page = rows > 1 ? rows : 1;
    keep_visible(l);
}

bool list_empty(const struct list *l)
{
    return l->n == 0;
}
