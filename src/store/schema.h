#ifndef SHOPDESK_STORE_SCHEMA_H
#define SHOPDESK_STORE_SCHEMA_H

/* The schema as forward-only migrations: migration i brings user_version from i to i + 1.
 * Internal to src/store. */

#include <stdbool.h>

#define SHOPDESK_APPLICATION_ID 0x5348444b /* "SHDK" */

struct migration {
    const char *what;
    const char *sql;
    /* rebuilds a table others refer to: run with foreign keys off (checked before commit) */
    bool fk_off;
};

extern const struct migration schema_migrations[];
extern const int schema_migration_count;

#endif
