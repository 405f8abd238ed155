#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/money.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/die.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Milliseconds a write waits for another writer before giving up with SD_BUSY. Long enough
 * that eight clerks paying at once never see "busy". */
#define BUSY_TIMEOUT_MS 15000

/* Stores with an open transaction are rolled back by the fatal path. */
#define MAX_OPEN 8
static struct store *open_stores[MAX_OPEN];

static void rollback_all(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_stores[i] && open_stores[i]->in_txn)
            sqlite3_exec(open_stores[i]->db, "ROLLBACK", NULL, NULL, NULL);
}

static void track(struct store *st, bool on)
{
    static bool hooked;
    if (!hooked) {
        die_add_hook(rollback_all);
        hooked = true;
    }
    for (int i = 0; i < MAX_OPEN; i++) {
        if (on && !open_stores[i]) {
            open_stores[i] = st;
            return;
        }
        if (!on && open_stores[i] == st) {
            open_stores[i] = NULL;
            return;
        }
    }
}

int db_fail(struct store *st, int rc, struct sd_err *err)
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

static int progress_cb(void *arg)
{
    struct store *st = arg;
    return st->cancel_cb && st->cancel_cb(st->cancel_arg) ? 1 : 0;
}

void store_set_cancel(struct store *st, bool (*cb)(void *), void *arg)
{
    st->cancel_cb = cb;
    st->cancel_arg = arg;
    sqlite3_progress_handler(st->db, cb ? 4000 : 0, cb ? progress_cb : NULL, st);
}

void store_set_tick(struct store *st, void (*tick)(void *, int64_t), void *arg)
{
    st->tick = tick;
    st->tick_arg = arg;
}

int db_exec(struct store *st, const char *sql, struct sd_err *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(st, rc, err);
    return SD_OK;
}

int64_t db_query_int(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

sqlite3_stmt *db_prep(struct store *st, const char *sql)
{
    for (int i = 0; i < st->ncache; i++) {
        if (st->cache[i].sql == sql) {
            sqlite3_reset(st->cache[i].stmt);
            sqlite3_clear_bindings(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        die("internal: cannot prepare SQL (%s): %s", sqlite3_errmsg(st->db), sql);
    if (st->ncache < STMT_CACHE) {
        st->cache[st->ncache].sql = sql;
        st->cache[st->ncache].stmt = s;
        st->ncache++;
    } else {
        die("internal: statement cache full");
    }
    return s;
}

sqlite3_stmt *db_prep_once(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        die("internal: cannot prepare SQL (%s): %s", sqlite3_errmsg(st->db), sql);
    return s;
}

static int param(sqlite3_stmt *s, const char *name)
{
    int i = sqlite3_bind_parameter_index(s, name);
    if (i == 0)
        die("internal: SQL has no parameter %s: %s", name, sqlite3_sql(s));
    return i;
}

void db_bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
    int i = param(s, name);
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

void db_bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
    sqlite3_bind_int64(s, param(s, name), v);
}

void db_bind_null(sqlite3_stmt *s, const char *name)
{
    sqlite3_bind_null(s, param(s, name));
}

void db_bind_int_or_null(sqlite3_stmt *s, const char *name, int64_t v)
{
    if (v)
        db_bind_int(s, name, v);
    else
        db_bind_null(s, name);
}

void db_bind_text_or_null(sqlite3_stmt *s, const char *name, const char *v)
{
    if (v && *v)
        db_bind_text(s, name, v);
    else
        db_bind_null(s, name);
}

int db_step(struct store *st, sqlite3_stmt *s, struct sd_err *err)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return rc;
    db_fail(st, rc, err);
    sqlite3_reset(s);
    return rc;
}

int db_step_row(struct store *st, sqlite3_stmt *s, struct sd_err *err)
{
    int rc = db_step(st, s, err);
    if (rc == SQLITE_ROW)
        return SD_OK;
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return err ? (int)err->code : SD_STORE;
}

int db_exec_stmt(struct store *st, sqlite3_stmt *s, struct sd_err *err)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(s);
        return SD_OK;
    }
    int status = db_fail(st, rc, err);
    sqlite3_reset(s);
    return status;
}

const char *db_col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

int64_t db_col_int(sqlite3_stmt *s, int i)
{
    return sqlite3_column_int64(s, i);
}

bool db_col_null(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL;
}

char *db_col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? xstrdup((const char *)t) : NULL;
}

void db_require_write(struct store *st, const char *what)
{
    if (!st->in_txn || !st->write_txn)
        die("internal: %s outside a write transaction", what);
}

static int begin(struct store *st, const char *sql, bool write, const char *file, int line,
                 struct sd_err *err)
{
    if (st->in_txn)
        die("internal: transaction begun at %s:%d while one from %s is open", file, line,
            st->txn_where);
    if (write && st->readonly)
        return st->ro_reason[0] ? sd_fail(err, SD_IO, "%s", st->ro_reason)
                                : sd_fail(err, SD_IO, _("the shop database is open read-only"));
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return db_fail(st, rc, err);
    st->in_txn = true;
    st->fts_from = 0;
    st->audit_added = false;
    st->write_txn = write;
    snprintf(st->txn_where, sizeof st->txn_where, "%s:%d", file, line);
    return SD_OK;
}

int store_begin_at(struct store *st, const char *file, int line, struct sd_err *err)
{
    return begin(st, "BEGIN IMMEDIATE", true, file, line, err);
}

int store_begin_read_at(struct store *st, const char *file, int line, struct sd_err *err)
{
    return begin(st, "BEGIN DEFERRED", false, file, line, err);
}

int store_commit(struct store *st, struct sd_err *err)
{
    if (!st->in_txn)
        die("internal: commit without a transaction");
    int rc = SQLITE_OK;
    if (st->fts_from && !st->fts_hold) {
        /* the search index takes this transaction's new orders in one statement */
        sqlite3_stmt *s = db_prep(st, "INSERT INTO order_search(rowid, search_text) SELECT id, "
                                      "search_text FROM orders WHERE id >= :from");
        db_bind_int(s, ":from", st->fts_from);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        st->fts_from = 0;
        if (rc != SQLITE_DONE) {
            int status = db_fail(st, rc, err);
            store_rollback(st);
            return status;
        }
    }
    /* the head this transaction leaves, for the hook once it is committed */
    struct audit_seal head = {0};
    bool moved = st->audit_added && st->audit_hook &&
                 store_audit_head(st, &head, NULL) == SD_OK;
    st->audit_added = false;
    rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int status = db_fail(st, rc, err);
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->in_txn = false;
        return status;
    }
    st->in_txn = false;
    if (moved)
        st->audit_hook(st->audit_hook_arg, st->path, head.id, head.hash);
    return SD_OK;
}

void store_rollback(struct store *st)
{
    if (!st || !st->in_txn)
        return;
    /* Statements still stepping would keep the read snapshot: reset them first. */
    for (int i = 0; i < st->ncache; i++)
        sqlite3_reset(st->cache[i].stmt);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_txn = false;
    st->fts_from = 0;
    st->fts_hold = false;
    st->audit_added = false;
}

const char *store_txn_where(const struct store *st)
{
    return st && st->in_txn ? st->txn_where : NULL;
}

int64_t store_data_version(struct store *st)
{
    return db_query_int(st, "PRAGMA data_version");
}

int store_schema_version(struct store *st)
{
    return (int)db_query_int(st, "PRAGMA user_version");
}

int64_t store_schema_cookie(struct store *st)
{
    return db_query_int(st, "PRAGMA schema_version");
}

int store_latest_version(void)
{
    return schema_migration_count;
}

const char *store_path(const struct store *st)
{
    return st->path;
}

bool store_is_readonly(const struct store *st)
{
    return st->readonly;
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
        if (rc == SD_OK && fk_off && db_query_int(st, "SELECT count(*) FROM pragma_foreign_key_check"))
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
            return sd_fail(err, SD_STORE, _("migration %d (%s) failed: %s"), v + 1,
                           schema_migrations[v].what, err ? err->msg : "");
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
            snprintf(buf, n, _("the file system holding %s is read-only: it can be read, not "
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
        rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                                               SQLITE_OPEN_NOMUTEX, NULL);
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

int store_open(const char *path, int flags, struct store **out, struct sd_err *err)
{
    *out = NULL;
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
            return sd_fail(err, SD_IO, _("cannot open %s for writing: %s"), path,
                           strerror(errno));
        rofs = true;
    }

    struct store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    st->readonly = (flags & STORE_READONLY) != 0;
    int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc = SQLITE_OK;
    if (rofs) {
        why_readonly(path, st->ro_reason, sizeof st->ro_reason);
        int status = open_readonly(st, err);
        if (status) {
            free(st->path);
            free(st);
            return status;
        }
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
    track(st, true);
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
    *out = st;
    return SD_OK;

fail_tracked:
    track(st, false);
fail:
    sqlite3_close(st->db);
    free(st->path);
    free(st);
    return status;
}

void store_free(struct store **pst)
{
    struct store *st = *pst;
    if (!st)
        return;
    store_rollback(st);
    for (int i = 0; i < st->ncache; i++)
        sqlite3_finalize(st->cache[i].stmt);
    track(st, false);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
    *pst = NULL;
}

int store_check_integrity(struct store *st, struct strbuf *out, struct sd_err *err)
{
    sqlite3_stmt *s = db_prep_once(st, "PRAGMA integrity_check");
    int problems = 0, rc;
    while ((rc = db_step(st, s, err)) == SQLITE_ROW) {
        const char *line = db_col_text(s, 0);
        if (strcmp(line, "ok") != 0) {
            sb_addf(out, "integrity: %s\n", line);
            problems++;
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return err ? err->code : SD_STORE;
    s = db_prep_once(st, "PRAGMA foreign_key_check");
    while ((rc = db_step(st, s, err)) == SQLITE_ROW) {
        sb_addf(out, "foreign key: %s row %lld refers to a missing %s\n", db_col_text(s, 0),
                (long long)db_col_int(s, 1), db_col_text(s, 2));
        problems++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
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
        problems++;
    }
    /* what the payments trigger keeps on each order agrees with the payments */
    s = db_prep_once(st, "SELECT o.number, o.shop_refunded, p.total FROM orders o JOIN (SELECT "
                         "order_id, sum(amount) AS total FROM payments GROUP BY order_id) p ON "
                         "p.order_id = o.id WHERE o.shop_refunded <> p.total UNION ALL SELECT "
                         "number, shop_refunded, 0 FROM orders WHERE shop_refunded <> 0 AND id "
                         "NOT IN (SELECT order_id FROM payments) LIMIT 20");
    while ((rc = db_step(st, s, err)) == SQLITE_ROW) {
        sb_addf(out, "refunds: order %s says %lld refunded, its payments %lld\n", db_col_text(s, 0),
                (long long)db_col_int(s, 1), (long long)db_col_int(s, 2));
        problems++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return err ? err->code : SD_STORE;
    /* the platform's refunds and the shop's, counted once, never above what was paid */
    s = db_prep_once(st, "SELECT number, currency, total, refunded, platform_refunded, "
                         "shop_refunded - shop_via_platform, shop_via_platform, refunded <> "
                         "shop_refunded - shop_via_platform + max(platform_refunded, "
                         "shop_via_platform) OR shop_via_platform <> (SELECT coalesce(sum(amount), "
                         "0) FROM payments p WHERE p.order_id = orders.id AND p.via_platform = 1) "
                         "FROM orders WHERE refunded > total OR refunded <> shop_refunded - "
                         "shop_via_platform + max(platform_refunded, shop_via_platform) OR "
                         "(shop_via_platform <> 0 AND shop_via_platform <> (SELECT "
                         "coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = orders.id "
                         "AND p.via_platform = 1)) LIMIT 20");
    while ((rc = db_step(st, s, err)) == SQLITE_ROW) {
        const struct currency *cur = currency_find(db_col_text(s, 1));
        char m[5][48];
        for (int i = 0; i < 5 && cur; i++)
            money_format(db_col_int(s, i == 0 ? 2 : i + 2), cur, MONEY_SYMBOL | MONEY_GROUP, m[i],
                         sizeof m[i]);
        if (!cur) {
            sb_addf(out, _("refunds: order %s is in an unknown currency %s\n"), db_col_text(s, 0),
                    db_col_text(s, 1));
        } else if (db_col_int(s, 7)) {
            sb_addf(out, _("refunds: order %s: what was refunded does not add up (changed outside "
                           "shopdesk)\n"),
                    db_col_text(s, 0));
        } else {
            /* L10N: refunded, paid, the platform's refunds, the shop's by other means, the
             * shop's through the platform */
            sb_addf(out, _("refunds: order %s: %s refunded of the %s paid (the platform %s; the "
                           "shop %s, and %s through the platform)\n"),
                    db_col_text(s, 0), m[1], m[0], m[2], m[3], m[4]);
        }
        problems++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return err ? err->code : SD_STORE;
    if (problems)
        return sd_fail(
            err, SD_STORE,
            P_("%d problem found in the database", "%d problems found in the database", problems),
            problems);
    return SD_OK;
}

/* name -> sql of every trigger in db */
struct trigger_list {
    char **name, **sql;
    size_t n;
};

static int read_triggers(sqlite3 *db, struct trigger_list *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
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

static void free_triggers(struct trigger_list *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->name[i]);
        free(t->sql[i]);
    }
    free(t->name);
    free(t->sql);
}

static const char *find_trigger(const struct trigger_list *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->name[i], name))
            return t->sql[i];
    return NULL;
}

/* The triggers the migrations up to version have leave, read from their text: statements
 * split where SQLite says one is complete; CREATE TRIGGER adds (SQLite keeps its text as
 * written, without the semicolon), DROP TRIGGER removes. No database needed: the review runs
 * this every day. */
static void expected_triggers(int have, struct trigger_list *t)
{
    memset(t, 0, sizeof *t);
    size_t cap = 0;
    struct strbuf stmt = STRBUF_INIT;
    for (int v = 0; v < have; v++) {
        for (const char *p = schema_migrations[v].sql; *p; p++) {
            sb_addch(&stmt, *p);
            if (*p != ';' || !sqlite3_complete(sb_str(&stmt)))
                continue;
            const char *q = sb_str(&stmt);
            while (*q == ' ' || *q == '\n')
                q++;
            char name[128];
            if (sscanf(q, "CREATE TRIGGER %127s", name) == 1) {
                if (t->n == cap) {
                    cap = cap ? cap * 2 : 32;
                    t->name = xrealloc(t->name, cap * sizeof *t->name);
                    t->sql = xrealloc(t->sql, cap * sizeof *t->sql);
                }
                size_t len = strlen(q);
                while (len > 0 && (q[len - 1] == ';' || q[len - 1] == '\n' || q[len - 1] == ' '))
                    len--;
                t->name[t->n] = xstrdup(name);
                t->sql[t->n++] = xstrndup(q, len);
            } else if (sscanf(q, "DROP TRIGGER %127[^; \n]", name) == 1) {
                for (size_t i = 0; i < t->n; i++)
                    if (!strcmp(t->name[i], name)) {
                        free(t->name[i]);
                        free(t->sql[i]);
                        t->name[i] = t->name[t->n - 1];
                        t->sql[i] = t->sql[t->n - 1];
                        t->n--;
                        break;
                    }
            }
            sb_reset(&stmt);
        }
    }
    sb_free(&stmt);
}

int store_check_triggers(struct store *st, struct strbuf *out, struct sd_err *err)
{
    int have = store_schema_version(st);
    if (have > schema_migration_count)
        have = schema_migration_count;
    struct trigger_list want, got = {0};
    expected_triggers(have, &want);
    int rc;
    if ((rc = read_triggers(st->db, &got)) != SQLITE_OK) {
        free_triggers(&want);
        free_triggers(&got);
        db_fail(st, rc, err);
        return -1;
    }
    /* a first import set the search triggers aside while it runs: not missing */
    char *aside = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT group_concat(ddl, ';') FROM imports WHERE state = "
                                   "'running'", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        aside = xstrdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    int problems = 0;
    for (size_t i = 0; i < want.n; i++) {
        const char *sql = find_trigger(&got, want.name[i]);
        if (!sql && aside && strstr(aside, want.sql[i]))
            continue;
        if (!sql)
            sb_addf(out, _("trigger %s is missing: what it guarded can be changed without a "
                           "trace\n"),
                    want.name[i]);
        else if (strcmp(sql, want.sql[i]) != 0)
            sb_addf(out, _("trigger %s is not as shopdesk made it\n"), want.name[i]);
        else
            continue;
        problems++;
    }
    for (size_t i = 0; i < got.n; i++)
        if (!find_trigger(&want, got.name[i])) {
            sb_addf(out, _("trigger %s was added outside shopdesk\n"), got.name[i]);
            problems++;
        }
    free_triggers(&want);
    free_triggers(&got);
    free(aside);
    return problems;
}

void store_idle(struct store *st)
{
    if (st->readonly || st->in_txn)
        return;
    int64_t now = clock_mono_ms();
    if (now - st->last_checkpoint_ms < 30000)
        return;
    st->last_checkpoint_ms = now;
    sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

char *store_kv_get(struct store *st, const char *key)
{
    sqlite3_stmt *s = db_prep(st, "SELECT value FROM kv WHERE key = :key");
    db_bind_text(s, ":key", key);
    char *v = NULL;
    if (db_step(st, s, NULL) == SQLITE_ROW)
        v = db_col_dup(s, 0);
    sqlite3_reset(s);
    return v;
}

int store_kv_set(struct store *st, const char *key, const char *value, struct sd_err *err)
{
    db_require_write(st, "store_kv_set");
    sqlite3_stmt *s = db_prep(st, "INSERT INTO kv (key, value) VALUES (:key, :value) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    db_bind_text(s, ":key", key);
    db_bind_text(s, ":value", value);
    return db_exec_stmt(st, s, err);
}

int db_int_column(struct store *st, sqlite3_stmt *s, int64_t **out, size_t *n, struct sd_err *err)
{
    size_t cap = 64, k = 0;
    int64_t *v = xmalloc(cap * sizeof *v);
    int rc;
    while ((rc = db_step(st, s, err)) == SQLITE_ROW) {
        if (k == cap) {
            cap *= 2;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[k++] = db_col_int(s, 0);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return err ? (int)err->code : SD_STORE;
    }
    *out = v;
    *n = k;
    return SD_OK;
}
