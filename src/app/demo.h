#ifndef SHOPDESK_APP_DEMO_H
#define SHOPDESK_APP_DEMO_H

#include <stdint.h>

#include "core/status.h"

/* The demo shop: staff in every role and, as each capability lands, members, orders and the
 * rest, generated with a fixed seed relative to "now". Built in a temporary directory and
 * moved into place, replacing an older demo. The invoking login is its owner. */
#define DEMO_SEED 20261123u

int demo_create(const char *dir, const char *owner, struct sd_err *err);

#endif
