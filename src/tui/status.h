#ifndef SHOPDESK_TUI_STATUS_H
#define SHOPDESK_TUI_STATUS_H

#include <stddef.h>

struct session;

/* What the status line counts on every screen. */
struct status_counts {
    int waiting; /* refunds ready to pay */
    int overdue; /* of those, past the SLA */
};

void status_load(struct session *s, struct status_counts *c);
/* "Refunds: 3 waiting · 1 overdue" into buf. */
void status_format(const struct status_counts *c, char *buf, size_t n);

#endif
