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

/* Where the Review's rows lead (each shows its screen; nothing when the role may not see it):
 * the refund queue, ready to pay by deadline; the orders paid before `hours` ago and still
 * waiting to ship; the ratings left to answer (the rating of order number selected); the open
 * action items. */
void refunds_show_queue(struct ui *ui);
void orders_show_unshipped(struct ui *ui, int hours);
void orders_show_ratings(struct ui *ui, const char *number);
void mystery_show_actions(struct ui *ui);

#endif
