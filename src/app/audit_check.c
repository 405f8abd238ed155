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

const char *audit_broken_text(const struct audit_state *a)
{
    static char buf[256];
    snprintf(buf, sizeof buf,
             _("the audit log is broken at row %lld: it was changed, removed or inserted "
               "outside shopdesk"),
             (long long)a->bad_id);
    return buf;
}

int audit_check(struct session *s, bool full, struct audit_state *a, struct sd_err *err)
{
    memset(a, 0, sizeof *a);
    struct audit_seal seal = {0}, last = {0};
    int64_t full_at = 0, cookie = 0, now = clock_now();
    bool sealed = seal_read(s, &seal, &full_at, &cookie);
    if (!sealed || now - full_at >= FULL_EVERY || now < full_at ||
        cookie != store_schema_cookie(s->st))
        full = true;
    a->full = full;
    struct sd_err e = {0};
    int rc = store_audit_verify_from(s->st, full ? NULL : &seal, &a->bad_id, &a->rows, &last, &e);
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
