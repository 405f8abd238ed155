#ifndef SHOPDESK_STORE_AUDIT_H
#define SHOPDESK_STORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* One change for the append-only audit log. before/after are JSON text (or NULL). */
struct audit_entry {
    const char *login;    /* the Unix login that ran shopdesk */
    const char *as_login; /* whom an owner acted as with --as, or NULL */
    const char *action;   /* "refund.pay", "staff.add", "denied:refund.pay" ... */
    const char *entity;   /* "refund", "order", "staff" ... */
    const char *entity_id;
    int64_t order_id;     /* ties the row to an order's timeline (0: none) */
    const char *before;
    const char *after;
};

/* Append inside the caller's write transaction; extends the hash chain. */
int store_audit_add(struct store *st, const struct audit_entry *e, struct sd_err *err);

/* Who last did action to an entity: the Unix login and the login acted as (--as; "" when
 * none). SD_NOT_FOUND when no row has it. */
int store_audit_actor(struct store *st, const char *action, const char *entity,
                      const char *entity_id, char login[64], char as_login[64],
                      struct sd_err *err);

/* A row read back. Strings point into the statement and live until the callback returns. */
struct audit_row {
    int64_t id;
    int64_t at;
    const char *login, *as_login, *action, *entity, *entity_id;
    int64_t order_id;
    const char *before, *after, *prev_hash, *hash;
};

typedef int (*audit_cb)(const struct audit_row *row, void *arg);

/* Rows in order; a callback returning non-zero stops the walk. order_id > 0 limits the walk
 * to that order's timeline; entity/entity_id (both non-NULL) to one entity. */
int store_audit_walk(struct store *st, int64_t order_id, const char *entity,
                     const char *entity_id, audit_cb cb, void *arg, struct sd_err *err);

/* Recompute the hash chain. Returns SD_OK, or SD_STORE with *bad_id the first row whose hash
 * or link does not match. *rows receives the number of rows checked. */
int store_audit_verify(struct store *st, int64_t *bad_id, int64_t *rows, struct sd_err *err);

/* A row a verification accepted, to go on from next time. */
struct audit_seal {
    int64_t id;
    char hash[65];
};
/* Whether the row a seal names still has the sealed hash: SD_OK, or SD_STORE with *bad_id. */
int store_audit_seal_check(struct store *st, const struct audit_seal *seal, int64_t *bad_id,
                           struct sd_err *err);
/* Verify only the rows after from (NULL: all), after checking that the row from names still
 * has its hash. *last receives the last row accepted (from itself when there is nothing new;
 * NULL to skip); *rows the number of rows walked. */
int store_audit_verify_from(struct store *st, const struct audit_seal *from, int64_t *bad_id,
                            int64_t *rows, struct audit_seal *last, struct sd_err *err);

/* The chain's head as the database keeps it (moved by a trigger with every row), and the
 * log's actual last row. SD_NOT_FOUND when there is none (an empty log). */
int store_audit_head(struct store *st, struct audit_seal *head, struct sd_err *err);
int store_audit_tail(struct store *st, struct audit_seal *tail, struct sd_err *err);
/* The hash row id has, or SD_NOT_FOUND. */
int store_audit_hash_of(struct store *st, int64_t id, char hash[65], struct sd_err *err);

/* Called after each commit that added audit rows, with the head it left (the system log keeps
 * a copy). NULL removes it. */
typedef void (*audit_commit_hook)(void *arg, const char *db_path, int64_t id, const char *hash);
void store_set_audit_hook(struct store *st, audit_commit_hook hook, void *arg);

/* The hash of a row given the previous row's hash (exposed for tests and the fuzzer). */
void audit_hash(const char *prev, const struct audit_row *row, char out[65]);

#endif
