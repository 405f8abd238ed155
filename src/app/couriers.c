#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/couriers.h"
#include "app/export_file.h"
#include "app/order_ops.h"
#include "app/session.h"
#include "conf/colmap.h"
#include "core/datefmt.h"
#include "core/region.h"
#include "core/stats.h"
#include "store/couriers.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct group {
    struct courier_line l;
    int64_t *times;
    size_t ntimes, cap;
};

struct collect {
    struct session *s;
    struct group *g;
    size_t n, cap;
};

static struct group *group_of(struct collect *c, const char *courier, const char *province)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->g[i].l.courier, courier) && !strcmp(c->g[i].l.province, province))
            return &c->g[i];
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->g = xrealloc(c->g, c->cap * sizeof *c->g);
    }
    struct group *g = &c->g[c->n++];
    memset(g, 0, sizeof *g);
    utf8_copy(g->l.courier, sizeof g->l.courier, courier);
    utf8_copy(g->l.province, sizeof g->l.province, province);
    g->l.promise_days = settings_delivery_days(&c->s->set, courier);
    g->l.mystery_avg = -1;
    return g;
}

static void count(struct group *g, const struct courier_order *o)
{
    struct courier_line *l = &g->l;
    l->shipped++;
    if (o->delivered_at && o->delivered_at >= o->shipped_at) {
        int64_t t = o->delivered_at - o->shipped_at;
        l->delivered++;
        l->on_time += t <= (int64_t)l->promise_days * 86400;
        if (g->ntimes == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 64;
            g->times = xrealloc(g->times, g->cap * sizeof *g->times);
        }
        g->times[g->ntimes++] = t;
    }
    if (o->rating) {
        l->ratings++;
        l->rating_sum += o->rating;
        l->low_ratings += o->rating <= 2;
    }
    l->disputes += o->disputes;
    l->delivery_refunds += o->delivery_refunds;
}

static int on_order(const struct courier_order *o, void *arg)
{
    struct collect *c = arg;
    const char *p = region_province(o->address);
    count(group_of(c, o->courier, ""), o);
    count(group_of(c, o->courier, *p ? p : "?"), o);
    return 0;
}

static int by_shipped(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    /* couriers by their own line's shipped; a courier's line first, then its provinces */
    return x->l.shipped < y->l.shipped   ? 1
           : x->l.shipped > y->l.shipped ? -1
                                         : strcmp(x->l.province, y->l.province);
}

/* Whether a mystery report's target is the courier: its name, or its first word (a
 * station: "顺丰 朝阳站") beginning the courier's name ("顺丰速运"). */
static bool about_courier(const char *target, const char *courier)
{
    if (!strcmp(target, courier))
        return true;
    size_t w = strcspn(target, " ");
    return w >= 2 && !strncmp(target, courier, w);
}

static void on_mystery(const char *target, int64_t score, void *arg)
{
    struct collect *c = arg;
    for (size_t i = 0; i < c->n; i++) {
        struct courier_line *l = &c->g[i].l;
        if (l->province[0] || !about_courier(target, l->courier))
            continue;
        /* summed here, averaged once all are in */
        l->mystery_avg = (l->mystery_avg < 0 ? 0 : l->mystery_avg) + score;
        l->mystery_reports++;
    }
}

int couriers_report(struct session *s, int64_t from, int64_t to, struct courier_line **out, int *n,
                    struct sd_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = session_require(s, SD_PERM_REVIEW_READ, err);
    if (rc)
        return rc;
    struct collect c = {s, NULL, 0, 0};
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    rc = store_courier_orders(s->st, from, to, on_order, &c, err);
    if (!rc)
        rc = store_courier_mystery(s->st, from, to, on_mystery, &c, err);
    store_rollback(s->st);
    for (size_t i = 0; i < c.n; i++) {
        struct group *g = &c.g[i];
        g->l.median_s = g->ntimes ? stats_median(g->times, g->ntimes) : -1;
        g->l.p90_s = g->ntimes ? stats_percentile(g->times, g->ntimes, 90) : -1;
        if (g->l.mystery_reports)
            g->l.mystery_avg =
                (g->l.mystery_avg * 2 + g->l.mystery_reports) / (2 * g->l.mystery_reports);
    }
    /* couriers, most shipped first, each followed by its provinces */
    struct group *own = xcalloc(c.n ? c.n : 1, sizeof *own);
    size_t nown = 0;
    for (size_t i = 0; i < c.n; i++)
        if (!c.g[i].l.province[0])
            own[nown++] = c.g[i];
    qsort(own, nown, sizeof *own, by_shipped);
    struct courier_line *v = xcalloc(c.n ? c.n : 1, sizeof *v);
    int k = 0;
    for (size_t i = 0; i < nown; i++) {
        v[k++] = own[i].l;
        struct group *p = xcalloc(c.n, sizeof *p);
        size_t np = 0;
        for (size_t j = 0; j < c.n; j++)
            if (c.g[j].l.province[0] && !strcmp(c.g[j].l.courier, own[i].l.courier))
                p[np++] = c.g[j];
        qsort(p, np, sizeof *p, by_shipped);
        for (size_t j = 0; j < np; j++)
            v[k++] = p[j].l;
        free(p);
    }
    free(own);
    for (size_t i = 0; i < c.n; i++)
        free(c.g[i].times);
    free(c.g);
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return SD_OK;
}

int64_t courier_on_time_percent(const struct courier_line *l)
{
    return l->delivered ? (l->on_time * 20000 + l->delivered) / (2 * l->delivered) : -1;
}

int64_t courier_rating_average(const struct courier_line *l)
{
    return l->ratings ? (l->rating_sum * 200 + l->ratings) / (2 * l->ratings) : -1;
}

/* ---- a courier's tracking export ---- */

enum { F_TRACKING, F_SIGNED, F_STATUS, F_COURIER, F_COUNT };
static const char *const field_keys[] = {"tracking", "delivered_at", "status", "courier", NULL};
_Static_assert(sizeof field_keys / sizeof field_keys[0] == F_COUNT + 1 &&
                   F_COUNT <= EXPORT_MAX_FIELDS,
               "a key for each field, and room for them");
static const char *const n_tracking[] = {"运单号",       "快递单号", "物流单号",
                                         "运单编号",     "Tracking", "Tracking number",
                                         "Tracking No.", "Waybill",  NULL};
static const char *const n_signed[] = {"签收时间",     "妥投时间",      "派送成功时间", "Delivered",
                                       "Delivered at", "Delivery time", "Signed at",    NULL};
static const char *const n_status[] = {"状态", "物流状态", "运单状态", "Status", NULL};
static const char *const n_courier[] = {"快递公司", "物流公司", "Courier", "Carrier", NULL};
static const char *const *const field_names[F_COUNT] = {n_tracking, n_signed, n_status, n_courier};

/* a status that says the parcel was signed for (an empty one does too, when there is a
 * time of signing) */
static bool signed_for(const struct colmap *map, const char *w)
{
    const char *m = colmap_word(map, "status", w);
    if (m)
        return !strcmp(m, "delivered");
    static const char *const words[] = {"",         "已签收",   "签收",      "妥投",      "已妥投",
                                        "本人签收", "他人代收", "Delivered", "delivered", NULL};
    for (int i = 0; words[i]; i++)
        if (!strcmp(w, words[i]))
            return true;
    return false;
}

/* the tracking number as shipping keeps it: no blanks or hyphens, capitals */
static void normal_tracking(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (; *in && k + 1 < n; in++) {
        if (*in == ' ' || *in == '-' || *in == '\t')
            continue;
        out[k++] = (*in >= 'a' && *in <= 'z') ? (char)(*in - 32) : *in;
    }
    out[k] = '\0';
}

int deliveries_import(struct session *s, const char *path, const char *mapping,
                      const char *encoding, bool dry_run, struct deliveries_result *out,
                      struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_ORDERS_SHIP, err);
    if (rc)
        return rc;
    struct export_file x;
    static const int need[] = {F_TRACKING, F_SIGNED};
    if ((rc = export_open(&x, path, mapping, encoding, field_keys, field_names, err)) ||
        (rc = export_need(&x, need, sizeof need / sizeof need[0], err)) ||
        (rc = store_begin(s->st, err)))
        goto done;
    const struct colmap *mp = export_map(&x);
    while (export_next(&x)) {
        char tracking[64];
        normal_tracking(export_cell(&x, F_TRACKING), tracking, sizeof tracking);
        if (!tracking[0]) {
            rc = export_bad(&x, err, "%s", _("no tracking number"));
            break;
        }
        const char *when = export_cell(&x, F_SIGNED);
        if (!signed_for(mp, export_cell(&x, F_STATUS)) || !*when) {
            out->not_signed++;
            continue;
        }
        int64_t at;
        struct sd_err terr = {0};
        if (datetime_parse(when, DATE_ORDER_AUTO, NULL, &at, &terr)) {
            rc = export_bad(&x, err, "%s", terr.msg);
            break;
        }
        int64_t ids[2];
        int found = 0;
        if ((rc = store_order_lookup(s->st, tracking, ids, 2, &found, err)))
            break;
        if (found != 1) {
            out->unknown++;
            continue;
        }
        bool changed;
        struct sd_err merr = {0};
        rc = order_deliver_at(s, ids[0], at, &changed, &merr);
        if (rc == SD_REFUSED) {
            out->not_shipped++;
            rc = SD_OK;
            continue;
        }
        if (rc) {
            rc = export_bad(&x, err, "%s", merr.msg);
            break;
        }
        if (changed)
            out->delivered++;
        else
            out->already++;
    }
    if (!rc)
        rc = export_end(&x, err);
    if (rc || dry_run)
        store_rollback(s->st);
    else
        rc = store_commit(s->st, err);
done:
    export_close(&x);
    return rc;
}
