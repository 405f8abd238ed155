#ifndef SHOPDESK_STORE_IMPORTS_H
#define SHOPDESK_STORE_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* Imports on record. Every import that writes has a row; the orders and members it adds
 * carry its id (where each came from). A large import writes in steps (short transactions,
 * so that nobody waits for it): its row says 'running' until the last step, and an import
 * that does not finish is undone from what the row and import_undo hold. */

struct import_row {
    int64_t id;
    char file[256];
    char login[64];
    char host[64];
    int64_t pid, pid_start, started_at;
};

/* Start an import (inside a write transaction): its row, and from now on orders and members
 * this store inserts carry its id. */
int store_import_begin(struct store *st, const char *file, const char *sha256,
                       const char *format, const char *login, const char *host, int64_t pid,
                       int64_t pid_start, bool running, int64_t *id, struct sd_err *err);
/* What a first import set aside (store_orders_bulk_ddl), run again if it is undone. */
int store_import_set_ddl(struct store *st, int64_t id, const char *ddl, struct sd_err *err);
/* Orders and members inserted from now on carry id (0: none). */
void store_import_use(struct store *st, int64_t id);
/* Keep what an order looks like before an import in steps changes it. */
int store_import_keep(struct store *st, int64_t import_id, int64_t order_id, struct sd_err *err);
/* The import finished: its counts, state done, its undo rows dropped. */
int store_import_done(struct store *st, int64_t id, int64_t imported, int64_t updated,
                      struct sd_err *err);

/* Undo an import that did not finish (inside a write transaction): orders it changed get
 * back what they were, orders it added are removed with their lines, unless staff have
 * worked on them since (a refund, a payment, a gift: those stay, counted in *kept), members
 * it added and nobody else refers to go too, and what it set aside comes back. *members receives the ids whose orders changed
 * (caller frees), for their tiers. */
int store_import_undo(struct store *st, int64_t id, int64_t *removed, int64_t *restored,
                      int64_t *kept, int64_t **members, size_t *nmembers, struct sd_err *err);

/* The last tier change on record (0: none), and how many members have changed tier since
 * (an import in steps moves a member's tier in several of them: counted once). */
int64_t store_tier_history_last(struct store *st);
int store_tier_moved_since(struct store *st, int64_t after, int64_t *members, struct sd_err *err);

/* Imports still marked running, oldest first: up to max. */
int store_imports_running(struct store *st, struct import_row *out, int max, int *n,
                          struct sd_err *err);

#endif
