#ifndef SHOPDESK_STORE_DRAFTS_H
#define SHOPDESK_STORE_DRAFTS_H

#include <stdint.h>

#include "core/status.h"

struct store;

/* Half-typed console forms, one per login and kind, so a dropped SSH connection loses
 * nothing. Each call is its own short write transaction: never held while typing. */
int store_draft_save(struct store *st, const char *login, const char *kind, const char *data,
                     struct sd_err *err);
/* Caller frees *data; SD_NOT_FOUND when there is none. */
int store_draft_load(struct store *st, const char *login, const char *kind, char **data,
                     int64_t *updated_at, struct sd_err *err);
int store_draft_delete(struct store *st, const char *login, const char *kind,
                       struct sd_err *err);

#endif
