#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/pricing.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/protect.h"
#include "core/tz.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

int prices_set(struct session *s, const char *sku, int64_t price, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_SETTINGS, err);
    if (rc || (rc = stock_sku_check(sku, err)))
        return rc;
    if (price <= 0)
        return sd_fail(err, SD_INPUT, "%s", _("a price is more than 0"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    int64_t id = 0;
    rc = store_price_set(s->st, sku, price, clock_now(), s->who, &id, err);
    if (!rc) {
        json_object *a = json_object_new_object();
        json_object_object_add(a, "sku", json_object_new_string(sku));
        json_object_object_add(a, "price", json_object_new_int64(price));
        json_object_object_add(a, "currency", json_object_new_string(s->set.currency->code));
        rc = session_audit(s, "price.set", "sku", sku, 0, NULL, a, err);
        json_object_put(a);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

struct gather {
    struct protect_line *v;
    size_t n, cap;
    const struct tier_config *tiers;
};

static int gather_line(void *ctx, const struct protect_line *l)
{
    struct gather *g = ctx;
    if (l->tier < 0 || l->tier >= g->tiers->n ||
        g->tiers->tiers[l->tier].benefits.price_protection_days <= 0)
        return 0;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->v = xrealloc(g->v, g->cap * sizeof *g->v);
    }
    g->v[g->n++] = *l;
    return 0;
}

/* A SKU's prices read at most, from the first payment protected: a SKU sold more often than
 * this in those days is compared over its first sales only (a limit, said in README) */
#define POINTS 65536
#define PROTECT_LATE_DAYS 30

int protect_preview(struct session *s, struct protect_offer **out, size_t *n,
                    struct sd_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = session_require(s, SD_PERM_COMPENSATE, err);
    if (rc)
        return rc;
    const struct tier_config *tc = &s->set.tiers;
    int widest = 0;
    for (int i = 0; i < tc->n; i++)
        if (tc->tiers[i].benefits.price_protection_days > widest)
            widest = tc->tiers[i].benefits.price_protection_days;
    if (!widest)
        return SD_OK;
    int64_t now = clock_now();
    struct gather g = {NULL, 0, 0, tc};
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    /* the lines whose days may hold a lower price not offered yet: a run up to a month after
     * their days are over still finds it */
    rc = store_protect_lines(s->st, now - ((int64_t)widest + PROTECT_LATE_DAYS) * 86400,
                             gather_line, &g, err);
    struct price_point *pts = xcalloc(POINTS, sizeof *pts);
    size_t cap = 0;
    for (size_t i = 0; i < g.n && !rc;) {
        /* the lines of one SKU, and its prices from the first payment on */
        size_t k = i;
        int64_t last = 0;
        while (k < g.n && !strcmp(g.v[k].sku, g.v[i].sku)) {
            int64_t end = g.v[k].paid_at +
                          (int64_t)tc->tiers[g.v[k].tier].benefits.price_protection_days * 86400;
            if (end > last)
                last = end;
            k++;
        }
        if (last > now)
            last = now;
        int np = store_price_points(s->st, g.v[i].sku, g.v[i].paid_at, last,
                                    s->set.currency->code, pts, POINTS, err);
        if (np < 0) {
            rc = err ? (int)err->code : SD_STORE;
            break;
        }
        /* the points as the arithmetic reads them */
        struct protect_point *pp = xcalloc(np ? (size_t)np : 1, sizeof *pp);
        for (int p = 0; p < np; p++)
            pp[p] = (struct protect_point){pts[p].at, pts[p].price, pts[p].currency};
        for (size_t j = i; j < k && !rc; j++) {
            const struct protect_line *l = &g.v[j];
            int64_t offered = 0, protect = 0, amount = 0;
            bool any = false;
            if ((rc = store_offer_lowest(s->st, l->line_id, &offered, &any, err)))
                break;
            const struct protect_point *low = protect_offer(
                l->paid_at, tc->tiers[l->tier].benefits.price_protection_days, l->price, l->qty,
                l->currency, any, offered, pp, (size_t)np, &protect, &amount);
            if (!low)
                continue;
            const struct price_point *src = &pts[low - pp];
            if (*n == cap) {
                cap = cap ? cap * 2 : 32;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            struct protect_offer *o = &(*out)[(*n)++];
            memset(o, 0, sizeof *o);
            o->o.line_id = l->line_id;
            o->o.order_id = l->order_id;
            o->o.was_price = protect;
            o->o.new_price = low->price;
            o->o.qty = l->qty;
            o->o.amount = amount;
            o->o.dropped_at = low->at;
            utf8_copy(o->o.source, sizeof o->o.source, src->source[0] ? src->source : "price");
            o->member_id = l->member_id;
            o->tier = l->tier;
            utf8_copy(o->sku, sizeof o->sku, l->sku);
            utf8_copy(o->number, sizeof o->number, l->number);
            utf8_copy(o->currency, sizeof o->currency, l->currency);
        }
        free(pp);
        i = k;
    }
    free(pts);
    free(g.v);
    store_rollback(s->st);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* the offer's row, in the request's own transaction */
static int add_offer(struct session *s, int64_t refund_id, void *ctx, struct sd_err *err)
{
    struct price_offer o = *(const struct price_offer *)ctx;
    o.refund_id = refund_id;
    return store_offer_add(s->st, &o, err);
}

int protect_make(struct session *s, const struct protect_offer *v, size_t n, int *made,
                 struct strbuf *why, struct sd_err *err)
{
    *made = 0;
    int rc = session_require(s, SD_PERM_COMPENSATE, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct protect_offer *p = &v[i];
        const struct currency *cur = currency_find(p->currency);
        if (!cur)
            cur = s->set.currency;
        char was[48], now[48], when[32];
        money_format(p->o.was_price, cur, MONEY_SYMBOL | MONEY_GROUP, was, sizeof was);
        money_format(p->o.new_price, cur, MONEY_SYMBOL | MONEY_GROUP, now, sizeof now);
        time_format_local(p->o.dropped_at, when);
        char note[320];
        if (strcmp(p->o.source, "price"))
            /* L10N: the note of a price protection request: SKU, the price paid (or last
             * protected), the lower price, when, the order that sold for it */
            snprintf(note, sizeof note, _("price protection: %s paid %s, sold for %s on %s "
                                          "(order %s)"),
                     p->sku, was, now, when, p->o.source);
        else
            /* L10N: the same for a price the owner set */
            snprintf(note, sizeof note, _("price protection: %s paid %s, priced %s from %s"),
                     p->sku, was, now, when);
        struct refund_request q = {0};
        q.order_id = p->o.order_id;
        q.kind = KIND_REFUND;
        q.amount = p->o.amount;
        q.reason = REASON_PRICE_PROTECTION;
        q.note = note;
        q.also = add_offer;
        q.also_ctx = (void *)&p->o;
        struct refund_outcome out;
        struct sd_err e = {0};
        rc = refund_request(s, &q, &out, &e);
        sb_free(&out.flags);
        if (rc == SD_LIMIT || rc == SD_REFUSED) {
            sb_addf(why, "%s %s: %s\n", p->number, p->sku, sd_err_text(&e));
            continue;
        }
        if (rc) {
            *err = e;
            return rc;
        }
        (*made)++;
        if (out.status == REFUND_REQUESTED && (rc = refund_approve(s, out.id, note, &e))) {
            /* made, not approved (another's ceiling, a flag): it waits for review */
            sb_addf(why, "%s %s: %s\n", p->number, p->sku, sd_err_text(&e));
            rc = SD_OK;
        }
    }
    return SD_OK;
}
