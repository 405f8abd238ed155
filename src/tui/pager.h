#ifndef SHOPDESK_TUI_PAGER_H
#define SHOPDESK_TUI_PAGER_H

#include "conf/theme.h"
#include "tui/ui.h"

/* A scrolling text view pushed over a screen: detail views, the help, reports. Lines are
 * copied. A detail view that acts (ship, pay) gives a key callback and a context. */
struct pager;

struct pager *pager_new(const char *title);
void pager_set_title(struct pager *p, const char *title);
void pager_line(struct pager *p, enum theme_slot slot, const char *text);
/* Text wrapped to the screen's width, indented four columns, at most maxlines lines (the
 * last ends with "…" when there is more). Returns the lines added (0 for empty text). */
int pager_wrapped(struct pager *p, enum theme_slot slot, const char *text, int maxlines);
void pager_linef(struct pager *p, enum theme_slot slot, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line of label: value pairs aligned at a column. */
void pager_field(struct pager *p, const char *label, enum theme_slot slot, const char *value);
void pager_clear(struct pager *p);
/* Keys the pager does not use go to on_key (R_NONE: not used). rebuild is called when data
 * changed elsewhere; free_ctx releases ctx with the pager. */
void pager_set_handler(struct pager *p,
                       enum reaction (*on_key)(struct ui *ui, struct pager *p, void *ctx,
                                               int key, enum action a),
                       void (*rebuild)(struct ui *ui, struct pager *p, void *ctx),
                       void (*free_ctx)(void *ctx), void *ctx);
void pager_set_hint(struct pager *p, const char *hint);
/* Rebuild every that many seconds, for countdowns (0: only when data changed). */
void pager_set_tick(struct pager *p, int seconds);
/* Lines added after this belong to item (a row a key acts on: a rating, an action item); 0:
 * to none. A pager with items moves a selection from item to item instead of scrolling
 * line by line, and keeps it on the same item when rebuilt. */
void pager_item(struct pager *p, long long item);
/* The selected item, 0 when none; select one (when it is there). */
long long pager_selected(const struct pager *p);
void pager_select(struct pager *p, long long item);
void pager_push(struct ui *ui, struct pager *p);

#endif
