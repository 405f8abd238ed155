#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_check.h"
#include "app/session.h"
#include "core/clock.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define SEAL_KEY   "audit.seal"
#define FULL_EVERY (24 * 3600) /* seconds between full walks from the review */
#define SEAL_STEP  1000        /* rows walked again before the seal moves */

/* "ID HASH FULL_AT COOKIE": the last row accepted, when every row was last walked, and the
 * schema cookie then. Editing a row by hand means dropping the append-only triggers, which
 * moves the cookie: then the next review walks every row at once. */
static bool seal_read(struct session *s, struct audit_seal *seal, int64_t *full_at, int64_t *cookie)
{
    char *v = store_kv_get(s->st, SEAL_KEY);
    long long id = 0, at = 0, ck = 0;
    char hash[65] = "";
    bool ok = v && sscanf(v, "%lld %64s %lld %lld", &id, hash, &at, &ck) == 4 && id > 0 &&
              strlen(hash) == 64;
    free(v);
    if (ok) {
        seal->id = id;
        memcpy(seal->hash, hash, sizeof seal->hash);
        *full_at = at;
        *cookie = ck;
    }
    return ok;
}

static void seal_write(struct session *s, const struct audit_seal *seal, int64_t full_at)
{
    if (seal->id <= 0)
        return;
    char v[160];
    snprintf(v, sizeof v, "%lld %s %lld %lld", (long long)seal->id, seal->hash, (long long)full_at,
             (long long)store_schema_cookie(s->st));
    struct sd_err ignored = {0};
    if (store_begin(s->st, &ignored))
        return; /* read-only, or busy: the next check walks a little more */
    if (store_kv_set(s->st, SEAL_KEY, v, &ignored) || store_commit(s->st, &ignored))
        store_rollback(s->st);
}

bool audit_state_bad(const struct audit_state *a)
{
    return a->broken || a->head_moved || a->trigger_problems > 0;
}

const char *audit_broken_text(const struct audit_state *a)
{
    static char buf[2100];
    if (a->broken)
        snprintf(buf, sizeof buf,
                 _("the audit log is broken at row %lld: it was changed, removed or inserted "
                   "outside shopdesk"),
                 (long long)a->bad_id);
    else if (a->head_moved && a->head_id > a->tail_id)
        snprintf(buf, sizeof buf,
                 _("the audit log ends at row %lld, but its head is row %lld: the newest rows "
                   "were removed outside shopdesk"),
                 (long long)a->tail_id, (long long)a->head_id);
    else if (a->head_moved)
        snprintf(buf, sizeof buf,
                 _("the audit log's head (row %lld) does not match its last row (%lld): rows "
                   "were changed or added outside shopdesk"),
                 (long long)a->head_id, (long long)a->tail_id);
    else
        snprintf(buf, sizeof buf, "%s", a->triggers);
    return buf;
}

/* The head against the last row, and the triggers against the schema. */
static int head_and_triggers(struct session *s, struct audit_state *a, struct sd_err *err)
{
    struct audit_seal head = {0}, tail = {0};
    int rh = store_audit_head(s->st, &head, err), rt = store_audit_tail(s->st, &tail, err);
    if ((rh && rh != SD_NOT_FOUND) || (rt && rt != SD_NOT_FOUND))
        return rh && rh != SD_NOT_FOUND ? rh : rt;
    a->head_id = head.id;
    a->tail_id = tail.id;
    memcpy(a->head_hash, rh ? "" : head.hash, rh ? 1 : sizeof a->head_hash);
    a->head_moved = head.id != tail.id || strcmp(head.hash, tail.hash) != 0;
    struct strbuf t = STRBUF_INIT;
    int n = store_check_triggers(s->st, &t, err);
    if (n < 0) {
        sb_free(&t);
        return err ? (int)err->code : SD_STORE;
    }
    a->trigger_problems = n;
    snprintf(a->triggers, sizeof a->triggers, "%s", sb_str(&t));
    if (t.len >= sizeof a->triggers) { /* whole lines only */
        char *nl = strrchr(a->triggers, '\n');
        if (nl)
            *nl = '\0';
    }
    size_t len = strlen(a->triggers);
    while (len > 0 && a->triggers[len - 1] == '\n')
        a->triggers[--len] = '\0';
    sb_free(&t);
    return SD_OK;
}

struct walk {
    struct session *s;
    int64_t total;
};

static void walk_tick(void *arg, int64_t rows)
{
    struct walk *w = arg;
    session_work(w->s, WORK_CHECKING, rows, w->total, NULL);
}

int audit_check(struct session *s, bool full, struct audit_state *a, struct sd_err *err)
{
    memset(a, 0, sizeof *a);
    int hr = head_and_triggers(s, a, err);
    if (hr)
        return hr;
    struct audit_seal seal = {0}, last = {0};
    int64_t full_at = 0, cookie = 0, now = clock_now();
    bool sealed = seal_read(s, &seal, &full_at, &cookie);
    if (!sealed || now - full_at >= FULL_EVERY || now < full_at ||
        cookie != store_schema_cookie(s->st))
        full = true;
    a->full = full;
    struct sd_err e = {0};
    struct walk w = {s, a->tail_id - (full ? 0 : seal.id)};
    store_set_tick(s->st, walk_tick, &w);
    int rc = store_audit_verify_from(s->st, full ? NULL : &seal, &a->bad_id, &a->rows, &last, &e);
    store_set_tick(s->st, NULL, NULL);
    /* a chain rewritten whole is consistent again; the row accepted earlier still tells */
    if (!rc && full && sealed)
        rc = store_audit_seal_check(s->st, &seal, &a->bad_id, &e);
    if (rc == SD_STORE && a->bad_id > 0) {
        a->broken = true;
        return SD_OK;
    }
    if (rc) {
        if (err)
            *err = e;
        return rc;
    }
    /* Moving the seal is a write, which every open console notices; a few hundred rows
     * walked again cost a millisecond or two, so it moves in steps. */
    if (!full && last.id - seal.id < SEAL_STEP)
        return SD_OK;
    seal_write(s, &last, full ? now : full_at);
    return SD_OK;
}
