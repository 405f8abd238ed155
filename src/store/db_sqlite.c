/* The SQLite driver: the one file that speaks to SQLite (sqlite3.h). A shop is one file in
 * write-ahead-log mode; a write transaction is BEGIN IMMEDIATE, so writers take turns and each
 * reads what the others committed; a busy writer is waited for (BUSY_TIMEOUT_MS). Everything
 * else in src/store goes through the helpers declared in store_int.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/clock.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/die.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Milliseconds a write waits for another writer before giving up with SD_BUSY. Long enough
 * that eight clerks paying at once never see "busy". */
#define BUSY_TIMEOUT_MS 15000

/* The driver's statement: SQLite's own, behind the common head. An INSERT ... RETURNING id
 * into a table whose id is its rowid runs without the RETURNING (which makes SQLite keep a
 * statement journal for every row: 18 pages an order, spilled to a file, most of an
 * import's time) and gives the row's id from sqlite3_last_insert_rowid as its one row. */
struct lite_stmt {
    struct db_stmt base;
    sqlite3_stmt *s;
    bool rowid_returned; /* the RETURNING id was taken off */
    int phase;           /* 0 not run, 1 on the id's row, 2 done */
    int64_t id;
    char id_text[24];
};
#define STMT(x)  (((struct lite_stmt *)(x))->s)
#define LITE(x)  ((struct lite_stmt *)(x))
#define ON_ID(x) (LITE(x)->rowid_returned && LITE(x)->phase == 1)

static struct db_stmt *wrap(sqlite3_stmt *s)
{
    struct lite_stmt *l = xcalloc(1, sizeof *l);
    l->base.drv = &db_sqlite_driver;
    l->s = s;
    return &l->base;
}

/* The length of sql without its " RETURNING id" when it is a plain INSERT INTO t ... VALUES
 * (...) RETURNING id and t's id is its rowid (INTEGER PRIMARY KEY); else 0. */
static size_t rowid_insert(sqlite3 *db, const char *sql)
{
    static const char head[] = "INSERT INTO ", tail[] = " RETURNING id";
    size_t n = strlen(sql);
    if (strncmp(sql, head, sizeof head - 1) || n < sizeof tail ||
        strcmp(sql + n - (sizeof tail - 1), tail) || strstr(sql, "ON CONFLICT") ||
        strstr(sql, "SELECT"))
        return 0;
    char table[64];
    size_t k = strcspn(sql + sizeof head - 1, " (");
    if (k == 0 || k >= sizeof table)
        return 0;
    memcpy(table, sql + sizeof head - 1, k);
    table[k] = '\0';
    const char *type = NULL;
    int pk = 0;
    if (sqlite3_table_column_metadata(db, NULL, table, "id", &type, NULL, NULL, &pk, NULL) !=
            SQLITE_OK ||
        !pk || !type || strcasecmp(type, "INTEGER"))
        return 0;
    return n - (sizeof tail - 1);
}

static int db_fail(struct store *st, int rc, struct sd_err *err)
{
    int prim = rc & 0xff;
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return sd_fail(err, SD_BUSY,
                       _("the shop is busy (another write took too long); "
                         "nothing was changed, try again"));
    if (prim == SQLITE_INTERRUPT)
        return sd_fail(err, SD_CANCELLED, _("cancelled"));
    const char *path = st && st->path ? st->path : "shop.db";
    if (prim == SQLITE_FULL)
        return sd_fail(err, SD_IO, _("the disk holding %s is full; nothing was changed"), path);
    if (prim == SQLITE_IOERR)
        return sd_fail(err, SD_IO,
                       _("cannot write the shop database %s: %s (is the disk full or failing?); "
                         "nothing was changed"),
                       path, msg);
    if (prim == SQLITE_CANTOPEN || prim == SQLITE_READONLY || prim == SQLITE_PERM)
        return sd_fail(err, SD_IO, _("cannot write the shop database %s: %s"), path, msg);
    if (prim == SQLITE_CONSTRAINT)
        return sd_fail(err, SD_REFUSED, "%s", msg);
    return sd_fail(err, SD_STORE, _("database error: %s"), msg);
}

/* Waiting for another writer: poll every millisecond or two rather than SQLite's own backoff
 * (which sleeps up to 100 ms at a time), so that a writer waiting for a long import gets in
 * during the short pause the import leaves between its steps. Gives up after
 * BUSY_TIMEOUT_MS. */
static int busy_wait(void *arg, int count)
{
    struct store *st = arg;
    int64_t now = clock_mono_ms();
    if (count == 0)
        st->busy_since = now;
    if (now - st->busy_since >= BUSY_TIMEOUT_MS)
        return 0;
    usleep(count < 50 ? 1000 : 2000);
    return 1;
}

/* sd_grams(text): the one- and two-character pieces of its Chinese, Japanese and Korean
 * words, for the index that finds one- and two-character terms (order_grams). */
static void grams_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    size_t size = 4 * strlen(text) + 1;
    char *out = sqlite3_malloc64(size);
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t n = utf8_cjk_grams(text, out, size);
    sqlite3_result_text(ctx, out, (int)n, sqlite3_free);
}

static void add_functions(sqlite3 *db)
{
    sqlite3_create_function_v2(db, "sd_grams", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               grams_fn, NULL, NULL, NULL);
}

static int progress_cb(void *arg)
{
    struct store *st = arg;
    return st->cancel_cb && st->cancel_cb(st->cancel_arg) ? 1 : 0;
}

static int lite_exec(struct store *st, const char *sql, char **msg, struct sd_err *err)
{
    char *e = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, msg ? &e : NULL);
    if (msg)
        *msg = e ? xstrdup(e) : NULL;
    sqlite3_free(e);
    return rc == SQLITE_OK ? SD_OK : db_fail(st, rc, err);
}

static struct db_stmt *lite_prep(struct store *st, const char *sql, bool cached)
{
    sqlite3_stmt *s = NULL;
    size_t plain = rowid_insert(st->db, sql);
    int rc = sqlite3_prepare_v3(st->db, sql, plain ? (int)plain : -1,
                                cached ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL);
    if (rc != SQLITE_OK)
        die("internal: cannot prepare SQL (%s): %s", sqlite3_errmsg(st->db), sql);
    struct db_stmt *w = wrap(s);
    LITE(w)->rowid_returned = plain > 0;
    return w;
}

static void lite_clear(struct db_stmt *stmt)
{
    sqlite3_reset(STMT(stmt));
    sqlite3_clear_bindings(STMT(stmt));
    LITE(stmt)->phase = 0;
}

static int param(sqlite3_stmt *s, const char *name)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i == 0)
        die("internal: SQL has no parameter %s: %s", name, sqlite3_sql(s));
    return i;
}

static void lite_bind_text(struct db_stmt *stmt, const char *name, const char *v)
{
    sqlite3_stmt *s = STMT(stmt);
    int i = param(s, name);
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void lite_bind_int(struct db_stmt *stmt, const char *name, int64_t v)
{
    sqlite3_stmt *s = STMT(stmt);
    sqlite3_bind_int64(s, param(s, name), v);
}

static void lite_bind_null(struct db_stmt *stmt, const char *name)
{
    sqlite3_stmt *s = STMT(stmt);
    sqlite3_bind_null(s, param(s, name));
}

static int lite_step(struct store *st, struct db_stmt *stmt, struct sd_err *err)
{
    sqlite3_stmt *s = STMT(stmt);
    struct lite_stmt *l = LITE(stmt);
    if (l->rowid_returned && l->phase) {
        l->phase = 2;
        return SQLITE_DONE;
    }
    int rc = sqlite3_step(s);
    if (l->rowid_returned && rc == SQLITE_DONE && sqlite3_changes(st->db) > 0) {
        l->phase = 1;
        l->id = sqlite3_last_insert_rowid(st->db);
        snprintf(l->id_text, sizeof l->id_text, "%lld", (long long)l->id);
        return SQLITE_ROW;
    }
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return rc;
    db_fail(st, rc, err);
    sqlite3_reset(s);
    return rc;
}

static const char *lite_col_text(struct db_stmt *stmt, int i)
{
    if (ON_ID(stmt))
        return i == 0 ? LITE(stmt)->id_text : "";
    sqlite3_stmt *s = STMT(stmt);
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

static int64_t lite_col_int(struct db_stmt *stmt, int i)
{
    if (ON_ID(stmt))
        return i == 0 ? LITE(stmt)->id : 0;
    sqlite3_stmt *s = STMT(stmt);
    return sqlite3_column_int64(s, i);
}

static bool lite_col_null(struct db_stmt *stmt, int i)
{
    if (ON_ID(stmt))
        return i != 0;
    sqlite3_stmt *s = STMT(stmt);
    return sqlite3_column_type(s, i) == SQLITE_NULL;
}

static void lite_finalize(struct db_stmt *stmt);

static int lite_col_count(struct db_stmt *stmt)
{
    return LITE(stmt)->rowid_returned ? 1 : sqlite3_column_count(STMT(stmt));
}

static const char *lite_col_name(struct db_stmt *stmt, int i)
{
    return LITE(stmt)->rowid_returned ? (i == 0 ? "id" : NULL) : sqlite3_column_name(STMT(stmt), i);
}

static bool lite_col_is_int(struct db_stmt *stmt, int i)
{
    if (ON_ID(stmt))
        return i == 0;
    return sqlite3_column_type(STMT(stmt), i) == SQLITE_INTEGER;
}

static int migrate(struct store *st, struct sd_err *err)
{
    int have = store_schema_version(st);
    if (have > schema_migration_count)
        return sd_fail(err, SD_STORE,
                       _("%s has schema version %d, newer than this shopdesk knows (%d); "
                         "install the newer shopdesk"),
                       st->path, have, schema_migration_count);
    for (int v = have; v < schema_migration_count; v++) {
        /* a table rebuild: foreign keys are off outside the transaction, and checked in it */
        bool fk_off = schema_migrations[v].fk_off;
        if (fk_off)
            db_exec(st, "PRAGMA foreign_keys = OFF", NULL);
        int rc = store_begin(st, err);
        if (rc) {
            if (fk_off)
                db_exec(st, "PRAGMA foreign_keys = ON", NULL);
            return rc;
        }
        /* Another process may have migrated while we waited for the lock. */
        if (store_schema_version(st) > v) {
            store_rollback(st);
            continue;
        }
        rc = db_exec(st, schema_migrations[v].sql, err);
        if (rc == SD_OK && v == 0) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA application_id = %d", SHOPDESK_APPLICATION_ID);
            rc = db_exec(st, sql, err);
        }
        if (rc == SD_OK && fk_off &&
            db_query_int(st, "SELECT count(*) FROM pragma_foreign_key_check"))
            rc = sd_fail(err, SD_STORE, "internal: foreign keys broken by the migration");
        if (rc == SD_OK) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
            rc = db_exec(st, sql, err);
        }
        if (rc != SD_OK) {
            store_rollback(st);
            if (fk_off)
                db_exec(st, "PRAGMA foreign_keys = ON", NULL);
            char why[sizeof err->msg]; /* the cause, copied: the message is written over it */
            snprintf(why, sizeof why, "%s", err ? err->msg : "");
            return sd_fail(err, SD_STORE, _("migration %d (%s) failed: %s"), v + 1,
                           schema_migrations[v].what, why);
        }
        rc = store_commit(st, err);
        if (fk_off)
            db_exec(st, "PRAGMA foreign_keys = ON", NULL);
        if (rc)
            return rc;
        /* each migration's pages into the file at once: the log is reused, not grown by
         * every migration in turn (a new shop on a small disk) */
        sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
    return SD_OK;
}

/* Create the database file ourselves so it is group read-write (0660) whatever SQLite's
 * default mode; SQLite gives the -wal and -shm files the mode of the database. */
static int create_file(const char *path, struct sd_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd < 0) {
        if (errno == EEXIST)
            return SD_OK;
        return sd_fail(err, SD_IO, _("cannot create %s: %s"), path, strerror(errno));
    }
    if (fchmod(fd, 0660) < 0) {
        int e = errno;
        close(fd);
        return sd_fail(err, SD_IO, _("cannot set permissions of %s: %s"), path, strerror(e));
    }
    close(fd);
    return SD_OK;
}

static int profile(unsigned type, void *ctx, void *p, void *x)
{
    (void)type;
    (void)ctx;
    char *sql = sqlite3_expanded_sql(p);
    fprintf(stderr, "sql %8.3f ms  %s\n", (double)*(sqlite3_int64 *)x / 1e6, sql ? sql : "?");
    sqlite3_free(sql);
    return 0;
}

/* Why a shop cannot be written now (a read-only file system, a full disk), said so that the
 * person knows what to fix; "" when the file system gives no reason. */
static void why_readonly(const char *path, char *buf, size_t n)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, strlen(dir) + 1, ".");
    struct statvfs vs;
    buf[0] = '\0';
    if (statvfs(dir, &vs) == 0) {
        if (vs.f_flag & ST_RDONLY)
            snprintf(buf, n,
                     _("the file system holding %s is read-only: it can be read, not "
                       "changed; nothing was changed"),
                     path);
        else if (vs.f_bavail == 0)
            snprintf(buf, n, _("the disk holding %s is full; nothing was changed"), path);
    }
    free(dir);
}

/* "file:PATH?QUERY" with the path escaped as a URI. */
static char *file_uri(const char *path, const char *query)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            sb_addf(&sb, "%%%02X", *p);
        else
            sb_addch(&sb, (char)*p);
    }
    sb_addf(&sb, "?%s", query);
    return sb_detach(&sb);
}

/* Read-only, when the shop cannot be written (a full disk, a read-only file system): a
 * write-ahead-log shop needs its -shm file for that, and when it cannot be made either (and
 * no log is left over), the file is read as it is. */
static int open_readonly(struct store *st, struct sd_err *err)
{
    static const char *const queries[] = {"mode=ro", "immutable=1"};
    int rc = SQLITE_CANTOPEN;
    for (int i = 0; i < 2; i++) {
        if (i == 1) {
            char *wal = xasprintf("%s-wal", st->path);
            struct stat sb;
            bool left = stat(wal, &sb) == 0 && sb.st_size > 0;
            free(wal);
            if (left)
                break; /* changes still in the log: not without it */
        }
        char *uri = file_uri(st->path, queries[i]);
        rc = sqlite3_open_v2(uri, &st->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
        free(uri);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            break;
        sqlite3_close(st->db);
        st->db = NULL;
    }
    if (rc != SQLITE_OK)
        return sd_fail(err, SD_IO, _("cannot open %s: %s"), st->path,
                       st->ro_reason[0] ? st->ro_reason : sqlite3_errstr(rc));
    st->readonly = true;
    return SD_OK;
}

static bool cannot_write(int rc)
{
    int prim = rc & 0xff;
    return prim == SQLITE_IOERR || prim == SQLITE_FULL || prim == SQLITE_READONLY ||
           prim == SQLITE_CANTOPEN;
}

int db_sqlite_open(struct store *st, int flags, struct sd_err *err)
{
    const char *path = st->path;
    st->drv = &db_sqlite_driver;
    bool memory = !strcmp(path, ":memory:");
    if (!memory && faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) != 0) {
        if (!(flags & STORE_CREATE))
            return sd_fail(err, SD_NO_SHOP, _("%s does not exist"), path);
        int rc = create_file(path, err);
        if (rc)
            return rc;
    }
    /* the effective ids: a setgid shopdesk reaches the shop through its group; a read-only
     * file system is read, not refused */
    bool rofs = false;
    if (!memory && !(flags & STORE_READONLY) &&
        faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) != 0) {
        if (errno != EROFS)
            return sd_fail(err, SD_IO, _("cannot open %s for writing: %s"), path, strerror(errno));
        rofs = true;
    }

    st->readonly = (flags & STORE_READONLY) != 0;
    int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc = SQLITE_OK;
    if (rofs) {
        why_readonly(path, st->ro_reason, sizeof st->ro_reason);
        int status = open_readonly(st, err);
        if (status)
            return status;
    } else {
        rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    }
    int status = SD_OK;
    if (rc != SQLITE_OK) {
        status = sd_fail(err, SD_IO, _("cannot open %s: %s"), path,
                         st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    add_functions(st->db);
    sqlite3_busy_handler(st->db, busy_wait, st);
    /* for developers: every statement's time on stderr (not for setgid runs) */
    if (secure_getenv("SHOPDESK_SQL_PROFILE"))
        sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, profile, NULL);

    /* Is this a shop file? Reading the header also catches "file is not a database". */
    sqlite3_stmt *s = NULL;
    rc = sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && cannot_write(rc) && !st->readonly && !memory &&
        !(flags & STORE_CREATE)) {
        /* a full disk or a failing write of the -shm file: the shop can still be read */
        sqlite3_finalize(s);
        s = NULL;
        sqlite3_close(st->db);
        st->db = NULL;
        why_readonly(path, st->ro_reason, sizeof st->ro_reason);
        if (!st->ro_reason[0])
            snprintf(st->ro_reason, sizeof st->ro_reason,
                     _("cannot write the shop database %s: %s (is the disk full or failing?); "
                       "nothing was changed"),
                     path, sqlite3_errstr(rc));
        if ((status = open_readonly(st, err)))
            goto fail;
        sqlite3_extended_result_codes(st->db, 1);
        add_functions(st->db);
        sqlite3_busy_handler(st->db, busy_wait, st);
        rc = sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &s, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(s);
    }
    if (rc != SQLITE_ROW) {
        status = sd_fail(err, SD_IO, _("%s is not a shopdesk database: %s"), path,
                         sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        goto fail;
    }
    int appid = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    int64_t tables = db_query_int(st, "SELECT count(*) FROM sqlite_schema");
    if (appid != SHOPDESK_APPLICATION_ID && (appid != 0 || tables > 0)) {
        status = sd_fail(err, SD_IO, _("%s is not a shopdesk database"), path);
        goto fail;
    }
    if (!st->readonly) {
        if ((status = db_exec(st, "PRAGMA journal_mode = WAL", err)))
            goto fail;
        /* FULL: a refund acknowledged on screen survives a power cut too. */
        db_exec(st, "PRAGMA synchronous = FULL", NULL);
        db_exec(st, "PRAGMA journal_size_limit = 67108864", NULL);
    }
    db_exec(st, "PRAGMA foreign_keys = ON", NULL);
    db_exec(st, "PRAGMA cache_size = -4096", NULL);
    store_track(st, true);
    if (!st->readonly && !(flags & STORE_NO_MIGRATE)) {
        if ((status = migrate(st, err)))
            goto fail_tracked;
    } else if (appid == 0) {
        status = sd_fail(err, SD_IO, _("%s is not a shopdesk database"), path);
        goto fail_tracked;
    } else if (st->ro_reason[0] && store_schema_version(st) < schema_migration_count) {
        status = sd_fail(err, SD_IO,
                         _("%s needs upgrading for this shopdesk, which cannot be done now: %s"),
                         path, st->ro_reason);
        goto fail_tracked;
    } else if (store_schema_version(st) > schema_migration_count) {
        status = sd_fail(err, SD_STORE,
                         _("%s has schema version %d, newer than this shopdesk knows (%d); "
                           "install the newer shopdesk"),
                         path, store_schema_version(st), schema_migration_count);
        goto fail_tracked;
    }
    st->last_checkpoint_ms = clock_mono_ms();
    return SD_OK;

fail_tracked:
    store_track(st, false);
fail:
    for (int i = 0; i < st->ncache; i++)
        lite_finalize(st->cache[i].stmt);
    st->ncache = 0;
    sqlite3_close(st->db);
    st->db = NULL;
    return status;
}

static void lite_close(struct store *st)
{
    sqlite3_close(st->db);
    st->db = NULL;
}

static int read_triggers(sqlite3 *db, struct trigger_list *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                                "ORDER BY name",
                                -1, &s, NULL);
    size_t cap = 0;
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (t->n == cap) {
            cap = cap ? cap * 2 : 32;
            t->name = xrealloc(t->name, cap * sizeof *t->name);
            t->sql = xrealloc(t->sql, cap * sizeof *t->sql);
        }
        t->name[t->n] = xstrdup((const char *)sqlite3_column_text(s, 0));
        const unsigned char *q = sqlite3_column_text(s, 1);
        t->sql[t->n++] = xstrdup(q ? (const char *)q : "");
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void lite_idle(struct store *st)
{
    if (st->readonly || st->in_txn)
        return;
    int64_t now = clock_mono_ms();
    if (now - st->last_checkpoint_ms < 30000)
        return;
    st->last_checkpoint_ms = now;
    sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

static void lite_reset(struct db_stmt *stmt)
{
    sqlite3_reset(STMT(stmt));
    LITE(stmt)->phase = 0;
}

static void lite_finalize(struct db_stmt *stmt)
{
    sqlite3_finalize(STMT(stmt));
    free(stmt);
}

static bool lite_has_param(struct db_stmt *stmt, const char *name)
{
    return sqlite3_bind_parameter_index(STMT(stmt), name) != 0;
}

static const void *lite_col_blob(struct db_stmt *stmt, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(STMT(stmt), i);
    *len = (size_t)sqlite3_column_bytes(STMT(stmt), i);
    return p;
}

static void lite_bind_blob(struct db_stmt *stmt, const char *name, const void *v, size_t len)
{
    sqlite3_bind_blob(STMT(stmt), param(STMT(stmt), name), v, (int)len, SQLITE_TRANSIENT);
}

static int64_t lite_changes(struct store *st)
{
    return sqlite3_changes(st->db);
}

static int lite_begin(struct store *st, bool write, struct sd_err *err)
{
    int rc = sqlite3_exec(st->db, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", NULL, NULL, NULL);
    return rc == SQLITE_OK ? SD_OK : db_fail(st, rc, err);
}

static int lite_commit(struct store *st, struct sd_err *err)
{
    int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return SD_OK;
    int status = db_fail(st, rc, err);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

static void lite_rollback(struct store *st)
{
    /* Statements still stepping would keep the read snapshot: reset them first. */
    for (int i = 0; i < st->ncache; i++)
        sqlite3_reset(STMT(st->cache[i].stmt));
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static void lite_set_cancel(struct store *st, bool on)
{
    sqlite3_progress_handler(st->db, on ? 4000 : 0, on ? progress_cb : NULL, st);
}

static int64_t lite_data_version(struct store *st)
{
    return db_query_int(st, "PRAGMA data_version");
}

static int lite_schema_version(struct store *st)
{
    return (int)db_query_int(st, "PRAGMA user_version");
}

static int64_t lite_schema_cookie(struct store *st)
{
    return db_query_int(st, "PRAGMA schema_version");
}

static int lite_triggers(struct store *st, struct trigger_list *t, struct sd_err *err)
{
    int rc = read_triggers(st->db, t);
    return rc == SQLITE_OK ? SD_OK : db_fail(st, rc, err);
}

bool db_sql_complete(const char *sql)
{
    return sqlite3_complete(sql) != 0;
}

static int lite_integrity(struct store *st, struct strbuf *out, int *problems, struct sd_err *err)
{
    struct db_stmt *s = db_prep_once(st, "PRAGMA integrity_check");
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        const char *line = db_col_text(s, 0);
        if (strcmp(line, "ok") != 0) {
            sb_addf(out, "integrity: %s\n", line);
            (*problems)++;
        }
    }
    db_finalize(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    s = db_prep_once(st, "PRAGMA foreign_key_check");
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        sb_addf(out, "foreign key: %s row %lld refers to a missing %s\n", db_col_text(s, 0),
                (long long)db_col_int(s, 1), db_col_text(s, 2));
        (*problems)++;
    }
    db_finalize(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    /* the search index holds every order as it is (FTS5 checks through a write: not on a
     * shop open read-only) */
    rc = st->readonly ? SQLITE_OK
                      : sqlite3_exec(st->db,
                                     "INSERT INTO order_search(order_search, rank) VALUES "
                                     "('integrity-check', 1)",
                                     NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sb_addf(out, "search index: %s (rebuild it: shopdesk check --repair-search)\n",
                sqlite3_errmsg(st->db));
        (*problems)++;
    }
    return SD_OK;
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .prep = lite_prep,
    .bind_text = lite_bind_text,
    .bind_int = lite_bind_int,
    .bind_null = lite_bind_null,
    .bind_blob = lite_bind_blob,
    .step = lite_step,
    .col_text = lite_col_text,
    .col_int = lite_col_int,
    .col_null = lite_col_null,
    .col_count = lite_col_count,
    .col_name = lite_col_name,
    .col_is_int = lite_col_is_int,
    .col_blob = lite_col_blob,
    .reset = lite_reset,
    .clear = lite_clear,
    .finalize = lite_finalize,
    .has_param = lite_has_param,
    .changes = lite_changes,
    .exec = lite_exec,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .set_cancel = lite_set_cancel,
    .data_version = lite_data_version,
    .schema_version = lite_schema_version,
    .schema_cookie = lite_schema_cookie,
    .integrity = lite_integrity,
    .triggers = lite_triggers,
    .idle = lite_idle,
    .close = lite_close,
};
