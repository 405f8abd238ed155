/* The PostgreSQL driver: the one file that speaks to PostgreSQL (libpq-fe.h). A shop is one
 * database. Statements are written once with named parameters (":name"), as for SQLite; here
 * each name becomes $n at prepare time. A write transaction takes the shop's writer lock
 * (an advisory lock held to COMMIT), so writers take turns exactly as on SQLite and each reads
 * what the others committed; the money triggers also lock the order row, for writers that do
 * not come through shopdesk. Other connections' commits arrive as notifications
 * (LISTEN/NOTIFY), read without a round trip when the console asks for the data version. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/schema.h"
#include "store/store_int.h"
#include "util/die.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* libpq is loaded when a shop on PostgreSQL is opened, not when shopdesk starts: a shop in
 * shop.db (and every command's start) does not pay for the libraries libpq brings. */
#define PQ_FUNCS(_)                                                                                \
    _(PQbackendPID) _(PQcancel) _(PQclear) _(PQclientEncoding) _(PQcmdStatus) _(PQcmdTuples)      \
    _(PQconnectdb) _(PQconninfoFree) _(PQconninfoParse) _(PQconsumeInput) _(PQerrorMessage)       \
    _(PQfinish) _(PQfname) _(PQfreeCancel) _(PQfreemem) _(PQftype) _(PQgetCancel)                 \
    _(PQgetResult) _(PQgetisnull) _(PQgetvalue) _(PQisBusy) _(PQnfields) _(PQnotifies)            \
    _(PQntuples) _(PQprepare) _(PQreset) _(PQresultErrorField) _(PQresultStatus) _(PQsendQuery)   \
    _(PQsendQueryParams) _(PQsendQueryPrepared) _(PQsetClientEncoding) _(PQsetNoticeReceiver)    \
    _(PQsocket) _(PQstatus) _(pg_char_to_encoding) _(PQenterPipelineMode) _(PQexitPipelineMode)  \
    _(PQpipelineSync) _(PQpipelineStatus) _(PQsendPrepare) _(PQputCopyData) _(PQputCopyEnd)     \
    _(PQexec)
#define PQ_MEMBER(name) __typeof__(name) *name;
static struct {
    void *lib;
    PQ_FUNCS(PQ_MEMBER)
} pq;
#undef PQ_MEMBER

static int pq_load(struct sd_err *err)
{
    if (pq.lib)
        return SD_OK;
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return sd_fail(err, SD_IO,
                       _("a shop on PostgreSQL needs libpq (apt-get install libpq5): %s"),
                       dlerror());
#define PQ_LOAD(name)                                                                              \
    if (!(*(void **)&pq.name = dlsym(lib, #name))) {                                               \
        dlclose(lib);                                                                              \
        return sd_fail(err, SD_IO, _("this libpq has no %s: install libpq5 14 or later"), #name);  \
    }
    PQ_FUNCS(PQ_LOAD)
#undef PQ_LOAD
    pq.lib = lib;
    return SD_OK;
}

/* The writer lock's key: one shop per database, so one key. */
#define WRITER_LOCK "7310309"
/* A write waits this long for another writer, as on SQLite (SD_BUSY past it). */
#define LOCK_TIMEOUT "15s"

/* OIDs of the parameter types the binders give (pg_type.h is the server's). */
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_TEXT = 25 };

struct pg_conn {
    PGconn *c;
    int64_t changes;      /* rows the last statement changed */
    int64_t version;      /* other connections' commits seen */
    bool cancel_on;       /* the store's cancel callback may stop a statement */
    bool lost;            /* the connection broke: nothing more until it is opened again */
    int prepared;         /* statements prepared on the server: their names */
    int64_t polled_ms;    /* when the cancel callback was last asked */
    bool cancelled;       /* asked to stop while a statement ran: it fails even if it ended */
    int64_t trips;        /* round trips to the server so far (store_round_trips) */
    int pending;          /* batching: statements sent ahead whose answers are not read yet */
    struct pg_stmt **slots; /* for each, the statement its rows go to (db_send), or NULL */
    int cap_slots;
    struct sd_err late;   /* the first error among them, once read, for what comes next */
    struct copy_buf {     /* batching: rows kept for a table, sent with one COPY */
        char table[32];
        char *cols;       /* "(a, b, c)" */
        struct strbuf data; /* COPY's text format */
        int rows;
        int rank; /* sent in this order: a table's rows before the rows that refer to them */
    } copies[3];
    int ncopies;
    struct id_pool {      /* batching: ids taken ahead from a table's sequence (next_id) */
        char table[16];
        int64_t ids[256];
        int n, used;
    } pools[2];
};

struct pg_stmt {
    struct db_stmt base;
    struct store *st;
    char *sql;    /* with $n for the names */
    int nparams;
    char **names; /* names[k] is $k+1's ":name" */
    char **vals;  /* NULL: SQL NULL */
    int *lens;
    int *fmts;
    Oid *types;
    PGresult *res;
    int row; /* the row db_step last gave, -1 before the first */
    bool cached;   /* kept for the store's life: prepared on the server at its first run */
    char name[16]; /* its name there, once prepared ("" before) */
    /* an INSERT INTO t (cols) VALUES ($i, $j, ...) of parameters alone: its rows can go by
     * COPY (exec_copy); worked out at its first such use */
    int copy_state; /* 0 not yet known, 1 yes, -1 no */
    bool past_kept; /* db_stmt_past_kept: rows kept for COPY need not go before it */
    bool in_flight; /* sent ahead (db_send): its rows come with the pipeline's answers */
    char copy_table[32];
    char *copy_cols;
    int *copy_params, ncopy;
};

#define PGS(x) ((struct pg_stmt *)(x))

/* ---- one SQL text for both engines: ":name" -> "$n" ---- */

static int add_name(struct pg_stmt *s, const char *name, size_t len)
{
    for (int k = 0; k < s->nparams; k++)
        if (strlen(s->names[k]) == len && !strncmp(s->names[k], name, len))
            return k + 1;
    s->names = xrealloc(s->names, (size_t)(s->nparams + 1) * sizeof *s->names);
    s->names[s->nparams] = xstrndup(name, len);
    return ++s->nparams;
}

static bool ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* SQLite's index hints ("INDEXED BY name", "NOT INDEXED") at p: their length, to leave them
 * out (PostgreSQL plans for itself), or 0. */
static size_t hint_at(const char *sql, const char *p)
{
    if (p > sql && ident_char(p[-1]))
        return 0;
    size_t n = 0;
    if (!strncmp(p, "NOT INDEXED", 11))
        n = 11;
    else if (!strncmp(p, "INDEXED BY ", 11)) {
        n = 11;
        while (ident_char(p[n]))
            n++;
    }
    return n && !ident_char(p[n]) ? n : 0;
}

/* Rewrite sql's :name parameters as $n, leaving quoted text, quoted names, comments, dollar-
 * quoted bodies and :: casts alone; SQLite's index hints are left out. */
static void rewrite(struct pg_stmt *s, const char *sql)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = sql;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            sb_addch(&out, *p++);
            while (*p) {
                if (*p == q && p[1] == q) {
                    sb_addch(&out, *p++);
                    sb_addch(&out, *p++);
                } else if (*p == q) {
                    break;
                } else {
                    sb_addch(&out, *p++);
                }
            }
            if (*p)
                sb_addch(&out, *p++);
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                sb_addch(&out, *p++);
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            size_t n = e ? (size_t)(e + 2 - p) : strlen(p);
            sb_add(&out, p, n);
            p += n;
        } else if (p[0] == '$' && p[1] == '$') {
            const char *e = strstr(p + 2, "$$");
            size_t n = e ? (size_t)(e + 2 - p) : strlen(p);
            sb_add(&out, p, n);
            p += n;
        } else if (p[0] == ':' && p[1] == ':') {
            sb_adds(&out, "::");
            p += 2;
        } else if ((*p == 'N' || *p == 'I') && hint_at(sql, p)) {
            p += hint_at(sql, p);
        } else if (p[0] == ':' && (p[1] == '_' || (p[1] >= 'a' && p[1] <= 'z') ||
                                   (p[1] >= 'A' && p[1] <= 'Z'))) {
            const char *b = p;
            p++;
            while (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9'))
                p++;
            sb_addf(&out, "$%d", add_name(s, b, (size_t)(p - b)));
        } else {
            sb_addch(&out, *p++);
        }
    }
    s->sql = sb_detach(&out);
}

/* ---- errors ---- */

static bool conn_bad(struct store *st)
{
    return !st->pg->c || pq.PQstatus(st->pg->c) != CONNECTION_OK;
}

/* libpq's words for a failure, as one line (they end in a newline) */
static void trimmed(char *out, size_t size, const char *msg)
{
    snprintf(out, size, "%s", msg ? msg : "");
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
        out[--n] = '\0';
}

/* The connection could not be made: what libpq says, for the shop's database. */
static int unreachable(struct store *st, struct sd_err *err)
{
    char m[400];
    trimmed(m, sizeof m, pq.PQerrorMessage(st->pg->c));
    return sd_fail(err, SD_IO, _("cannot reach the shop's database %s: %s"), st->label, m);
}

/* Map a failed result (or a broken connection: res NULL) to a status and a message. */
static int pg_fail(struct store *st, const PGresult *res, struct sd_err *err)
{
    const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? pq.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *msg = primary ? primary : pq.PQerrorMessage(st->pg->c);
    char clean[400];
    trimmed(clean, sizeof clean, msg);
    if (!state || conn_bad(st) || !strncmp(state, "08", 2) || !strncmp(state, "57P0", 4) ||
        !strcmp(state, "25P03")) {
        st->pg->lost = conn_bad(st);
        return sd_fail(err, SD_IO,
                       _("the connection to the shop's database was lost (%s); nothing was "
                         "changed"),
                       clean);
    }
    if (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01"))
        return sd_fail(err, SD_BUSY,
                       _("the shop is busy (another write took too long); "
                         "nothing was changed, try again"));
    /* stopped: by Esc or ^C (a cancel request of ours), or by the server's statement_timeout
     * (a limit an administrator set for the database or the login) */
    if (!strcmp(state, "57014") && st->pg->cancelled)
        return sd_fail(err, SD_CANCELLED, _("cancelled"));
    if (!strcmp(state, "57014"))
        return sd_fail(err, SD_BUSY,
                       _("the shop's database stopped a statement that ran too long (%s); "
                         "nothing was changed, try again"),
                       clean);
    if (!strncmp(state, "23", 2))
        return sd_fail(err, SD_REFUSED, "%s", clean);
    if (!strcmp(state, "42501"))
        return sd_fail(err, SD_FORBIDDEN, _("the database refused it: %s"), clean);
    if (!strncmp(state, "53", 2))
        return sd_fail(err, SD_IO, _("the shop's database server cannot write (%s); nothing was "
                                     "changed"),
                       clean);
    if (!strcmp(state, "25006"))
        return sd_fail(err, SD_IO, _("the shop's database is read-only here: %s"), clean);
    return sd_fail(err, SD_STORE, _("database error: %s"), clean);
}

static int reconnect(struct store *st, struct sd_err *err);
static int settle(struct store *st, struct sd_err *err);

/* ---- running a statement ---- */

/* Wait for the result of what was sent, letting the store's cancel callback stop it; the last
 * result that is not NULL is kept (the first error, if any). */
static PGresult *collect(struct store *st)
{
    struct pg_conn *pc = st->pg;
    bool cancelled = false;
    while (pq.PQisBusy(pc->c)) {
        struct pollfd fd = {.fd = pq.PQsocket(pc->c), .events = POLLIN};
        int r = poll(&fd, 1, pc->cancel_on ? 100 : -1);
        if (r < 0 && errno != EINTR)
            break;
        if (!pq.PQconsumeInput(pc->c))
            break;
        if (!cancelled && pc->cancel_on && st->cancel_cb && st->cancel_cb(st->cancel_arg)) {
            char buf[256];
            PGcancel *c = pq.PQgetCancel(pc->c);
            if (c) {
                pq.PQcancel(c, buf, sizeof buf);
                pq.PQfreeCancel(c);
            }
            cancelled = true;
            pc->cancelled = true; /* the statement may end before the server hears it */
        }
    }
    PGresult *keep = NULL, *r;
    while ((r = pq.PQgetResult(pc->c))) {
        ExecStatusType t = pq.PQresultStatus(r);
        bool bad = t == PGRES_FATAL_ERROR || t == PGRES_BAD_RESPONSE;
        if (keep && pq.PQresultStatus(keep) == PGRES_FATAL_ERROR && !bad) {
            pq.PQclear(r);
            continue;
        }
        pq.PQclear(keep);
        keep = r;
    }
    return keep;
}

/* Run sql (no parameters; several statements may follow each other) and keep the result. */
static PGresult *run_plain(struct store *st, const char *sql)
{
    if (!pq.PQsendQuery(st->pg->c, sql))
        return NULL;
    st->pg->trips++;
    return collect(st);
}

static bool res_ok(const PGresult *r)
{
    ExecStatusType t = r ? pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
    return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_EMPTY_QUERY;
}

static int pg_exec(struct store *st, const char *sql, char **msg, struct sd_err *err)
{
    if (msg)
        *msg = NULL;
    int late = settle(st, err);
    if (late)
        return late;
    PGresult *r = run_plain(st, sql);
    int rc = SD_OK;
    if (st->pg->cancelled) {
        st->pg->cancelled = false;
        pq.PQclear(r);
        return sd_fail(err, SD_CANCELLED, _("cancelled"));
    }
    if (!res_ok(r)) {
        if (msg) {
            const char *m = r ? pq.PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
            *msg = xstrdup(m ? m : pq.PQerrorMessage(st->pg->c));
        }
        rc = pg_fail(st, r, err);
    }
    pq.PQclear(r);
    return rc;
}

static struct db_stmt *pg_prep(struct store *st, const char *sql, bool cached)
{
    struct pg_stmt *s = xcalloc(1, sizeof *s);
    s->cached = cached;
    s->base.drv = &db_pg_driver;
    s->st = st;
    rewrite(s, sql);
    int n = s->nparams ? s->nparams : 1;
    s->vals = xcalloc((size_t)n, sizeof *s->vals);
    s->lens = xcalloc((size_t)n, sizeof *s->lens);
    s->fmts = xcalloc((size_t)n, sizeof *s->fmts);
    s->types = xcalloc((size_t)n, sizeof *s->types);
    s->row = -1;
    return &s->base;
}

/* The slot of a named parameter, or -1. */
static int find_slot(const struct pg_stmt *s, const char *name)
{
    for (int k = 0; k < s->nparams; k++)
        if (!strcmp(s->names[k], name))
            return k;
    return -1;
}

static int slot(struct pg_stmt *s, const char *name)
{
    int k = find_slot(s, name);
    if (k < 0)
        die("internal: SQL has no parameter %s: %s", name, s->sql);
    return k;
}

static void set(struct pg_stmt *s, const char *name, char *v, int len, int fmt, Oid type)
{
    int k = slot(s, name);
    free(s->vals[k]);
    s->vals[k] = v;
    s->lens[k] = len;
    s->fmts[k] = fmt;
    s->types[k] = type;
}

static void pg_bind_text(struct db_stmt *x, const char *name, const char *v)
{
    set(PGS(x), name, v ? xstrdup(v) : NULL, 0, 0, OID_TEXT);
}

static void pg_bind_int(struct db_stmt *x, const char *name, int64_t v)
{
    set(PGS(x), name, xasprintf("%lld", (long long)v), 0, 0, OID_INT8);
}

static void pg_bind_null(struct db_stmt *x, const char *name)
{
    set(PGS(x), name, NULL, 0, 0, 0);
}

static void pg_bind_blob(struct db_stmt *x, const char *name, const void *v, size_t len)
{
    char *copy = xmalloc(len ? len : 1);
    memcpy(copy, v, len);
    set(PGS(x), name, copy, (int)len, 1, OID_BYTEA);
}

static void pg_reset(struct db_stmt *x)
{
    struct pg_stmt *s = PGS(x);
    pq.PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->in_flight = false; /* rows sent ahead for it, if any, are let go when they come */
}

static void pg_clear(struct db_stmt *x)
{
    struct pg_stmt *s = PGS(x);
    pg_reset(x);
    for (int k = 0; k < s->nparams; k++) {
        free(s->vals[k]);
        s->vals[k] = NULL;
        s->types[k] = 0;
        s->fmts[k] = 0;
        s->lens[k] = 0;
    }
}

static void pg_finalize(struct db_stmt *x)
{
    struct pg_stmt *s = PGS(x);
    pg_clear(x);
    for (int k = 0; k < s->nparams; k++)
        free(s->names[k]);
    free(s->names);
    free(s->vals);
    free(s->lens);
    free(s->fmts);
    free(s->types);
    free(s->sql);
    free(s->copy_cols);
    free(s->copy_params);
    free(s);
}

/* One more statement sent ahead; rows_to: the statement its rows are for (db_send), or NULL
 * for a write's answer, read and let go. */
static void note_pending(struct pg_conn *pc, struct pg_stmt *rows_to)
{
    if (pc->pending == pc->cap_slots) {
        pc->cap_slots = pc->cap_slots ? pc->cap_slots * 2 : 64;
        pc->slots = xrealloc(pc->slots, (size_t)pc->cap_slots * sizeof *pc->slots);
    }
    pc->slots[pc->pending++] = rows_to;
}

/* Send a statement (preparing it on the server first, the first time). piped: in pipeline
 * mode, where the preparing is sent ahead too and counted as pending. */
static int send_stmt(struct store *st, struct pg_stmt *s, bool piped, struct sd_err *err)
{
    /* A statement kept for the store's life is parsed and planned once, on the server,
     * with the types of its first binds; every value travels as text, so later binds of
     * another type are read as the first. Not while a bind is NULL: its type could not
     * be told. Statements made for one run (filters, searches) are planned with their
     * values each time. */
    if (s->cached && !s->name[0]) {
        bool typed = true;
        for (int k = 0; k < s->nparams; k++)
            typed = typed && s->types[k] != 0;
        if (typed) {
            char name[16];
            snprintf(name, sizeof name, "s%d", ++st->pg->prepared);
            if (piped) { /* its answer is read in turn with the others' */
                if (!pq.PQsendPrepare(st->pg->c, name, s->sql, s->nparams, s->types))
                    return pg_fail(st, NULL, err);
                note_pending(st->pg, NULL);
            } else {
                PGresult *r = pq.PQprepare(st->pg->c, name, s->sql, s->nparams, s->types);
                if (!res_ok(r)) {
                    int rc = pg_fail(st, r, err);
                    pq.PQclear(r);
                    return rc;
                }
                pq.PQclear(r);
            }
            memcpy(s->name, name, sizeof name);
        }
    }
    int sent = s->name[0] ? pq.PQsendQueryPrepared(st->pg->c, s->name, s->nparams,
                                                 (const char *const *)s->vals, s->lens,
                                                 s->fmts, 0)
                          : pq.PQsendQueryParams(st->pg->c, s->sql, s->nparams, s->types,
                                              (const char *const *)s->vals, s->lens,
                                              s->fmts, 0);
    if (!sent)
        return pg_fail(st, NULL, err);
    return SD_OK;
}

/* ---- writes sent ahead (store_batch_writes) ----
 * A write whose answer nobody reads goes out at once in pipeline mode and its answer is left
 * to come. The next statement that has an answer to give goes out after them with a sync
 * point, and every answer is read in order: one round trip for all. The first error among
 * them (the server then skips the rest, to the sync point) is the caller's, and kept for
 * whatever comes next until the transaction ends. */

/* Send own (if any) after the pending writes, then a sync point; read every answer. */
static int finish_pipeline(struct store *st, struct pg_stmt *own, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    int rc = SD_OK;
    if (own && (rc = send_stmt(st, own, true, err)))
        own = NULL; /* what was sent is still read below */
    if (!pq.PQpipelineSync(pc->c))
        return pg_fail(st, NULL, err);
    pc->trips++;
    PGresult *bad = NULL;
    for (int i = 0; i < pc->pending; i++) {
        PGresult *r = collect(st);
        if (!r && conn_bad(st))
            break;
        if (!bad && !res_ok(r) && pq.PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
            bad = r;
            continue;
        }
        struct pg_stmt *to = pc->slots[i];
        if (to && to->in_flight && res_ok(r)) { /* a statement sent ahead: its rows */
            to->in_flight = false;
            to->res = r;
            to->row = -1;
            continue;
        }
        pq.PQclear(r);
    }
    PGresult *mine = own ? collect(st) : NULL;
    PGresult *sync = collect(st);
    pq.PQclear(sync);
    for (int i = 0; i < pc->pending; i++)
        if (pc->slots[i])
            pc->slots[i]->in_flight = false;
    pc->pending = 0;
    if (!conn_bad(st))
        pq.PQexitPipelineMode(pc->c);
    if (bad || conn_bad(st)) {
        rc = pg_fail(st, bad, err);
        if (!pc->late.code)
            pg_fail(st, bad, &pc->late);
        pq.PQclear(bad);
        pq.PQclear(mine);
        return rc;
    }
    if (own)
        own->res = mine;
    else
        pq.PQclear(mine);
    return rc;
}

/* Before a statement of the plain protocol (BEGIN, COMMIT, ...): the pending answers read,
 * and an error among them, or an earlier one, given back. */
static int flush_copies(struct store *st, struct sd_err *err);

static int settle(struct store *st, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    if (pc->ncopies)
        flush_copies(st, NULL);
    if (pc->pending && finish_pipeline(st, NULL, NULL) == SD_OK && !pc->late.code)
        return SD_OK;
    if (!pc->late.code)
        return SD_OK;
    if (err)
        *err = pc->late;
    return pc->late.code;
}

static int flush_for(struct store *st, const char *sql, struct sd_err *err);

/* db_send: the statement goes now, with the writes sent ahead; its rows are read at its next
 * step, with whatever else that step's round trip carries. */
static int pg_send(struct store *st, struct db_stmt *x, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    struct pg_stmt *s = PGS(x);
    pg_reset(x);
    if (pc->late.code || pc->lost || conn_bad(st))
        return SD_OK; /* its step says why */
    if (pc->ncopies && !s->past_kept && flush_for(st, s->sql, err))
        return err ? (int)err->code : SD_STORE;
    if (pq.PQpipelineStatus(pc->c) == PQ_PIPELINE_OFF && !pq.PQenterPipelineMode(pc->c))
        return pg_fail(st, NULL, err);
    int rc = send_stmt(st, s, true, err);
    if (rc)
        return rc;
    s->in_flight = true;
    note_pending(pc, s);
    return SD_OK;
}

static int pg_exec_later(struct store *st, struct db_stmt *x, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    struct pg_stmt *s = PGS(x);
    if (pc->late.code) {
        if (err)
            *err = pc->late;
        pg_reset(x);
        return pc->late.code;
    }
    if (pc->lost || conn_bad(st))
        return pg_fail(st, NULL, err);
    if (pc->ncopies && flush_for(st, s->sql, err))
        return err ? (int)err->code : SD_STORE;
    if (pq.PQpipelineStatus(pc->c) == PQ_PIPELINE_OFF && !pq.PQenterPipelineMode(pc->c))
        return pg_fail(st, NULL, err);
    int rc = send_stmt(st, s, true, err);
    pg_reset(x);
    if (rc)
        return rc;
    note_pending(pc, NULL);
    /* the answers wait in the server's buffers and in memory here: a few hundred at most */
    if (pc->pending >= 500 && finish_pipeline(st, NULL, err))
        return err ? (int)err->code : SD_STORE;
    return SD_OK;
}

/* ---- rows by COPY (store_batch_writes, exec_copy) ----
 * The many rows of an import (orders, their lines) are kept here in COPY's text format and
 * sent a table at a time, a COPY for hundreds of rows where each INSERT was a statement for
 * the server to run. They go before anything that could read them: any statement naming
 * their table, a commit, a plain statement; the writes sent ahead go before them (a row may
 * name a member one of those made). */

static bool word_at(const char *sql, const char *p, size_t len)
{
    return (p == sql || !ident_char(p[-1])) && !ident_char(p[len]);
}

static bool names_table(const char *sql, const char *table)
{
    size_t len = strlen(table);
    for (const char *p = strstr(sql, table); p; p = strstr(p + 1, table))
        if (word_at(sql, p, len))
            return true;
    return false;
}

/* "INSERT INTO t (a, b) VALUES ($1, $2)": the table, the columns and the parameters */
static bool parse_copyable(struct pg_stmt *s)
{
    const char *p = s->sql;
    if (strncmp(p, "INSERT INTO ", 12))
        return false;
    p += 12;
    size_t n = 0;
    while (ident_char(p[n]))
        n++;
    if (!n || n >= sizeof s->copy_table || strncmp(p + n, " (", 2))
        return false;
    memcpy(s->copy_table, p, n);
    s->copy_table[n] = '\0';
    const char *cols = p + n + 1, *close = strchr(cols, ')');
    if (!close || strncmp(close, ") VALUES (", 10))
        return false;
    p = close + 10;
    int *params = xcalloc((size_t)s->nparams * 2 + 1, sizeof *params), k = 0;
    for (;;) {
        if (*p != '$' || k >= s->nparams * 2) {
            free(params);
            return false;
        }
        char *end;
        long v = strtol(p + 1, &end, 10);
        if (v < 1 || v > s->nparams) {
            free(params);
            return false;
        }
        params[k++] = (int)v - 1;
        p = end;
        if (!strcmp(p, ")"))
            break;
        if (strncmp(p, ", ", 2)) {
            free(params);
            return false;
        }
        p += 2;
    }
    s->copy_cols = xstrndup(cols, (size_t)(close - cols + 1));
    s->copy_params = params;
    s->ncopy = k;
    return true;
}

static void copy_value(struct strbuf *sb, const struct pg_stmt *s, int k)
{
    if (!s->vals[k]) {
        sb_adds(sb, "\\N");
    } else if (s->fmts[k] == 1) { /* bytea: \\x and hex */
        sb_adds(sb, "\\\\x");
        for (int i = 0; i < s->lens[k]; i++)
            sb_addf(sb, "%02x", (unsigned char)s->vals[k][i]);
    } else {
        for (const char *c = s->vals[k]; *c; c++) {
            switch (*c) {
            case '\\': sb_adds(sb, "\\\\"); break;
            case '\t': sb_adds(sb, "\\t"); break;
            case '\n': sb_adds(sb, "\\n"); break;
            case '\r': sb_adds(sb, "\\r"); break;
            default: sb_addch(sb, *c);
            }
        }
    }
}

static void copies_drop(struct pg_conn *pc)
{
    for (int i = 0; i < pc->ncopies; i++) {
        free(pc->copies[i].cols);
        sb_free(&pc->copies[i].data);
    }
    memset(pc->copies, 0, sizeof pc->copies);
    pc->ncopies = 0;
}

static int copy_one(struct store *st, struct copy_buf *b, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    char *sql = xasprintf("COPY %s %s FROM STDIN", b->table, b->cols);
    PGresult *r = pq.PQexec(pc->c, sql);
    free(sql);
    pc->trips += 2;
    int rc = SD_OK;
    if (pq.PQresultStatus(r) != PGRES_COPY_IN) {
        rc = pg_fail(st, r, err);
        pq.PQclear(r);
        return rc;
    }
    pq.PQclear(r);
    if (pq.PQputCopyData(pc->c, sb_str(&b->data), (int)b->data.len) != 1 ||
        pq.PQputCopyEnd(pc->c, NULL) != 1)
        return pg_fail(st, NULL, err);
    PGresult *bad = NULL;
    while ((r = collect(st))) {
        if (!bad && !res_ok(r)) {
            bad = r;
            continue;
        }
        pq.PQclear(r);
        if (conn_bad(st) || !pq.PQisBusy(pc->c))
            break;
    }
    if (bad || conn_bad(st))
        rc = pg_fail(st, bad, err);
    pq.PQclear(bad);
    return rc;
}

/* Send every kept row: the writes sent ahead first, then each table's COPY by rank (orders
 * before their lines). An error is kept for what comes next, as a write's. */
static int flush_copies(struct store *st, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    if (!pc->ncopies)
        return SD_OK;
    struct sd_err mine = {0};
    int rc = SD_OK;
    if (pc->pending)
        rc = finish_pipeline(st, NULL, &mine);
    for (int rank = 0; rank < 4 && rc == SD_OK; rank++)
        for (int i = 0; i < pc->ncopies && rc == SD_OK; i++)
            if (pc->copies[i].rows && pc->copies[i].rank == rank)
                rc = copy_one(st, &pc->copies[i], &mine);
    copies_drop(pc);
    if (rc && !pc->late.code)
        pc->late = mine;
    if (rc && err)
        *err = mine;
    return rc;
}

/* Before a statement that names a table with kept rows: they go first. */
static int flush_for(struct store *st, const char *sql, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    for (int i = 0; i < pc->ncopies; i++)
        if (names_table(sql, pc->copies[i].table))
            return flush_copies(st, err);
    return SD_OK;
}

static int pg_exec_copy(struct store *st, struct db_stmt *x, int rank, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    struct pg_stmt *s = PGS(x);
    if (!s->copy_state)
        s->copy_state = parse_copyable(s) ? 1 : -1;
    if (s->copy_state < 0)
        return pg_exec_later(st, x, err);
    if (pc->late.code) {
        if (err)
            *err = pc->late;
        pg_reset(x);
        return pc->late.code;
    }
    struct copy_buf *b = NULL;
    for (int i = 0; i < pc->ncopies && !b; i++)
        if (!strcmp(pc->copies[i].table, s->copy_table) && !strcmp(pc->copies[i].cols, s->copy_cols))
            b = &pc->copies[i];
    if (!b) {
        if (pc->ncopies == (int)(sizeof pc->copies / sizeof pc->copies[0])) {
            int rc = flush_copies(st, err);
            if (rc)
                return rc;
        }
        b = &pc->copies[pc->ncopies++];
        snprintf(b->table, sizeof b->table, "%s", s->copy_table);
        b->cols = xstrdup(s->copy_cols);
        b->data = (struct strbuf)STRBUF_INIT;
        b->rank = rank < 0 ? 0 : rank > 3 ? 3 : rank;
    }
    for (int i = 0; i < s->ncopy; i++) {
        if (i)
            sb_addch(&b->data, '\t');
        copy_value(&b->data, s, s->copy_params[i]);
    }
    sb_addch(&b->data, '\n');
    b->rows++;
    pg_reset(x);
    /* a few thousand rows, a few MiB at most, wait here */
    if (b->rows >= 2000 || b->data.len >= 4 << 20)
        return flush_copies(st, err);
    return SD_OK;
}

static void pg_past_kept(struct db_stmt *x)
{
    PGS(x)->past_kept = true;
}

static int pg_next_id(struct store *st, const char *table, int64_t *id, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    struct id_pool *p = NULL;
    for (size_t i = 0; i < sizeof pc->pools / sizeof pc->pools[0] && !p; i++)
        if (!pc->pools[i].table[0] || !strcmp(pc->pools[i].table, table))
            p = &pc->pools[i];
    if (!p) /* a third table: the first pool's (its ids stay unused, gaps) */
        p = &pc->pools[0];
    if (strcmp(p->table, table)) {
        snprintf(p->table, sizeof p->table, "%s", table);
        p->n = p->used = 0;
    }
    if (p->used == p->n) {
        /* 256 at a time; sequences are not rolled back, so ids a rollback leaves unused are
         * gaps, never given twice */
        struct db_stmt *q = db_prep(
            st, "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, 256)");
        db_bind_text(q, ":t", table);
        p->n = p->used = 0;
        int rc;
        while ((rc = db_step(st, q, err)) == DB_ROW && p->n < 256)
            p->ids[p->n++] = db_col_int(q, 0);
        db_reset(q);
        if (rc != DB_DONE && rc != DB_ROW) {
            p->n = 0;
            return err ? (int)err->code : SD_STORE;
        }
    }
    *id = p->ids[p->used++];
    return SD_OK;
}

static int pg_step(struct store *st, struct db_stmt *x, struct sd_err *err)
{
    struct pg_stmt *s = PGS(x);
    if (st->pg->cancel_on && st->cancel_cb) {
        /* long work made of many short statements, or of many rows read: asked between them
         * as well (a few times a second), as SQLite asks every few thousand steps */
        int64_t now = clock_mono_ms();
        if (now - st->pg->polled_ms >= 50) {
            st->pg->polled_ms = now;
            if (st->cancel_cb(st->cancel_arg)) {
                sd_fail(err, SD_CANCELLED, _("cancelled"));
                pg_reset(x);
                return -1;
            }
        }
    }
    if (!s->res) {
        if ((st->pg->lost || conn_bad(st)) && (st->in_txn || reconnect(st, err))) {
            if (st->in_txn)
                pg_fail(st, NULL, err);
            return -1;
        }
        if (st->pg->late.code) { /* a write sent ahead failed: the transaction is lost */
            if (err)
                *err = st->pg->late;
            return -1;
        }
        if (st->pg->ncopies && !s->past_kept && flush_for(st, s->sql, err))
            return -1;
        if (s->in_flight) { /* sent ahead: its rows come with the others' answers */
            if (finish_pipeline(st, NULL, err))
                return -1;
            if (!s->res) {
                pg_fail(st, NULL, err);
                return -1;
            }
        } else if (st->pg->pending) {
            if (finish_pipeline(st, s, err))
                return -1;
        } else {
            if (send_stmt(st, s, false, err))
                return -1;
            st->pg->trips++;
            s->res = collect(st);
        }
        if (st->pg->cancelled) {
            st->pg->cancelled = false;
            sd_fail(err, SD_CANCELLED, _("cancelled"));
            pg_reset(x);
            return -1;
        }
        if (!res_ok(s->res)) {
            pg_fail(st, s->res, err);
            pg_reset(x);
            return -1;
        }
        const char *n = pq.PQcmdTuples(s->res);
        st->pg->changes = n && *n ? strtoll(n, NULL, 10) : 0;
        s->row = -1;
    }
    if (s->row + 1 < pq.PQntuples(s->res)) {
        s->row++;
        return DB_ROW;
    }
    s->row = pq.PQntuples(s->res);
    return DB_DONE;
}

static const char *pg_col_text(struct db_stmt *x, int i)
{
    struct pg_stmt *s = PGS(x);
    if (!s->res || s->row < 0 || s->row >= pq.PQntuples(s->res) || i >= pq.PQnfields(s->res))
        return "";
    return pq.PQgetvalue(s->res, s->row, i);
}

static int64_t pg_col_int(struct db_stmt *x, int i)
{
    const char *v = pg_col_text(x, i);
    if (v[0] == 't' && !v[1])
        return 1; /* a boolean, as SQLite gives it */
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtoll(v, NULL, 10);
}

static bool pg_col_null(struct db_stmt *x, int i)
{
    struct pg_stmt *s = PGS(x);
    if (!s->res || s->row < 0 || s->row >= pq.PQntuples(s->res) || i >= pq.PQnfields(s->res))
        return true;
    return pq.PQgetisnull(s->res, s->row, i) != 0;
}

static int pg_col_count(struct db_stmt *x)
{
    return PGS(x)->res ? pq.PQnfields(PGS(x)->res) : 0;
}

static const char *pg_col_name(struct db_stmt *x, int i)
{
    return PGS(x)->res ? pq.PQfname(PGS(x)->res, i) : "";
}

static bool pg_col_is_int(struct db_stmt *x, int i)
{
    return PGS(x)->res && pq.PQftype(PGS(x)->res, i) == OID_INT8 && !pg_col_null(x, i);
}

static const void *pg_col_blob(struct db_stmt *x, int i, size_t *len)
{
    const char *v = pg_col_text(x, i);
    *len = strlen(v);
    return v;
}

static bool pg_has_param(struct db_stmt *x, const char *name)
{
    return find_slot(PGS(x), name) >= 0;
}

static int64_t pg_changes(struct store *st)
{
    return st->pg->changes;
}

/* ---- a lost connection ---- */

static int session_setup(struct store *st, struct sd_err *err);

/* The connection broke (the server restarted, the network dropped, the server ended an idle
 * transaction): outside a transaction, connect again, as new. Statements prepared on the old
 * connection are prepared again; what others committed meanwhile is read afresh (the data
 * version moves). Never inside a transaction: that one is lost, and its caller says so. */
static int reconnect(struct store *st, struct sd_err *err)
{
    struct pg_conn *pc = st->pg;
    if (st->in_txn)
        return pg_fail(st, NULL, err);
    db_connect_enter();
    pc->pending = 0;
    copies_drop(pc);
    memset(&pc->late, 0, sizeof pc->late);
    pq.PQreset(pc->c);
    db_connect_leave();
    if (pq.PQstatus(pc->c) != CONNECTION_OK)
        return unreachable(st, err);
    pc->lost = false;
    snprintf(st->notice, sizeof st->notice, "%s",
             _("the connection to the shop's database was lost; connected again"));
    for (int i = 0; i < st->ncache; i++) {
        PGS(st->cache[i].stmt)->name[0] = '\0';
        pg_reset(st->cache[i].stmt);
    }
    pc->version++;
    return session_setup(st, err);
}

/* ---- transactions ---- */

static int pg_begin(struct store *st, bool write, struct sd_err *err)
{
    if ((st->pg->lost || conn_bad(st)) && reconnect(st, err))
        return err ? (int)err->code : SD_IO;
    st->pg->cancelled = false;
    memset(&st->pg->late, 0, sizeof st->pg->late);
    static const char write_sql[] =
        "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '" LOCK_TIMEOUT "'; "
        "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")";
    return pg_exec(st, write ? write_sql : "BEGIN ISOLATION LEVEL REPEATABLE READ", NULL, err);
}

static int pg_commit(struct store *st, struct sd_err *err)
{
    int late = settle(st, err);
    if (late) { /* a write sent ahead failed: nothing of the transaction is kept */
        pq.PQclear(run_plain(st, "ROLLBACK"));
        memset(&st->pg->late, 0, sizeof st->pg->late);
        return late;
    }
    PGresult *r = run_plain(st, "COMMIT");
    int rc = SD_OK;
    if (!res_ok(r)) {
        if (conn_bad(st)) {
            st->pg->lost = true;
            rc = sd_fail(err, SD_IO,
                         _("the connection to the shop's database was lost while saving: look "
                           "whether it was saved before doing it again"));
        } else {
            rc = pg_fail(st, r, err);
            pq.PQclear(run_plain(st, "ROLLBACK"));
        }
    } else if (pq.PQresultStatus(r) == PGRES_COMMAND_OK && !strcmp(pq.PQcmdStatus(r), "ROLLBACK")) {
        /* a statement failed earlier and the server dropped the transaction */
        rc = sd_fail(err, SD_STORE, _("database error: the transaction was rolled back"));
    }
    pq.PQclear(r);
    return rc;
}

static void pg_rollback(struct store *st)
{
    for (int i = 0; i < st->ncache; i++)
        pg_reset(st->cache[i].stmt);
    copies_drop(st->pg); /* rows kept for a COPY: never sent */
    if (st->pg->pending && !st->pg->lost)
        finish_pipeline(st, NULL, NULL); /* the answers read and let go */
    st->pg->pending = 0;
    memset(&st->pg->late, 0, sizeof st->pg->late);
    if (st->pg->lost)
        return;
    /* a cancel request that reached the server late may stop the ROLLBACK itself: again */
    for (int i = 0; i < 3; i++) {
        PGresult *r = run_plain(st, "ROLLBACK");
        const char *state = r ? pq.PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        bool again = !res_ok(r) && state && !strcmp(state, "57014");
        pq.PQclear(r);
        if (!again)
            break;
    }
}

static void pg_set_cancel(struct store *st, bool on)
{
    st->pg->cancel_on = on;
}

/* Read what has arrived (no round trip) and count the commits of other connections. */
static void drain(struct store *st)
{
    struct pg_conn *pc = st->pg;
    if (pc->lost)
        return;
    if (!pq.PQconsumeInput(pc->c) || pq.PQstatus(pc->c) != CONNECTION_OK) {
        pc->lost = true; /* the next statement connects again */
        pc->version++;
        return;
    }
    PGnotify *n;
    int self = pq.PQbackendPID(pc->c);
    while ((n = pq.PQnotifies(pc->c))) {
        if (n->be_pid != self)
            pc->version++;
        pq.PQfreemem(n);
    }
}

static int64_t pg_round_trips(struct store *st)
{
    return st->pg->trips;
}

static int64_t pg_data_version(struct store *st)
{
    drain(st);
    return st->pg->version;
}

/* Whether the database has shopdesk's record of migrations (a shop was made in it). */
static bool have_versions(struct store *st)
{
    return db_query_int(st, "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_version' "
                            "AND schemaname = current_schema()") > 0;
}

static int pg_schema_version(struct store *st)
{
    return (int)db_query_int(st, "SELECT coalesce(max(version), 0) FROM schema_version");
}

/* Changes with any change to a trigger or its function (a guard dropped, disabled or
 * rewritten) and to the tables' columns. */
static int64_t pg_schema_cookie(struct store *st)
{
    return db_query_int(
        st, "SELECT ('x' || substr(md5(coalesce((SELECT string_agg(t.tgname::text || t.tgenabled::text || "
            "pg_get_triggerdef(t.oid) || p.prosrc, ',' ORDER BY t.tgname) FROM pg_trigger t JOIN "
            "pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal), '') || coalesce((SELECT "
            "string_agg(c.relname || a.attname || a.atttypid::text, ',' ORDER BY c.relname, "
            "a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
            "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
            "c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped), '')), 1, 15))::bit(60)"
            "::bigint");
}

/* name -> "enabled-state function-body" of every trigger shopdesk's tables have */
static int pg_triggers(struct store *st, struct trigger_list *t, struct sd_err *err)
{
    memset(t, 0, sizeof *t);
    struct db_stmt *s = pg_prep(st, "SELECT t.tgname, t.tgenabled::text || ' ' || p.prosrc FROM "
                                    "pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN "
                                    "pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON "
                                    "n.oid = c.relnamespace WHERE NOT t.tgisinternal AND "
                                    "n.nspname = current_schema() ORDER BY t.tgname",
                                false);
    size_t cap = 0;
    int rc;
    while ((rc = pg_step(st, s, err)) == DB_ROW) {
        if (t->n == cap) {
            cap = cap ? cap * 2 : 32;
            t->name = xrealloc(t->name, cap * sizeof *t->name);
            t->sql = xrealloc(t->sql, cap * sizeof *t->sql);
        }
        t->name[t->n] = xstrdup(pg_col_text(s, 0));
        t->sql[t->n++] = xstrdup(pg_col_text(s, 1));
    }
    pg_finalize(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

static int pg_integrity(struct store *st, struct strbuf *out, int *problems, struct sd_err *err)
{
    /* the server keeps its own files and foreign keys; what can drift is the text search's
     * need of a character type that knows Chinese */
    struct db_stmt *s = pg_prep(st, "SELECT current_setting('server_encoding'), "
                                    "current_setting('lc_ctype'), "
                                    "array_length(show_trgm('张三丰'), 1)",
                                false);
    int rc = pg_step(st, s, err);
    if (rc == DB_ROW) {
        if (strcmp(pg_col_text(s, 0), "UTF8") != 0) {
            sb_addf(out, _("database: the encoding is %s, not UTF8\n"), pg_col_text(s, 0));
            (*problems)++;
        }
        if (pg_col_null(s, 2)) {
            sb_addf(out, _("database: its character type (%s) does not know Chinese; search "
                           "cannot use its index (create the database with LOCALE "
                           "'C.UTF-8')\n"),
                    pg_col_text(s, 1));
            (*problems)++;
        }
    }
    pg_finalize(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

static void pg_idle(struct store *st)
{
    drain(st);
}

static void pg_close(struct store *st)
{
    if (st->pg) {
        pq.PQfinish(st->pg->c);
        copies_drop(st->pg);
        free(st->pg->slots);
        free(st->pg);
        st->pg = NULL;
    }
}

/* ---- opening ---- */

static void quiet(void *arg, const PGresult *res);

/* What every connection to the shop sets, at its start and after a reconnect. */
static int session_setup(struct store *st, struct sd_err *err)
{
    pq.PQsetNoticeReceiver(st->pg->c, quiet, NULL);
    if (pq.PQclientEncoding(st->pg->c) != pq.pg_char_to_encoding("UTF8"))
        pq.PQsetClientEncoding(st->pg->c, "UTF8");
    /* a console that hangs inside a transaction cannot hold the writer lock for ever */
    return pg_exec(st, "SET idle_in_transaction_session_timeout = '60s'; "
                       "SET application_name = 'shopdesk'; LISTEN shopdesk",
                   NULL, err);
}

static void quiet(void *arg, const PGresult *res)
{
    (void)arg;
    (void)res; /* notices (NOTICE: relation exists) are not for the person at the desk */
}

static int migrate(struct store *st, struct sd_err *err)
{
    /* made once, by whoever makes the shop (staff may not create tables) */
    int rc = SD_OK;
    if (!have_versions(st))
        rc = pg_exec(st, "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY "
                         "KEY, what text NOT NULL, applied_at timestamptz NOT NULL DEFAULT "
                         "now())",
                     NULL, err);
    if (rc)
        return rc;
    int have = pg_schema_version(st);
    if (have > schema_migration_count)
        return sd_fail(err, SD_STORE,
                       _("%s has schema version %d, newer than this shopdesk knows (%d); "
                         "install the newer shopdesk"),
                       st->label, have, schema_migration_count);
    if (have >= schema_migration_count)
        return SD_OK;
    if ((rc = store_begin(st, err)))
        return rc;
    have = pg_schema_version(st); /* another process may have migrated while we waited */
    for (int v = have; v < schema_migration_count && rc == SD_OK; v++) {
        const char *sql = schema_pg_migration(v);
        if (!sql)
            die("internal: migration %d has no PostgreSQL text", v + 1);
        if (*sql)
            rc = pg_exec(st, sql, NULL, err);
        if (rc == SD_OK) {
            struct db_stmt *s = pg_prep(st, "INSERT INTO schema_version (version, what) VALUES "
                                            "(:v, :what)",
                                        false);
            pg_bind_int(s, ":v", v + 1);
            pg_bind_text(s, ":what", schema_migrations[v].what);
            rc = pg_step(st, s, err) == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
            pg_finalize(s);
        }
        if (rc) { /* the cause, copied: it is written over by the message that holds it */
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err ? err->msg : "");
            rc = sd_fail(err, SD_STORE, _("migration %d (%s) failed: %s"), v + 1,
                         schema_migrations[v].what, why);
        }
    }
    if (rc) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

/* "postgresql://USER@HOST:PORT/NAME" from a connection string, without its password */
static char *label_of(const char *conninfo)
{
    PQconninfoOption *opts = pq.PQconninfoParse(conninfo, NULL);
    if (!opts)
        return xstrdup("postgresql://?");
    const char *user = NULL, *host = NULL, *port = NULL, *db = NULL;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val)
            continue;
        if (!strcmp(o->keyword, "user"))
            user = o->val;
        else if (!strcmp(o->keyword, "host"))
            host = o->val;
        else if (!strcmp(o->keyword, "port"))
            port = o->val;
        else if (!strcmp(o->keyword, "dbname"))
            db = o->val;
    }
    char *l = xasprintf("postgresql://%s%s%s%s%s/%s", user ? user : "", user ? "@" : "",
                        host ? host : "", port ? ":" : "", port ? port : "", db ? db : "");
    pq.PQconninfoFree(opts);
    return l;
}

int db_pg_open(struct store *st, int flags, struct sd_err *err)
{
    int rc = pq_load(err);
    if (rc)
        return rc;
    st->drv = &db_pg_driver;
    st->label = label_of(st->path);
    st->pg = xcalloc(1, sizeof *st->pg);
    db_connect_enter();
    st->pg->c = pq.PQconnectdb(st->path);
    db_connect_leave();
    if (pq.PQstatus(st->pg->c) != CONNECTION_OK) {
        rc = unreachable(st, err);
        goto fail;
    }
    st->readonly = (flags & STORE_READONLY) != 0;
    if ((rc = session_setup(st, err)))
        goto fail;
    store_track(st, true);
    if (!st->readonly && !(flags & STORE_NO_MIGRATE)) {
        if ((rc = migrate(st, err)))
            goto fail_tracked;
    } else {
        int have = have_versions(st) ? pg_schema_version(st) : 0;
        if (have == 0) {
            rc = sd_fail(err, SD_IO, _("%s is not a shopdesk database"), st->label);
            goto fail_tracked;
        }
        if (have > schema_migration_count) {
            rc = sd_fail(err, SD_STORE,
                         _("%s has schema version %d, newer than this shopdesk knows (%d); "
                           "install the newer shopdesk"),
                         st->label, have, schema_migration_count);
            goto fail_tracked;
        }
    }
    return SD_OK;

fail_tracked:
    store_track(st, false);
fail:
    for (int i = 0; i < st->ncache; i++)
        pg_finalize(st->cache[i].stmt);
    st->ncache = 0;
    pg_close(st);
    return rc;
}

const struct db_driver db_pg_driver = {
    .name = "postgresql",
    .prep = pg_prep,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_null = pg_col_null,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_is_int = pg_col_is_int,
    .col_blob = pg_col_blob,
    .reset = pg_reset,
    .clear = pg_clear,
    .finalize = pg_finalize,
    .has_param = pg_has_param,
    .changes = pg_changes,
    .exec = pg_exec,
    .exec_later = pg_exec_later,
    .exec_copy = pg_exec_copy,
    .past_kept = pg_past_kept,
    .send = pg_send,
    .next_id = pg_next_id,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .set_cancel = pg_set_cancel,
    .data_version = pg_data_version,
    .round_trips = pg_round_trips,
    .schema_version = pg_schema_version,
    .schema_cookie = pg_schema_cookie,
    .integrity = pg_integrity,
    .triggers = pg_triggers,
    .idle = pg_idle,
    .close = pg_close,
};
