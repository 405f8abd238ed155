#ifndef SHOPDESK_TUI_LIST_H
#define SHOPDESK_TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* A list of any length shown through a window of rows fetched by key (keyset paging): moving
 * deep into two million orders costs the same as the first page, and nothing ever counts the
 * whole table. The source fetches rows relative to a row it was given. */
struct list_source {
    size_t row_size;
    /* Up to n rows after (forward) or before (backward, nearest first) the row from, which is
     * included when inclusive; from NULL means the start (forward) or the end (backward).
     * Rows are written to out (n * row_size bytes). Returns the count, or -1 with err. */
    int (*fetch)(void *ctx, const void *from, bool forward, bool inclusive, int n, void *out,
                 struct sd_err *err);
    void (*row_free)(void *row);
    /* The row's identity (an order id, a refund id) to keep the selection across reloads. */
    long long (*id)(const void *row);
    /* NULL: every row can be selected. Otherwise the selection passes over the rows this says
     * no to (a blank line, a heading), and a heading right above the selection stays shown. */
    bool (*selectable)(void *ctx, const void *row);
};

struct list {
    const struct list_source *src;
    void *ctx;
    char *rows;
    int n, cap;
    int sel, top;
    bool at_start, at_end;
    int page;
    struct sd_err err;
};

void list_init(struct list *l, const struct list_source *src, void *ctx);
void list_free(struct list *l);
/* Load from the start. Returns SD_OK or the fetch error (also kept in l->err). */
int list_load(struct list *l);
/* Data changed: fetch again around the visible rows, keeping the selection. */
int list_reload(struct list *l);
void list_move(struct list *l, int delta);
/* PgDn (dir 1) or PgUp (-1): the rows scroll by a page less one, the last row of one page
 * the first of the next, and the selection keeps its place on the screen. */
void list_page(struct list *l, int dir);
void list_first(struct list *l);
void list_last(struct list *l);
/* Selected row or NULL. */
void *list_selected(struct list *l);
void *list_row(struct list *l, int i);
/* Adjust top for a viewport of rows lines (call before drawing). */
void list_set_page(struct list *l, int rows);
bool list_empty(const struct list *l);

#endif
