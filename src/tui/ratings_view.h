#ifndef SHOPDESK_TUI_RATINGS_VIEW_H
#define SHOPDESK_TUI_RATINGS_VIEW_H

#include "tui/ui.h"

/* Push the ratings left to answer over the current screen (its scope must bind A and H: the
 * Orders screen's), the rating of order number selected (NULL, or none: the first). */
void ratings_view_push(struct ui *ui, const char *number);

#endif
