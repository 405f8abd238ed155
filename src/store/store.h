#ifndef SHOPDESK_STORE_STORE_H
#define SHOPDESK_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "util/strbuf.h"

/* The shop's SQLite file. Opaque: only src/store knows it is SQLite. */
struct store;

enum store_open_flags {
    STORE_CREATE = 1 << 0,   /* create the file (0660) if missing */
    STORE_READONLY = 1 << 1, /* never write (check, export) */
    STORE_NO_MIGRATE = 1 << 2,
};

/* Open the database at path, apply pending migrations (each in its own transaction) and set
 * WAL, busy timeout and foreign keys. On success *out is the caller's; release with
 * store_free(). Errors: SD_NO_SHOP (missing file), SD_IO (unreadable, not a shop file),
 * SD_STORE (newer schema than this program knows). */
int store_open(const char *path, int flags, struct store **out, struct sd_err *err);
void store_free(struct store **st);
/* Whether target names a database server (PostgreSQL: "postgresql://...", "dbname=...")
 * rather than a shop file. */
bool store_target_is_server(const char *target);
/* Around every connection to a database server (the first, and each one again after a
 * loss): a setgid shopdesk connects with the person's own group, so that the files the
 * client library reads (~/.pgpass, client certificates and keys) are opened with the
 * person's rights, never the shop group's. NULL, NULL: nothing around it. */
void store_set_connect_guard(void (*enter)(void), void (*leave)(void));
/* The shop's database for messages and logs: the file's path, or the server's
 * "postgresql://USER@HOST:PORT/NAME" without a password. */
const char *store_label(const struct store *st);

/* Write transactions: BEGIN IMMEDIATE, waiting for other writers up to the busy timeout
 * (SD_BUSY past it). Nesting is a programming error. Every write goes through one of these;
 * none stays open while the console waits for a key. */
#define store_begin(st, err) store_begin_at((st), __FILE__, __LINE__, (err))
int store_begin_at(struct store *st, const char *file, int line, struct sd_err *err);
/* Many writes in a row (an import): on a database server, the writes whose answers are not
 * needed at once are sent ahead, many to a round trip, and an error among them is reported
 * by the next statement or the commit (the transaction is then lost, as with any error).
 * No difference on SQLite. */
void store_batch_writes(struct store *st, bool on);
/* A read transaction (BEGIN DEFERRED) for a consistent view across several queries. */
#define store_begin_read(st, err) store_begin_read_at((st), __FILE__, __LINE__, (err))
int store_begin_read_at(struct store *st, const char *file, int line, struct sd_err *err);
int store_commit(struct store *st, struct sd_err *err);
void store_rollback(struct store *st);
/* Where the open transaction began ("src/app/refund.c:120"), or NULL when none is open. */
const char *store_txn_where(const struct store *st);

/* Round trips to the database server so far (0 on SQLite, which runs in the process): the
 * benchmark counts what a keystroke costs. */
int64_t store_round_trips(struct store *st);
/* Changes committed by any connection bump this; the console polls it. */
int64_t store_data_version(struct store *st);
int store_schema_version(struct store *st);
/* SQLite's schema cookie: any change to tables, indexes or triggers moves it (dropping the
 * audit log's append-only triggers, say). */
int64_t store_schema_cookie(struct store *st);
int store_latest_version(void);
const char *store_path(const struct store *st);
/* Open for reading only: asked so, or the shop cannot be written now (a full disk, a
 * read-only file system; writes then say which). */
bool store_is_readonly(const struct store *st);

/* Run PRAGMA integrity_check and foreign_key_check; report lines go to out. */
int store_check_integrity(struct store *st, struct strbuf *out, struct sd_err *err);

/* The triggers that keep the books (append-only audit log and payments, the audit head,
 * frozen refunds, locked reports) compared with what this shopdesk's schema makes: each one
 * missing, changed or added outside shopdesk is a line in out ("trigger NAME is missing").
 * Returns the number of such problems (0: all as made), or -1 with err. */
int store_check_triggers(struct store *st, struct strbuf *out, struct sd_err *err);

/* Called when the console is idle: a passive WAL checkpoint so a long-lived reader does not
 * let the WAL grow without bound. */
void store_idle(struct store *st);

/* Let a long query be interrupted: cb is polled every few thousand steps and returns true to
 * cancel (the query then fails with SD_CANCELLED). NULL removes it. */
void store_set_cancel(struct store *st, bool (*cb)(void *), void *arg);
/* Called now and then by a long walk over many rows (the audit log's chain) with the rows
 * walked so far; NULL ends it. */
void store_set_tick(struct store *st, void (*tick)(void *, int64_t), void *arg);

/* Something the person should be told once, or NULL: "the connection to the shop's database
 * was lost and is made again" (a server's database). Taken: cleared. */
const char *store_take_notice(struct store *st);

/* Key/value facts about the shop (created_at, demo seed...). Value caller-owned or NULL. */
char *store_kv_get(struct store *st, const char *key);
int store_kv_set(struct store *st, const char *key, const char *value, struct sd_err *err);

#endif
