#ifndef SHOPDESK_APP_STAFF_OPS_H
#define SHOPDESK_APP_STAFF_OPS_H

#include <stdbool.h>

#include "core/status.h"

struct session;

/* Staff management (owner only). Each call is one audited transaction. */

/* Add a login (or bring back a removed one). SD_CONFLICT if already active staff. */
int staff_add(struct session *s, const char *login, const char *name, unsigned roles,
              struct sd_err *err);
/* Change name and/or roles (NULL name / roles 0: unchanged). */
int staff_edit(struct session *s, const char *login, const char *name, unsigned roles,
               struct sd_err *err);
/* Deactivate. The last active owner cannot be removed. */
int staff_remove(struct session *s, const char *login, struct sd_err *err);

/* A Unix login name: letters, digits, '.', '_' and '-', at most 32 bytes. */
bool staff_login_valid(const char *login);

#endif
