#ifndef SHOPDESK_TUI_DRAW_H
#define SHOPDESK_TUI_DRAW_H

#include <stdbool.h>

#include "conf/theme.h"
#include "util/width.h"

/* Drawing by display columns with semantic slots; all console text goes through here. */

/* Set up colour pairs for the theme. color false: monochrome attributes only. */
void draw_init_colors(const struct theme *t, bool color);
/* Whether colours are in use. */
bool draw_has_color(void);
/* Use slot for the following output. */
void draw_slot(enum theme_slot slot);
/* Text at (y, x) in exactly w columns (padded or cut with an ellipsis). */
void draw_text(int y, int x, int w, enum theme_slot slot, const char *s, enum width_align al);
/* Text at (y, x) cut to at most w columns, not padded; returns the columns used. */
int draw_text_clip(int y, int x, int w, enum theme_slot slot, const char *s);
/* Text wrapped at spaces (anywhere in text without them) over at most maxlines lines of w
 * columns from (y, x), the last one cut with an ellipsis; returns the lines used. */
int draw_wrapped(int y, int x, int w, enum theme_slot slot, const char *s, int maxlines);
/* The lines draw_wrapped would use. */
int draw_wrapped_lines(const char *s, int w, int maxlines);
/* The same lines given one by one to each (NULL: only counted). */
int wrap_each(const char *s, int w, int maxlines, void (*each)(void *arg, const char *line),
              void *arg);
/* w blank columns in the slot's colours. */
void draw_fill(int y, int x, int w, enum theme_slot slot);
/* Draw a horizontal bar of length len (cells) with eighth-block precision in cols cells. */
void draw_bar(int y, int x, int cols, double fraction, enum theme_slot slot);
/* The same bar as text (full and eighth blocks, not padded), for a line of a pager. */
struct strbuf;
void draw_bar_text(struct strbuf *sb, double fraction, int cols);

#endif
