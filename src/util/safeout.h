#ifndef SHOPDESK_UTIL_SAFEOUT_H
#define SHOPDESK_UTIL_SAFEOUT_H

#include <stdbool.h>

/* The command line's text goes to people's terminals, and much of it is customers' data
 * (names, notes, comments) and file contents (in error messages). These put a filter between
 * stdout or stderr and the terminal: every control character but newline and tab, DEL, the
 * C1 controls (U+0080-U+009F) and invalid UTF-8 come out as visible escapes ("\x1b",
 * "\u009b", "\xff"), so no escape sequence in the data reaches the terminal (a title, a
 * clipboard write, a cleared screen). Safe to call once each. */
void safe_out_install(void);
void safe_err_install(void);
/* CSV and JSON carry the data exactly (JSON escapes controls itself): the stdout filter steps
 * aside while raw. */
void safe_out_raw(bool raw);

#endif
