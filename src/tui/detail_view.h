#ifndef SHOPDESK_TUI_DETAIL_VIEW_H
#define SHOPDESK_TUI_DETAIL_VIEW_H

#include "app/detail.h"
#include "tui/pager.h"

/* Put a detail document into a pager: tones become theme slots. */
void detail_to_pager(const struct detail *d, struct pager *p);

#endif
