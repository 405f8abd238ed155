#ifndef SHOPDESK_STORE_STORE_INT_H
#define SHOPDESK_STORE_STORE_INT_H

/* Internal to src/store: the SQLite handle and the statement helpers. */

#include <sqlite3.h>

#include "store/audit.h"
#include "store/store.h"

#define STMT_CACHE 256

struct stmt_slot {
    const char *sql; /* identity: a string literal's address */
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    char *path;
    bool readonly;
    char ro_reason[300]; /* why a shop asked for writing was opened read-only, or "" */
    bool in_txn;
    bool write_txn;
    char txn_where[160];
    struct stmt_slot cache[STMT_CACHE];
    int ncache;
    int64_t fts_from; /* the first order inserted by this transaction: indexed at commit */
    int64_t import_id; /* the import that orders and members inserted now come from, or 0 */
    bool fts_hold;     /* a bulk load: the search index is built once at its end */
    bool (*cancel_cb)(void *);
    void *cancel_arg;
    void (*tick)(void *, int64_t);
    void *tick_arg;
    int64_t last_checkpoint_ms;
    int64_t busy_since; /* when the current wait for the lock began */
    bool audit_added; /* this transaction added audit rows: the head moved */
    audit_commit_hook audit_hook;
    void *audit_hook_arg;
};

/* A prepared statement for a SQL string literal, cached for the life of the store. The
 * statement is reset and its bindings cleared; bind by name. */
sqlite3_stmt *db_prep(struct store *st, const char *sql);
/* Prepare a statement that is not cached (dynamic filters); caller finalizes. */
sqlite3_stmt *db_prep_once(struct store *st, const char *sql);

/* Named binds only. A name the statement does not have is a programming error (die). */
void db_bind_text(sqlite3_stmt *s, const char *name, const char *v);
void db_bind_int(sqlite3_stmt *s, const char *name, int64_t v);
void db_bind_null(sqlite3_stmt *s, const char *name);
/* Bind v, or NULL when v == 0 (optional instants and ids). */
void db_bind_int_or_null(sqlite3_stmt *s, const char *name, int64_t v);
/* Bind text or NULL when v is NULL or empty. */
void db_bind_text_or_null(sqlite3_stmt *s, const char *name, const char *v);

/* Step; SQLITE_ROW or SQLITE_DONE, or an error code with err filled. */
int db_step(struct store *st, sqlite3_stmt *s, struct sd_err *err);
/* Step to the one row a lookup expects: SD_OK with the row ready to read (reset it after),
 * SD_NOT_FOUND (err without a message) when there is none, or the error; reset unless
 * SD_OK. */
int db_step_row(struct store *st, sqlite3_stmt *s, struct sd_err *err);
/* Step a statement that returns no rows and reset it. Returns SD_OK or a status. */
int db_exec_stmt(struct store *st, sqlite3_stmt *s, struct sd_err *err);
/* Run SQL text with no parameters (schema, pragmas). */
int db_exec(struct store *st, const char *sql, struct sd_err *err);

/* Column text, "" for NULL; valid until the next step or reset. */
const char *db_col_text(sqlite3_stmt *s, int i);
int64_t db_col_int(sqlite3_stmt *s, int i);
bool db_col_null(sqlite3_stmt *s, int i);
/* Caller-owned copy of a column (NULL stays NULL). */
char *db_col_dup(sqlite3_stmt *s, int i);

/* The first column of every row of s (bound by the caller; reset after) into a caller-freed
 * array. */
int db_int_column(struct store *st, sqlite3_stmt *s, int64_t **out, size_t *n,
                  struct sd_err *err);

/* Map a SQLite error to a status with a message. */
int db_fail(struct store *st, int rc, struct sd_err *err);

/* Require an open write transaction (programming error otherwise). */
void db_require_write(struct store *st, const char *what);

/* Single integer from a query without parameters (0 when no row). */
int64_t db_query_int(struct store *st, const char *sql);

struct strbuf;
struct order_filter;
/* The WHERE conditions (after "WHERE 1") of an order filter over "orders o LEFT JOIN members
 * m", and their binds; *pattern is the caller's to free. */
void order_filter_sql(struct strbuf *sql, const struct order_filter *f, char **pattern);
void order_filter_bind(sqlite3_stmt *s, const struct order_filter *f, const char *pattern);

#endif
