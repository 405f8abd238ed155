#ifndef SHOPDESK_STORE_STAFF_H
#define SHOPDESK_STORE_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* A staff member: a Unix login mapped to a name and roles. Strings are owned by the struct;
 * staff_clear() frees them. */
struct staff {
    char *login;
    char *name;
    unsigned roles;
    bool active;
    int64_t created_at;
};

void staff_clear(struct staff *s);

/* Active or not; SD_NOT_FOUND when the login was never staff. */
int store_staff_get(struct store *st, const char *login, struct staff *out, struct sd_err *err);
/* Insert or update (inside a write transaction). */
int store_staff_put(struct store *st, const struct staff *s, struct sd_err *err);
/* All staff, active first, by login. *out is the caller's: free each with staff_clear, then
 * the array. */
int store_staff_list(struct store *st, struct staff **out, size_t *n, struct sd_err *err);
/* Number of active staff holding any of the roles in mask. */
int store_staff_count_roles(struct store *st, unsigned mask);

#endif
