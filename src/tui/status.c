#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/session.h"
#include "core/clock.h"
#include "store/refunds.h"
#include "tui/status.h"
#include "util/i18n.h"

void status_load(struct session *s, struct status_counts *c)
{
    memset(c, 0, sizeof *c);
    int64_t deadline_before = clock_now() - (int64_t)s->set.refunds.sla_minutes * 60;
    store_refund_queue_counts(s->st, deadline_before, &c->waiting, &c->overdue, NULL);
}

void status_format(const struct status_counts *c, char *buf, size_t n)
{
    /* L10N: the status line's refund counts, on every screen; max 34 columns */
    snprintf(buf, n, _("Refunds: %d waiting \xc2\xb7 %d overdue"), c->waiting, c->overdue);
}
