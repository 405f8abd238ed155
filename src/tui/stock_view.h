#ifndef SHOPDESK_TUI_STOCK_VIEW_H
#define SHOPDESK_TUI_STOCK_VIEW_H

#include "tui/ui.h"

/* The shop's stock over the Orders screen: each SKU's new, open-box and defective counts;
 * Enter shows the selected SKU's movements, newest first. */
void stock_view_push(struct ui *ui);

/* Defective returns by SKU for the 12 weeks up to the end of `to` (a shop date): units back,
 * share of units sold, reasons, the weeks as bars, the buyers' words. */
struct sd_date;
void defects_view_push(struct ui *ui, struct sd_date to);

#endif
