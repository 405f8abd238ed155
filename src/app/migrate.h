#ifndef SHOPDESK_APP_MIGRATE_H
#define SHOPDESK_APP_MIGRATE_H

#include "app/session.h"
#include "store/copy.h"

/* Move the session's shop (kept in shop.db) into the PostgreSQL database named by to: its
 * schema made there, every row copied in one transaction and compared (rows, money, the
 * audit chain), the move audited in the new database. The old shop.db is left as it was.
 * Owners only. Refused when to already holds a shop (SD_CONFLICT), when it is not a
 * PostgreSQL database or the shop is already on one (SD_USAGE). The session's long-work
 * watch shows its progress and may stop it (SD_CANCELLED, nothing kept). */
int shop_migrate(struct session *s, const char *to, struct copy_report *rep,
                 struct sd_err *err);

#endif
