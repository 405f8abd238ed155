#ifndef SHOPDESK_TUI_PROMPT_H
#define SHOPDESK_TUI_PROMPT_H

#include "tui/ui.h"

/* Prompts on the message line. They wait through ui_getkey, so a resize repaints everything
 * beneath them, a countdown keeps moving, and a hang-up ends them. */

enum prompt_result { PROMPT_OK, PROMPT_CANCEL, PROMPT_STOP };

/* Edit a line of text (UTF-8, by characters). *out is the caller's on PROMPT_OK. */
int prompt_line(struct ui *ui, const char *label, const char *initial, char **out);
/* The same with Tab completing what is typed: complete(text, out, n) puts the longest
 * completion in out and returns how many names fit (0: none). */
int prompt_line_complete(struct ui *ui, const char *label, const char *initial, char **out,
                         int (*complete)(const char *text, char *out, size_t n));
/* y/n question; true only for y. */
bool prompt_confirm(struct ui *ui, const char *question);
/* One key out of keys ("1234"); returns it, or -1 on Esc or when stopping. */
int prompt_key(struct ui *ui, const char *question, const char *keys);

/* Called by ui_draw: repaint an active prompt and put the cursor in it. */
void prompt_place_cursor(void);

#endif
