#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/session.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/members.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/xalloc.h"

int64_t tiers_window_from(const struct tier_config *c, int64_t now)
{
    return date_start(date_add(date_of(now), -c->window_days));
}

static int64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A member's new values, kept until the scan is over (nothing is written while the
 * statements read). */
struct pending {
    struct rfm_member m;
    int from;
    char *reason; /* set when the tier changes */
};

struct scan {
    struct session *s;
    const struct tier_config *cfg;
    int64_t now;
    bool preview;
    bool exact; /* read every paid order, not only the window's */
    struct recency_table days;
    struct tier_run *run;
    struct pending *v;
    size_t n, cap;
};

static int decide(void *ctx, const struct rfm_member *r)
{
    struct scan *sc = ctx;
    const struct tier_config *c = sc->cfg;
    struct rfm m = {recency_lookup(&sc->days, r->last_paid), r->paid_count, r->paid_net};
    struct tier_decision d;
    int current = r->tier;
    sc->run->members++;
    if (sc->preview) {
        /* where the member settles: a downgrade as if the grace period were over */
        tier_decide(c, sc->s->set.currency, &m, current, 1, sc->now, &d);
        int settled = d.tier;
        tier_decide(c, sc->s->set.currency, &m, current, r->below_since, sc->now, &d);
        if (d.below_since && d.tier == current)
            sc->run->waiting++;
        if (current < TIER_MAX && settled < TIER_MAX)
            sc->run->moves[current][settled]++; /* the diagonal: those who stay */
        if (settled != current) {
            if (settled > current)
                sc->run->up++;
            else
                sc->run->down++;
        }
        return 0;
    }
    tier_decide(c, sc->s->set.currency, &m, current, r->below_since, sc->now, &d);
    if (d.below_since && d.tier == current)
        sc->run->waiting++;
    struct rfm_member w = *r;
    w.tier = d.tier;
    w.below_since = d.below_since;
    w.last_order_at = r->last_paid;
    w.frequency = r->paid_count;
    w.monetary = r->paid_net;
    bool moved = d.tier != current;
    if (moved)
        w.tier_since = sc->now;
    if (!moved && w.below_since == r->below_since && w.last_order_at == r->last_order_at &&
        w.frequency == r->frequency && w.monetary == r->monetary)
        return 0;
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 256;
        sc->v = xrealloc(sc->v, sc->cap * sizeof *sc->v);
    }
    struct pending *p = &sc->v[sc->n++];
    p->m = w;
    p->from = current;
    p->reason = NULL;
    if (moved) {
        if (d.reason[0])
            p->reason = xstrdup(d.reason);
        else /* the tier is gone from shop.yaml */
            p->reason = xasprintf(_("tier %d is no longer in shop.yaml"), current);
    }
    return 0;
}

static void scan_free(struct scan *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        free(sc->v[i].reason);
    free(sc->v);
    sc->v = NULL;
    sc->n = sc->cap = 0;
}

/* Write what the scan found. */
static int apply(struct scan *sc, struct sd_err *err)
{
    struct store *st = sc->s->st;
    for (size_t i = 0; i < sc->n; i++) {
        struct pending *p = &sc->v[i];
        int rc = store_member_save_rfm(st, &p->m, err);
        if (rc)
            return rc;
        sc->run->written++;
        if (!p->reason)
            continue;
        struct tier_change c = {p->m.id, sc->now, p->from, p->m.tier, ""};
        snprintf(c.reason, sizeof c.reason, "%s", p->reason);
        if ((rc = store_tier_history_add(st, &c, err)))
            return rc;
        if (p->from < TIER_MAX && p->m.tier < TIER_MAX)
            sc->run->moves[p->from][p->m.tier]++;
        if (p->m.tier > p->from)
            sc->run->up++;
        else
            sc->run->down++;
    }
    return SD_OK;
}

static int audit_run(struct session *s, const struct tier_run *run, struct sd_err *err)
{
    if (!run->written)
        return SD_OK;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "members", json_object_new_int64(run->members));
    json_object_object_add(after, "written", json_object_new_int64(run->written));
    json_object_object_add(after, "up", json_object_new_int64(run->up));
    json_object_object_add(after, "down", json_object_new_int64(run->down));
    int rc = session_audit(s, "tiers.recompute", "tiers", NULL, 0, NULL, after, err);
    json_object_put(after);
    return rc;
}

/* Members per slice of a pass: what a slice changed is held until the slice is written, so
 * memory stays the same whatever the size of the shop. */
#define SLICE 20000

/* Members with ids in [lo, hi), inside the caller's transaction. */
static int slice(struct scan *sc, int64_t lo, int64_t hi, bool exact, struct sd_err *err)
{
    int64_t from = tiers_window_from(sc->cfg, sc->now);
    if (!sc->days.n)
        recency_table_init(&sc->days, sc->now);
    /* M in the shop's currency; other currencies at the latest rate shop.yaml gives */
    const struct settings *set = &sc->s->set;
    struct rfm_rate *rates = xcalloc(set->nrates ? set->nrates : 1, sizeof *rates);
    struct rfm_money money = {set->currency, rates, 0};
    for (size_t i = 0; i < set->nrates; i++) {
        int64_t micro;
        bool seen = false;
        for (size_t k = 0; k < money.nrates; k++)
            seen = seen || rates[k].cur == set->rates[i].cur;
        if (!seen && settings_rate(set, set->rates[i].cur, sc->now, &micro))
            rates[money.nrates++] = (struct rfm_rate){set->rates[i].cur, micro};
    }
    int rc = store_rfm_scan(sc->s->st, from, sc->now, lo, hi, exact, &money, decide, sc, err);
    free(rates);
    if (!rc && !sc->preview)
        rc = apply(sc, err);
    scan_free(sc);
    return rc;
}

/* Every member, a slice at a time (only = 0), or one member (always exact). */
static int pass(struct scan *sc, int64_t only, struct sd_err *err)
{
    if (only)
        return slice(sc, only, only + 1, true, err);
    int64_t top = store_members_max_id(sc->s->st);
    int rc = SD_OK;
    for (int64_t lo = 1; lo <= top && !rc; lo += SLICE)
        if (!(rc = session_work(sc->s, WORK_COUNTING, lo - 1, top, err)))
            rc = slice(sc, lo, lo + SLICE, sc->exact, err);
    if (!rc)
        session_work(sc->s, WORK_COUNTING, top, top, NULL);
    return rc;
}

int tiers_recompute(struct session *s, struct tier_run *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_TIERS, err);
    if (rc)
        return rc;
    int64_t t0 = ms_now();
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct scan sc = {s, &s->set.tiers, clock_now(), false, false, {0}, out, NULL, 0, 0};
    if ((rc = pass(&sc, 0, err)) || (rc = audit_run(s, out, err))) {
        recency_table_free(&sc.days);
        store_rollback(s->st);
        return rc;
    }
    recency_table_free(&sc.days);
    if ((rc = store_commit(s->st, err)))
        return rc;
    out->ms = ms_now() - t0;
    return SD_OK;
}

/* Past this many members one pass over every member is quicker than a lookup each. */

int tiers_recompute_runs(struct session *s, const struct id_range *runs, size_t n,
                         struct tier_run *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    /* an import may bring a buyer's old orders: every paid order counts for R */
    struct scan sc = {s, &s->set.tiers, clock_now(), false, true, {0}, out, NULL, 0, 0};
    int rc = SD_OK;
    if (!runs || n > TIERS_ONE_BY_ONE) {
        rc = pass(&sc, 0, err);
    } else {
        /* a run of consecutive ids (the members an import just made) is read a slice at a
         * time: a statement or two for the run, not for each member */
        for (size_t i = 0; i < n && !rc; i++)
            for (int64_t lo = runs[i].lo; lo < runs[i].hi && !rc; lo += SLICE)
                rc = slice(&sc, lo, lo + SLICE < runs[i].hi ? lo + SLICE : runs[i].hi, true,
                           err);
    }
    recency_table_free(&sc.days);
    if (!rc)
        rc = audit_run(s, out, err);
    return rc;
}

int tiers_recompute_members(struct session *s, const int64_t *ids, size_t n,
                            struct tier_run *out, struct sd_err *err)
{
    if (!ids)
        return tiers_recompute_runs(s, NULL, 0, out, err);
    /* ids come sorted: consecutive ones make one run */
    struct id_range *runs = xcalloc(n ? n : 1, sizeof *runs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && ids[i] <= runs[k - 1].hi) {
            if (ids[i] + 1 > runs[k - 1].hi)
                runs[k - 1].hi = ids[i] + 1;
        } else {
            runs[k++] = (struct id_range){ids[i], ids[i] + 1};
        }
    }
    int rc = tiers_recompute_runs(s, runs, k, out, err);
    free(runs);
    return rc;
}

int tiers_preview(struct session *s, const struct tier_config *cfg, struct tier_run *out,
                  struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_TIERS, err);
    if (rc)
        return rc;
    int64_t t0 = ms_now();
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    struct scan sc = {s, cfg, clock_now(), true, false, {0}, out, NULL, 0, 0};
    rc = pass(&sc, 0, err);
    recency_table_free(&sc.days);
    store_rollback(s->st);
    out->ms = ms_now() - t0;
    return rc;
}
