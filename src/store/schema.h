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

/* PostgreSQL (schema_pg.c): migration v's text there ("" when an earlier one made it whole;
 * NULL when it is missing, a programming error); the trigger guards, each a PL/pgSQL function
 * of the trigger's name; every trigger the schema makes, as name and "O " + function body
 * (what the driver reads back from the catalog). */
struct pg_guard {
    const char *name, *table, *when, *level, *body;
};
extern const struct pg_guard schema_pg_guards[];
const char *schema_pg_migration(int v);
int schema_pg_base(void);
void schema_pg_expected(void (*add)(void *arg, const char *name, const char *sql), void *arg);

#endif
