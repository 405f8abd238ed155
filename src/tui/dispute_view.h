#ifndef SHOPDESK_TUI_DISPUTE_VIEW_H
#define SHOPDESK_TUI_DISPUTE_VIEW_H

#include "tui/ui.h"

/* The open platform disputes over the Refunds screen, the nearest deadline first, each with
 * the time left to answer (overdue in the alarm colour; answered ones wait for the platform
 * at the end). Enter shows one in full; A records the answer sent, C what the platform
 * decided. */
void disputes_view_push(struct ui *ui);

#endif
