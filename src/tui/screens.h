#ifndef SHOPDESK_TUI_SCREENS_H
#define SHOPDESK_TUI_SCREENS_H

#include "tui/ui.h"

/* The six screens in tab order (1-6). */
#define SCREEN_COUNT 6

extern const struct screen_ops screen_orders;
extern const struct screen_ops screen_refunds;
extern const struct screen_ops screen_scan;
extern const struct screen_ops screen_members;
extern const struct screen_ops screen_mystery;
extern const struct screen_ops screen_review;

const struct screen_ops *const *screens_all(void);

#endif
