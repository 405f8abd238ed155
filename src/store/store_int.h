#ifndef SHOPDESK_STORE_STORE_INT_H
#define SHOPDESK_STORE_STORE_INT_H

/* Internal to src/store: the store's state and the statement helpers every domain file
 * uses. Nothing here names a database engine's types: the engine's own calls live in its
 * driver (db_sqlite.c, the only file that includes sqlite3.h). */

#include <stddef.h>

#include "store/audit.h"
#include "store/store.h"

#define STMT_CACHE 256

struct sqlite3;
struct pg_conn;
struct db_driver;
struct trigger_list;

/* A prepared statement of an engine: each driver's own statement begins with this. */
struct db_stmt {
    const struct db_driver *drv;
};

/* db_step's results besides an error (the values SQLite uses, so its driver returns them as
 * they come). */
enum { DB_ROW = 100, DB_DONE = 101 };

struct stmt_slot {
    const char *sql; /* identity: a string literal's address */
    struct db_stmt *stmt;
};

struct store {
    const struct db_driver *drv; /* the engine: SQLite (db) or PostgreSQL (pg) */
    struct sqlite3 *db;          /* the SQLite driver's connection */
    struct pg_conn *pg;          /* the PostgreSQL driver's connection */
    char *path;  /* the file, or the connection string */
    char *label; /* for messages: the path, or the server and database without a password */
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
    bool batch;       /* store_batch_writes: writes nobody reads the answer of go ahead */
    char *find_ahead; /* store_order_find_ahead's order ("platform\x1fnumber"), or NULL */
    char notice[200]; /* what the console should say once (a connection made again), or "" */
    audit_commit_hook audit_hook;
    void *audit_hook_arg;
};

/* A prepared statement for a SQL string literal, cached for the life of the store. The
 * statement is reset and its bindings cleared; bind by name. */
struct db_stmt *db_prep(struct store *st, const char *sql);
/* The cached statement for sql as it is, not reset: one sent ahead (db_send), to read. */
struct db_stmt *db_prep_kept(struct store *st, const char *sql);
/* Prepare a statement that is not cached (dynamic filters); caller finalizes. */
struct db_stmt *db_prep_once(struct store *st, const char *sql);

/* Named binds only. A name the statement does not have is a programming error (die). */
void db_bind_text(struct db_stmt *s, const char *name, const char *v);
void db_bind_int(struct db_stmt *s, const char *name, int64_t v);
void db_bind_null(struct db_stmt *s, const char *name);
/* Bind v, or NULL when v == 0 (optional instants and ids). */
void db_bind_int_or_null(struct db_stmt *s, const char *name, int64_t v);
/* Bind text or NULL when v is NULL or empty. */
void db_bind_text_or_null(struct db_stmt *s, const char *name, const char *v);

/* A write (INSERT, UPDATE, DELETE without RETURNING) whose answer the caller does not read,
 * not even db_changes: while the store batches writes (store_batch_writes) on a server, it
 * is sent ahead and its answer read with the next statement that has one to give, so that
 * many such writes cost one round trip; an error then comes with that statement, or with
 * the commit. Otherwise as db_exec_stmt. */
int db_exec_later(struct store *st, struct db_stmt *s, struct sd_err *err);
/* A row of an INSERT INTO t (columns) VALUES (:a, :b, ...) of parameters alone, one of many
 * (an import's orders and lines): while batching on a server, kept and sent with the others
 * by COPY before anything reads the table; otherwise as db_exec_later. The kept rows of
 * tables go in the order of rank, 0 to 3: a table's before those of tables that refer to it
 * (orders 0, their lines 1). */
int db_exec_copy(struct store *st, struct db_stmt *s, int rank, struct sd_err *err);
/* While batching on a server: send s (bound) now, with the writes sent ahead, and read its
 * rows at its next db_step, in the round trip of whatever else is asked meanwhile (a lookup
 * asked ahead of another, both answered in one). Otherwise nothing: the step runs it. */
int db_send(struct store *st, struct db_stmt *s, struct sd_err *err);
/* s reads no row that rows kept for COPY could be, so they need not be sent before it (each
 * order of an import is written once: looking one up by its number cannot find a kept one).
 * Statements that name a table with kept rows otherwise send them first. */
void db_stmt_past_kept(struct db_stmt *s);
/* While batching on a server: the id the next row of table (orders, members) will have,
 * taken ahead from its sequence, so that the row's INSERT can go ahead without RETURNING.
 * Otherwise *id = 0: the INSERT ... RETURNING id gives it. */
int db_next_id(struct store *st, const char *table, int64_t *id, struct sd_err *err);

/* Step; DB_ROW or DB_DONE, or an engine's error code with err filled. */
int db_step(struct store *st, struct db_stmt *s, struct sd_err *err);
/* Step to the one row a lookup expects: SD_OK with the row ready to read (reset it after),
 * SD_NOT_FOUND (err without a message) when there is none, or the error; reset unless
 * SD_OK. */
int db_step_row(struct store *st, struct db_stmt *s, struct sd_err *err);
/* Run an INSERT ... RETURNING id (the same in every engine) and read the id it gave; reset
 * after. */
int db_insert_id(struct store *st, struct db_stmt *s, int64_t *id, struct sd_err *err);
/* Step a statement that returns no rows and reset it. Returns SD_OK or a status. */
int db_exec_stmt(struct store *st, struct db_stmt *s, struct sd_err *err);
/* Run SQL text with no parameters (schema, pragmas). */
int db_exec(struct store *st, const char *sql, struct sd_err *err);

/* Column text, "" for NULL; valid until the next step or reset. */
const char *db_col_text(struct db_stmt *s, int i);
int64_t db_col_int(struct db_stmt *s, int i);
bool db_col_null(struct db_stmt *s, int i);
/* The columns of a statement's rows (after its first step): how many, their names, and
 * whether this row's value is an integer. */
int db_col_count(struct db_stmt *s);
const char *db_col_name(struct db_stmt *s, int i);
bool db_col_is_int(struct db_stmt *s, int i);
/* Caller-owned copy of a column (NULL stays NULL). */
char *db_col_dup(struct db_stmt *s, int i);

/* The first column of every row of s (bound by the caller; reset after) into a caller-freed
 * array. */
int db_int_column(struct store *st, struct db_stmt *s, int64_t **out, size_t *n,
                  struct sd_err *err);

/* Reset a statement (its rows and read snapshot let go; bindings kept); finalize one made by
 * db_prep_once. */
void db_reset(struct db_stmt *s);
void db_finalize(struct db_stmt *s);
/* Whether a statement has the named parameter (":s"). */
bool db_has_param(struct db_stmt *s, const char *name);
/* Bytes of a blob column, valid until the next step or reset. */
const void *db_col_blob(struct db_stmt *s, int i, size_t *len);
void db_bind_blob(struct db_stmt *s, const char *name, const void *v, size_t len);
/* Rows the last INSERT, UPDATE or DELETE changed. */
int64_t db_changes(struct store *st);
/* Run SQL text with no parameters; on failure *msg (caller frees, may be NULL) is the
 * engine's words for it, for callers that tell one failure from another. */
int db_exec_msg(struct store *st, const char *sql, char **msg, struct sd_err *err);

/* ---- what each engine's driver does its own way (db_sqlite.c, db_pg.c) ---- */

/* An engine: the helpers above and below dispatch to these (db.c). Statement calls go by the
 * statement's driver, the rest by the store's. */
struct db_driver {
    const char *name; /* "sqlite", "postgresql" */
    struct db_stmt *(*prep)(struct store *st, const char *sql, bool cached);
    void (*bind_text)(struct db_stmt *s, const char *name, const char *v);
    void (*bind_int)(struct db_stmt *s, const char *name, int64_t v);
    void (*bind_null)(struct db_stmt *s, const char *name);
    void (*bind_blob)(struct db_stmt *s, const char *name, const void *v, size_t len);
    int (*step)(struct store *st, struct db_stmt *s, struct sd_err *err);
    const char *(*col_text)(struct db_stmt *s, int i);
    int64_t (*col_int)(struct db_stmt *s, int i);
    bool (*col_null)(struct db_stmt *s, int i);
    int (*col_count)(struct db_stmt *s);            /* after the first step */
    const char *(*col_name)(struct db_stmt *s, int i);
    bool (*col_is_int)(struct db_stmt *s, int i);   /* an integer (not text), this row */
    const void *(*col_blob)(struct db_stmt *s, int i, size_t *len);
    void (*reset)(struct db_stmt *s);
    void (*clear)(struct db_stmt *s); /* reset and forget the bindings (a cached statement) */
    void (*finalize)(struct db_stmt *s);
    bool (*has_param)(struct db_stmt *s, const char *name);
    int64_t (*changes)(struct store *st);
    int (*exec)(struct store *st, const char *sql, char **msg, struct sd_err *err);
    /* a write whose answer nobody reads, sent ahead while batching (NULL: run at once) */
    int (*exec_later)(struct store *st, struct db_stmt *s, struct sd_err *err);
    /* a row of a plain INSERT, kept while batching and sent with others by COPY (NULL: as
     * exec_later) */
    int (*exec_copy)(struct store *st, struct db_stmt *s, int rank, struct sd_err *err);
    void (*past_kept)(struct db_stmt *s); /* NULL: nothing is kept */
    /* send now, read the rows at the next step (NULL: the step runs it) */
    int (*send)(struct store *st, struct db_stmt *s, struct sd_err *err);
    /* the next id of table's id column, taken ahead of the row (NULL: the engine's own
     * at insert time is used) */
    int (*next_id)(struct store *st, const char *table, int64_t *id, struct sd_err *err);
    int (*begin)(struct store *st, bool write, struct sd_err *err);
    int (*commit)(struct store *st, struct sd_err *err);
    void (*rollback)(struct store *st);
    void (*set_cancel)(struct store *st, bool on);
    int64_t (*data_version)(struct store *st);
    int64_t (*round_trips)(struct store *st); /* NULL: none (an engine in the process) */
    int (*schema_version)(struct store *st);
    int64_t (*schema_cookie)(struct store *st);
    int (*integrity)(struct store *st, struct strbuf *out, int *problems, struct sd_err *err);
    int (*triggers)(struct store *st, struct trigger_list *t, struct sd_err *err);
    void (*idle)(struct store *st);
    void (*close)(struct store *st);
};
extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;
/* Open a SQLite shop file, or a PostgreSQL database named by a connection string; fill st
 * (path set, drv to be set by the driver). */
int db_sqlite_open(struct store *st, int flags, struct sd_err *err);
int db_pg_open(struct store *st, int flags, struct sd_err *err);
/* The drivers call these around connecting (store_set_connect_guard). */
void db_connect_enter(void);
void db_connect_leave(void);
/* Whether target names a PostgreSQL database ("postgresql://", "postgres://", or "key=value"
 * words) rather than a file. */
bool db_is_pg_target(const char *target);
/* Whether the store runs on PostgreSQL: for the statements that differ (DB_SQL). */
#define DB_PG(st) ((st)->pg != NULL)
/* One statement in two dialects, where they differ: SQLite's text, PostgreSQL's text. Both
 * are string literals (their addresses are the cache's keys). */
#define DB_SQL(st, lite, pgsql) (DB_PG(st) ? (pgsql) : (lite))

/* Begin a write transaction (writers take turns: the caller reads what every earlier writer
 * committed) or a read transaction (one snapshot). */
int db_engine_begin(struct store *st, bool write, struct sd_err *err);
/* Commit; on failure the transaction is rolled back. */
int db_engine_commit(struct store *st, struct sd_err *err);
/* Roll back (statements still reading are let go first). */
void db_engine_rollback(struct store *st);
/* Let the store's cancel callback interrupt a long statement, or not. */
void db_engine_set_cancel(struct store *st, bool on);
/* A number that changes when another connection commits. */
int64_t db_engine_data_version(struct store *st);
/* The migrations applied, and a number that changes with any change to the schema. */
int db_engine_schema_version(struct store *st);
int64_t db_engine_schema_cookie(struct store *st);
/* The engine's own checks of its files and indexes: lines on out, *problems counted. */
int db_engine_integrity(struct store *st, struct strbuf *out, int *problems,
                        struct sd_err *err);
/* name -> SQL of every trigger in the database */
struct trigger_list {
    char **name, **sql;
    size_t n;
};
int db_engine_triggers(struct store *st, struct trigger_list *t, struct sd_err *err);
/* Whether sql ends a whole statement (a trigger's body holds semicolons). */
bool db_sql_complete(const char *sql);
/* Stores with an open transaction are rolled back by the fatal path: store_open tracks. */
void store_track(struct store *st, bool on);


/* Require an open write transaction (programming error otherwise). */
void db_require_write(struct store *st, const char *what);

/* Single integer from a query without parameters (0 when no row). */
int64_t db_query_int(struct store *st, const char *sql);

/* Build both search indexes again from the orders (after a bulk load or an undo). */
int db_search_index_rebuild(struct store *st, struct sd_err *err);

struct strbuf;
struct order_filter;
/* The WHERE conditions (after "WHERE TRUE") of an order filter over "orders o LEFT JOIN members
 * m", and their binds; *pattern is the caller's to free. */
void order_filter_sql(struct store *st, struct strbuf *sql, const struct order_filter *f,
                      char **pattern);
void order_filter_bind(struct db_stmt *s, const struct order_filter *f, const char *pattern);

#endif
