#ifndef SHOPDESK_TUI_PERFORMANCE_VIEW_H
#define SHOPDESK_TUI_PERFORMANCE_VIEW_H

#include "tui/ui.h"

/* Performance sheets (F7, anywhere): an owner gets the staff's sheets of last month ([ and ]
 * move a month; Enter opens one; S scores it); anyone else their own sheet, to sign (Y) or
 * disagree with (D). */
void performance_view_push(struct ui *ui);

#endif
