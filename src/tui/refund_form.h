#ifndef SHOPDESK_TUI_REFUND_FORM_H
#define SHOPDESK_TUI_REFUND_FORM_H

#include "tui/ui.h"

/* The refund request form: order, kind, amount or lines, shipping, reason, note, the return
 * tracking number. order_number prefills the order (NULL: empty). Returns the reaction for
 * the caller's handler. */
enum reaction refund_form_run(struct ui *ui, const char *order_number);

#endif
