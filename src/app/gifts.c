#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gifts.h"
#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "core/gift.h"
#include "core/order.h"
#include "store/gifts.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define GIFT_FAIL_KEY(name, key, text) key,
static const char *const fail_keys[] = {GIFT_FAIL_LIST(GIFT_FAIL_KEY)};
#undef GIFT_FAIL_KEY
#define GIFT_FAIL_TEXT(name, key, text) text,
static const char *const fail_texts[] = {GIFT_FAIL_LIST(GIFT_FAIL_TEXT)};
#undef GIFT_FAIL_TEXT

const char *gift_fail_key(enum gift_fail f)
{
    return f < GIFT_FAIL_COUNT ? fail_keys[f] : "?";
}

const char *gift_fail_text(enum gift_fail f)
{
    return f < GIFT_FAIL_COUNT && f != GIFT_FAIL_NONE ? _(fail_texts[f]) : "";
}

void gift_groups_add(struct gift_groups *gg, const struct gift_outcome *g)
{
    if (!g->fail)
        return;
    struct gift_group *x = NULL;
    for (size_t i = 0; i < gg->n && !x; i++)
        if (gg->v[i].fail == g->fail && !strcmp(gg->v[i].rule, g->rule))
            x = &gg->v[i];
    if (!x) {
        gg->v = xrealloc(gg->v, (gg->n + 1) * sizeof *gg->v);
        x = &gg->v[gg->n++];
        memset(x, 0, sizeof *x);
        snprintf(x->rule, sizeof x->rule, "%s", g->rule);
        snprintf(x->sku, sizeof x->sku, "%s", g->sku);
        x->fail = g->fail;
    }
    if (x->count < GIFT_GROUP_IDS)
        x->ids[x->count] = g->member_id;
    x->count++;
}

void gift_groups_free(struct gift_groups *gg)
{
    free(gg->v);
    memset(gg, 0, sizeof *gg);
}

/* Stock of the SKUs this run touches, read once each. */
struct stock {
    char sku[48];
    int64_t qty;
    bool known;
};

struct run {
    struct session *s;
    struct sd_date date;
    char day[11];
    int64_t now;
    bool dry;
    struct gift_report *rep;
    gift_cb cb;
    void *ctx;
    struct stock *stock;
    size_t nstock;
    int64_t spent, budget;
    char prefix[16];
    int64_t seq;
    size_t rule_i; /* the rule being run: progress counts rules times members */
    int64_t moves_lo, moves_hi; /* the gifts whose stock movements are still to write */
    struct sd_err *err;
};

static struct stock *stock_of(struct run *r, const char *sku)
{
    for (size_t i = 0; i < r->nstock; i++)
        if (!strcmp(r->stock[i].sku, sku))
            return &r->stock[i];
    r->stock = xrealloc(r->stock, (r->nstock + 1) * sizeof *r->stock);
    struct stock *k = &r->stock[r->nstock++];
    memset(k, 0, sizeof *k);
    utf8_copy(k->sku, sizeof k->sku, sku);
    store_gift_stock(r->s->st, sku, &k->qty, &k->known, NULL);
    return k;
}

/* Make one gift order and its gift row. */
static int make_gift(struct run *r, const struct gift_rule *g, const struct gift_candidate *m,
                     const char *period, struct gift_outcome *out)
{
    struct session *s = r->s;
    struct stock *k = stock_of(r, g->sku);
    if (!k->known) {
        out->fail = GIFT_FAIL_UNSTOCKED;
        return SD_OK;
    }
    if (k->qty <= 0) {
        out->fail = GIFT_FAIL_STOCK;
        return SD_OK;
    }
    if (r->budget >= 0 && r->spent + g->cost > r->budget) {
        out->fail = GIFT_FAIL_BUDGET;
        return SD_OK;
    }
    char *receiver = NULL, *phone = NULL, *address = NULL;
    int rc = store_member_address(s->st, m->member_id, &receiver, &phone, &address, r->err);
    if (rc == SD_NOT_FOUND) {
        out->fail = GIFT_FAIL_ADDRESS;
        return SD_OK;
    }
    if (rc)
        return rc;
    char number[48];
    snprintf(number, sizeof number, "%s%03lld", r->prefix, (long long)r->seq++);
    struct order_line line = {0, 1, g->sku, g->title, 1, 0, 0};
    struct order o = {
        .platform = "gift",
        .number = number,
        .status = ORDER_PAID,
        .member_id = m->member_id,
        .buyer = (char *)m->name,
        .receiver = receiver,
        .phone = phone,
        .address = address,
        .currency = (char *)s->set.currency->code,
        .created_at = r->now,
        .paid_at = r->now,
        .gift = true,
        .note = g->name,
    };
    rc = store_order_insert(s->st, &o, &line, 1, r->err);
    free(receiver);
    free(phone);
    free(address);
    if (rc)
        return rc;
    struct gift row = {0};
    row.member_id = m->member_id;
    row.order_id = o.id;
    row.cost = g->cost;
    row.created_at = r->now;
    utf8_copy(row.rule, sizeof row.rule, g->name);
    utf8_copy(row.period, sizeof row.period, period);
    snprintf(row.run_date, sizeof row.run_date, "%s", r->day);
    if ((rc = store_gift_add(s->st, &row, r->err)))
        return rc;
    /* its unit of stock goes out with the slice's others (flush_moves) */
    if (!r->moves_lo)
        r->moves_lo = row.id;
    r->moves_hi = row.id;
    k->qty--;
    r->spent += g->cost;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "number", json_object_new_string(number));
    json_object_object_add(after, "rule", json_object_new_string(g->name));
    json_object_object_add(after, "member", json_object_new_int64(m->member_id));
    json_object_object_add(after, "period", json_object_new_string(period));
    json_object_object_add(after, "sku", json_object_new_string(g->sku));
    json_object_object_add(after, "cost", json_object_new_int64(g->cost));
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)o.id);
    rc = session_audit(s, "gift.create", "order", id, o.id, NULL, after, r->err);
    json_object_put(after);
    if (rc)
        return rc;
    utf8_copy(out->order_number, sizeof out->order_number, number);
    return SD_OK;
}

#define GIFT_SLICE 20000

/* The stock movements of the gifts made since the last call, in one statement: the stock
 * row is counted once, not once a gift (stock_move_in's checks are make_gift's). */
static int flush_moves(struct run *r, const struct gift_rule *g)
{
    if (!r->moves_lo)
        return SD_OK;
    int rc = store_gift_stock_moves(r->s->st, r->moves_lo, r->moves_hi, g->sku, g->name, r->s->who,
                                    r->now, r->err);
    r->moves_lo = r->moves_hi = 0;
    return rc;
}

static int run_slice(struct run *r, const struct gift_rule *g, bool birthday, const char *p0,
                     const char *p1, const struct order_filter *goodwill, int64_t lo, int64_t hi);

static int run_rule(struct run *r, const struct gift_rule *g)
{
    struct session *s = r->s;
    char p0[16], p1[16];
    struct order_filter f;
    const struct order_filter *goodwill = NULL;
    bool birthday = g->when == GIFT_BIRTHDAY;
    if (birthday) {
        snprintf(p0, sizeof p0, "%d", r->date.y);
        snprintf(p1, sizeof p1, "%d", r->date.y + 1);
    } else if (!gift_period(g, r->date, "", p0, sizeof p0)) {
        return SD_OK; /* not the day for it (the monthly day not reached) */
    } else {
        snprintf(p1, sizeof p1, "%s", p0);
    }
    if (g->when == GIFT_GOODWILL) {
        order_filter_init(&f);
        f.status = g->order_status;
        f.sku = g->order_sku;
        f.courier = g->order_courier;
        f.platform = g->order_platform;
        if (g->ordered_from.y)
            f.from = date_start(g->ordered_from);
        if (g->ordered_to.y)
            f.to = date_start(date_add(g->ordered_to, 1));
        goodwill = &f;
    }
    /* a slice of members at a time: memory stays small however many a rule reaches */
    int64_t top = store_members_max_id(s->st);
    int rc = SD_OK;
    int64_t all = (int64_t)s->set.gifts.n * top, before = (int64_t)r->rule_i * top;
    for (int64_t lo = 1; lo <= top && !rc; lo += GIFT_SLICE)
        if (!(rc = session_work(s, WORK_MAKING, before + lo - 1, all, r->err)))
            rc = run_slice(r, g, birthday, p0, p1, goodwill, lo, lo + GIFT_SLICE);
    return rc;
}

static int run_slice(struct run *r, const struct gift_rule *g, bool birthday, const char *p0,
                     const char *p1, const struct order_filter *goodwill, int64_t lo, int64_t hi)
{
    struct session *s = r->s;
    struct gift_candidate *c = NULL;
    size_t n = 0;
    int rc = store_gift_candidates(s->st, g->name, g->tier, birthday, p0, p1, goodwill, lo, hi,
                                   &c, &n, r->err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        char period[16];
        if (birthday) {
            if (!gift_period(g, r->date, c[i].birthday, period, sizeof period))
                continue;
            if ((!strcmp(period, p0) && c[i].had0) || (!strcmp(period, p1) && c[i].had1))
                continue;
        } else {
            snprintf(period, sizeof period, "%s", p0);
        }
        /* everything the outcome says comes with the candidate: no query per member */
        struct gift_outcome one, *out = &one;
        memset(out, 0, sizeof *out);
        utf8_copy(out->rule, sizeof out->rule, g->name);
        out->member_id = c[i].member_id;
        utf8_copy(out->member, sizeof out->member, c[i].name);
        out->tier = c[i].tier;
        utf8_copy(out->period, sizeof out->period, period);
        utf8_copy(out->sku, sizeof out->sku, g->sku);
        out->cost = g->cost;
        rc = make_gift(r, g, &c[i], period, out);
        if (!rc && out->fail) {
            r->rep->failed++;
            if (!r->dry)
                rc = store_gift_failure_add(s->st, r->day, g->name, c[i].member_id,
                                            gift_fail_key(out->fail), r->err);
        } else if (!rc) {
            r->rep->made++;
            r->rep->cost += g->cost;
        }
        if (r->dry) /* nothing will be kept: no order numbers */
            out->order_number[0] = '\0';
        if (!rc && r->cb)
            r->cb(out, r->ctx);
    }
    free(c);
    if (!rc)
        rc = flush_moves(r, g);
    return rc;
}

int gifts_run(struct session *s, struct sd_date date, bool dry_run, gift_cb cb, void *ctx,
              struct gift_report *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_GIFTS_RUN, err);
    if (rc)
        return rc;
    int64_t t0 = clock_mono_ms();
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct run r = {0};
    r.s = s;
    r.date = date;
    date_format(date, r.day);
    r.now = clock_now();
    r.dry = dry_run;
    r.rep = out;
    r.cb = cb;
    r.ctx = ctx;
    r.err = err;
    r.budget = s->set.gifts.budget_per_month;
    /* the budget is the calendar month of the run's day */
    char month[8];
    snprintf(month, sizeof month, "%.7s", r.day);
    if ((rc = store_gift_spent(s->st, month, &r.spent, err)))
        goto fail;
    snprintf(r.prefix, sizeof r.prefix, "G%.4s%.2s%.2s-", r.day, r.day + 5, r.day + 8);
    r.seq = store_number_seq(s->st, "gift", r.prefix);
    for (size_t i = 0; i < s->set.gifts.n && !rc; i++) {
        r.rule_i = i;
        rc = run_rule(&r, &s->set.gifts.rules[i]);
    }
    if (rc)
        goto fail;
    out->budget_left = r.budget < 0 ? -1 : r.budget - r.spent;
    if (out->made || out->failed) {
        json_object *after = json_object_new_object();
        json_object_object_add(after, "date", json_object_new_string(r.day));
        json_object_object_add(after, "made", json_object_new_int64(out->made));
        json_object_object_add(after, "failed", json_object_new_int64(out->failed));
        json_object_object_add(after, "cost", json_object_new_int64(out->cost));
        rc = session_audit(s, "gifts.run", "gifts", r.day, 0, NULL, after, err);
        json_object_put(after);
        if (rc)
            goto fail;
    }
    free(r.stock);
    if (dry_run)
        store_rollback(s->st);
    else if ((rc = store_commit(s->st, err)))
        return rc;
    out->ms = clock_mono_ms() - t0;
    return SD_OK;
fail:
    free(r.stock);
    store_rollback(s->st);
    return rc;
}

int gifts_stock_set(struct session *s, const char *sku, int64_t qty, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_GIFTS_RUN, err);
    if (rc)
        return rc;
    if (!sku || !*sku)
        return sd_fail(err, SD_INPUT, "%s", _("a gift needs a SKU"));
    if (qty < 0 || qty > 1000000000)
        return sd_fail(err, SD_INPUT, "%s", _("the stock must be a count of 0 or more"));
    if ((rc = stock_sku_check(sku, err)))
        return rc;
    /* the gift's SKU in the shop's one stock: its new count, set by an adjustment */
    if ((rc = store_begin(s->st, err)))
        return rc;
    int64_t before = 0;
    bool known = false;
    if (!(rc = store_gift_stock(s->st, sku, &before, &known, err))) {
        if (qty != before)
            rc = stock_move_in(s, sku, STOCK_NEW, qty - before, STOCK_ADJUSTED, 0, 0,
                               "gift stock", err);
        else if (!known)
            rc = store_stock_known(s->st, sku, err);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}
