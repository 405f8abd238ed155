#ifndef SHOPDESK_TUI_MYSTERY_FORM_H
#define SHOPDESK_TUI_MYSTERY_FORM_H

#include "tui/ui.h"

/* A mystery-shopper report typed into the console: the person picks one of the shop's
 * scorecards, then fills a form that follows it (the visit, one answer per criterion with
 * what the scale takes shown under the form, findings, one action item, draft or submitted).
 * The half-typed form is kept as a draft per scorecard: after a dropped connection, picking
 * the same card offers it again. Returns the reaction for the caller's handler. */
enum reaction mystery_form_run(struct ui *ui);

#endif
