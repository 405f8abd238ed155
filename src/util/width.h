#ifndef SHOPDESK_UTIL_WIDTH_H
#define SHOPDESK_UTIL_WIDTH_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

/* Display width, never bytes. Call width_init() once after setlocale(): in a UTF-8 locale the
 * C library's wcwidth() is used, so the widths agree with what curses draws; otherwise an
 * internal table of East Asian wide ranges and combining marks stands in. */
void width_init(void);

/* Columns taken by one code point: 0, 1 or 2. */
int width_cp(uint32_t cp);

/* Text from customers reaches terminals: a control character (C0, DEL, C1) or an invalid byte
 * is never written as it is but as a visible escape ("\x1b", "\u009b", "\xff"); in the
 * console (width_set_console), bidi controls and zero-width characters too ("\u202e"). Every
 * function below measures and writes text that way. */
void width_set_console(bool on);
/* Append s with those escapes. */
void width_visible(struct strbuf *out, const char *s);

/* Columns taken by a string as written (escapes included). */
int width_str(const char *s);

enum width_align { WIDTH_LEFT, WIDTH_RIGHT };

/* Append s to out so that exactly cols columns are used: padded with spaces when shorter,
 * truncated with an ellipsis when longer. A wide glyph or an escape is never split (spaces
 * take its place). Returns cols. */
int width_fit(struct strbuf *out, const char *s, int cols, enum width_align align);

/* Byte length of the longest prefix of s that fits in cols columns without splitting a glyph;
 * *used (if not NULL) receives the columns it takes. */
size_t width_prefix(const char *s, int cols, int *used);

/* The ellipsis used by width_fit ("…" by default, "~" in ASCII mode). */
void width_set_ascii(bool ascii);

#endif
