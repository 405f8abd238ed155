#ifndef SHOPDESK_TUI_STOCK_VIEW_H
#define SHOPDESK_TUI_STOCK_VIEW_H

#include "tui/ui.h"

/* The shop's stock over the Orders screen: each SKU's new, open-box and defective counts;
 * Enter shows the selected SKU's movements, newest first. */
void stock_view_push(struct ui *ui);

#endif
