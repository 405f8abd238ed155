#ifndef SHOPDESK_TUI_COURIERS_VIEW_H
#define SHOPDESK_TUI_COURIERS_VIEW_H

#include "tui/ui.h"

/* The couriers side by side over the Orders screen (owners), for the 30 days to today: each
 * courier and its destination provinces, with shipped, delivered, the median and p90 time
 * to delivery, on time, the ratings, disputes, refunds about delivery and last-mile mystery
 * scores. */
void couriers_view_push(struct ui *ui);

#endif
