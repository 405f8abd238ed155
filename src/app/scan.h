#ifndef SHOPDESK_APP_SCAN_H
#define SHOPDESK_APP_SCAN_H

#include "core/status.h"

struct session;

/* What a scanned code (a tracking or an order number) finds. loud: the returns desk must
 * look up (unknown code, nothing to receive). */
struct scan_result {
    bool loud;
    char text[320];
};

int scan_lookup(struct session *s, const char *code, struct scan_result *r, struct sd_err *err);

#endif
