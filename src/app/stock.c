#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "app/detail.h"
#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "core/order.h"
#include "core/refund.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/spark.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/i18n.h"
#include "util/utf8.h"

const char *stock_condition_label(enum stock_condition c)
{
    switch (c) {
    case STOCK_NEW:
        return _("new");
    case STOCK_OPEN_BOX:
        return _("open-box");
    case STOCK_DEFECTIVE:
        return _("defective");
    default:
        return "?";
    }
}

const char *stock_kind_label(enum stock_kind k)
{
    switch (k) {
    case STOCK_RECEIVED:
        return _("received");
    case STOCK_PICKED:
        return _("picked");
    case STOCK_GIFT:
        return _("gift");
    case STOCK_RETURNED:
        return _("returned");
    case STOCK_ADJUSTED:
        return _("adjusted");
    default:
        return "?";
    }
}

int stock_sku_check(const char *sku, struct sd_err *err)
{
    if (!sku || !*sku)
        return sd_fail(err, SD_INPUT, "%s", _("give a SKU"));
    size_t n = strlen(sku);
    if (n > 47)
        return sd_fail(err, SD_INPUT, _("the SKU '%.20s…' is longer than 47 bytes"), sku);
    if (!utf8_valid(sku, n, NULL))
        return sd_fail(err, SD_INPUT, "%s", _("the SKU is not valid UTF-8"));
    for (const unsigned char *p = (const unsigned char *)sku; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return sd_fail(err, SD_INPUT, "%s", _("the SKU holds a control character"));
    if (sku[0] == ' ' || sku[n - 1] == ' ')
        return sd_fail(err, SD_INPUT, _("the SKU '%s' begins or ends with a blank"), sku);
    return SD_OK;
}

static json_object *move_json(const struct stock_move *m, int64_t before)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "sku", json_object_new_string(m->sku));
    json_object_object_add(o, "condition",
                           json_object_new_string(stock_condition_key(m->condition)));
    json_object_object_add(o, "kind", json_object_new_string(stock_kind_key(m->kind)));
    json_object_object_add(o, "delta", json_object_new_int64(m->delta));
    json_object_object_add(o, "before", json_object_new_int64(before));
    json_object_object_add(o, "after", json_object_new_int64(before + m->delta));
    if (m->reason[0])
        json_object_object_add(o, "reason", json_object_new_string(m->reason));
    if (m->refund_id)
        json_object_object_add(o, "refund", json_object_new_int64(m->refund_id));
    json_object_object_add(o, "move", json_object_new_int64(m->id));
    return o;
}

int stock_move_in(struct session *s, const char *sku, enum stock_condition c, int64_t n,
                  enum stock_kind kind, int64_t order_id, int64_t refund_id,
                  const char *reason, struct sd_err *err)
{
    if (n == 0)
        return SD_OK;
    struct stock_row row;
    bool known;
    int rc = store_stock_get(s->st, sku, &row, &known, err);
    if (rc)
        return rc;
    if (row.qty[c] + n < 0)
        return sd_fail(err, SD_REFUSED,
                       _("%s: %lld %s in stock, %lld needed"), sku, (long long)row.qty[c],
                       stock_condition_label(c), (long long)-n);
    struct stock_move m = {0};
    m.at = clock_now();
    utf8_copy(m.sku, sizeof m.sku, sku);
    m.condition = c;
    m.delta = n;
    m.kind = kind;
    m.order_id = order_id;
    m.refund_id = refund_id;
    utf8_copy(m.reason, sizeof m.reason, reason ? reason : "");
    utf8_copy(m.login, sizeof m.login, s->who);
    if ((rc = store_stock_move(s->st, &m, err)))
        return rc;
    /* a pick, a gift or a return is in the audit row of the action that made it */
    if (kind != STOCK_RECEIVED && kind != STOCK_ADJUSTED)
        return SD_OK;
    json_object *after = move_json(&m, row.qty[c]);
    rc = session_audit(s, "stock.move", "stock", sku, order_id, NULL, after, err);
    json_object_put(after);
    return rc;
}

static int commit_or_rollback(struct session *s, int rc, struct sd_err *err)
{
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

int stock_add(struct session *s, const char *sku, int64_t n, enum stock_condition c,
              const char *note, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_STOCK, err);
    if (rc || (rc = stock_sku_check(sku, err)))
        return rc;
    if (n <= 0 || n > 1000000000)
        return sd_fail(err, SD_INPUT, "%s", _("the count must be 1 or more"));
    if (c == STOCK_DEFECTIVE)
        return sd_fail(err, SD_INPUT, "%s",
                       _("defective goods come in as returns graded 2, or by an adjustment "
                         "with a reason"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    rc = stock_move_in(s, sku, c, n, STOCK_RECEIVED, 0, 0, note, err);
    return commit_or_rollback(s, rc, err);
}

int stock_adjust(struct session *s, const char *sku, enum stock_condition c, int64_t to,
                 const char *reason, int64_t *delta, struct sd_err *err)
{
    *delta = 0;
    int rc = session_require(s, SD_PERM_STOCK, err);
    if (rc || (rc = stock_sku_check(sku, err)))
        return rc;
    if (to < 0 || to > 1000000000)
        return sd_fail(err, SD_INPUT, "%s", _("the count must be 0 or more"));
    if (!reason || !reason[strspn(reason, " \t")])
        return sd_fail(err, SD_INPUT, "%s",
                       _("an adjustment needs its reason (a stocktake, breakage, ...)"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct stock_row row;
    bool known;
    if ((rc = store_stock_get(s->st, sku, &row, &known, err)))
        return commit_or_rollback(s, rc, err);
    *delta = to - row.qty[c];
    if (*delta == 0 && known) {
        store_rollback(s->st);
        return SD_OK;
    }
    if (*delta == 0) /* a SKU counted for the first time at 0: known from now on */
        rc = store_stock_known(s->st, sku, err);
    else
        rc = stock_move_in(s, sku, c, *delta, STOCK_ADJUSTED, 0, 0, reason, err);
    return commit_or_rollback(s, rc, err);
}

int stock_page(struct session *s, const char *after, const char *sku_like,
               struct stock_row *out, int n, int *found, struct sd_err *err)
{
    *found = 0;
    int rc = session_require(s, SD_PERM_ORDERS_VIEW, err);
    if (rc)
        return rc;
    int k = store_stock_page(s->st, after, sku_like, out, n, err);
    if (k < 0)
        return err ? (int)err->code : SD_STORE;
    *found = k;
    return SD_OK;
}

int stock_history(struct session *s, const char *sku, struct stock_move *out, int n,
                  int *found, struct sd_err *err)
{
    *found = 0;
    int rc = session_require(s, SD_PERM_ORDERS_VIEW, err);
    if (rc)
        return rc;
    int k = store_stock_moves(s->st, sku, out, n, err);
    if (k < 0)
        return err ? (int)err->code : SD_STORE;
    *found = k;
    return SD_OK;
}

int stock_verify(struct session *s, struct strbuf *out, struct sd_err *err)
{
    return store_stock_verify(s->st, out, err);
}

/* an order's needs: units per SKU, its lines of the same SKU together */
struct need {
    char sku[48];
    int64_t qty;
};

static size_t needs_of(const struct order_line *l, size_t n, struct need *v)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!l[i].sku || !*l[i].sku || l[i].qty <= 0)
            continue;
        size_t j = 0;
        while (j < k && strcmp(v[j].sku, l[i].sku))
            j++;
        if (j == k) {
            utf8_copy(v[k].sku, sizeof v[k].sku, l[i].sku);
            v[k++].qty = 0;
        }
        v[j].qty += l[i].qty;
    }
    return k;
}

/* all or nothing: every stocked SKU of the lines first, then the movements */
static int take(struct session *s, int64_t order_id, const struct order_line *lines, size_t n,
                enum stock_condition c, bool *short_of, struct strbuf *why, struct sd_err *err)
{
    *short_of = false;
    struct need *v = xcalloc(n ? n : 1, sizeof *v);
    size_t k = needs_of(lines, n, v);
    bool *counted = xcalloc(k ? k : 1, sizeof *counted);
    int rc = SD_OK;
    for (size_t i = 0; i < k && !rc; i++) {
        struct stock_row row;
        bool known;
        if ((rc = store_stock_get(s->st, v[i].sku, &row, &known, err)))
            break;
        counted[i] = known;
        if (known && row.qty[c] < v[i].qty) {
            if (why)
                /* L10N: why an order stays out of a pick wave: SKU, count, condition, needed */
                sb_addf(why, _("%s: %lld %s, %lld needed"), v[i].sku, (long long)row.qty[c],
                        stock_condition_label(c), (long long)v[i].qty);
            *short_of = true;
            break;
        }
    }
    for (size_t i = 0; i < k && !rc && !*short_of; i++)
        if (counted[i])
            rc = stock_move_in(s, v[i].sku, c, -v[i].qty, STOCK_PICKED, order_id, 0, NULL, err);
    free(counted);
    free(v);
    return rc;
}

int stock_pick_order(struct session *s, int64_t order_id, bool *short_of, struct strbuf *why,
                     struct sd_err *err)
{
    *short_of = false;
    bool open_box = false;
    int rc = store_order_open_box(s->st, order_id, &open_box, err);
    if (rc)
        return rc;
    struct order_line *lines = NULL;
    size_t n = 0;
    if ((rc = store_order_lines(s->st, order_id, &lines, &n, err)))
        return rc;
    rc = take(s, order_id, lines, n, open_box ? STOCK_OPEN_BOX : STOCK_NEW, short_of, why, err);
    order_lines_free(lines, n);
    return rc;
}

int stock_take_lines(struct session *s, int64_t order_id, const struct order_line *lines,
                     size_t n, bool *short_of, struct strbuf *why, struct sd_err *err)
{
    return take(s, order_id, lines, n, STOCK_NEW, short_of, why, err);
}

int stock_order_release(struct session *s, int64_t order_id, bool back, struct sd_err *err)
{
    struct stock_move v[64];
    int k = store_stock_order_balance(s->st, order_id, STOCK_PICKED, v, 64, err);
    if (k < 0)
        return err ? (int)err->code : SD_STORE;
    int rc = SD_OK;
    if (back) {
        for (int i = 0; i < k && !rc; i++)
            if (v[i].delta < 0)
                rc = stock_move_in(s, v[i].sku, v[i].condition, -v[i].delta, STOCK_PICKED,
                                   order_id, 0, "cancelled", err);
        return rc;
    }
    /* the cancel undone: what it put back is taken again; an order still holding its goods,
     * or one that never took any, takes nothing */
    bool ever = false;
    if (k > 0 || (rc = store_stock_order_ever(s->st, order_id, STOCK_PICKED, &ever, err)) ||
        !ever)
        return rc;
    bool short_of = false;
    struct strbuf why = STRBUF_INIT;
    rc = stock_pick_order(s, order_id, &short_of, &why, err);
    if (!rc && short_of)
        rc = sd_fail(err, SD_REFUSED, _("its goods are gone meanwhile (%s)"), sb_str(&why));
    sb_free(&why);
    return rc;
}

int stock_order_open_box(struct session *s, int64_t order_id, bool on, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_ORDERS_EDIT, err);
    if (rc)
        return rc;
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct order o;
    if ((rc = store_order_get(s->st, order_id, &o, err)))
        return commit_or_rollback(s, rc, err);
    bool was = false;
    if (o.wave_id || (o.status != ORDER_PENDING && o.status != ORDER_PAID))
        rc = sd_fail(err, SD_CONFLICT,
                     _("%s is already in a pick wave: its goods were taken as they were"),
                     o.number);
    if (!rc)
        rc = store_order_open_box(s->st, order_id, &was, err);
    if (!rc && was != on) {
        rc = store_order_set_open_box(s->st, order_id, on, err);
        json_object *b = json_object_new_object(), *a = json_object_new_object();
        json_object_object_add(b, "open_box", json_object_new_boolean(was));
        json_object_object_add(a, "open_box", json_object_new_boolean(on));
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)order_id);
        if (!rc)
            rc = session_audit(s, "order.open_box", "order", id, order_id, b, a, err);
        json_object_put(b);
        json_object_put(a);
    }
    order_clear(&o);
    return commit_or_rollback(s, rc, err);
}

void defect_share_text(int64_t share, char *buf, size_t n)
{
    if (share < 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%lld.%02lld%%", (long long)(share / 100), (long long)(share % 100));
}

void defect_reasons_text(const struct defect_sku *d, bool keys, struct strbuf *out)
{
    for (int k = 0; k < d->nreasons; k++) {
        const char *key = d->reason[k];
        int r = refund_reason_parse(key);
        const char *text = keys || r < 0 ? (key[0] ? key : "-")
                                         : refund_reason_label((enum refund_reason)r);
        sb_addf(out, "%s%s %lld", k ? ", " : "", text, (long long)d->reason_units[k]);
    }
}

void defect_weeks_chart(const struct defect_sku *d, struct strbuf *out)
{
    int64_t oldest_first[DEFECT_WEEKS];
    for (int k = 0; k < DEFECT_WEEKS; k++)
        oldest_first[k] = d->weeks[DEFECT_WEEKS - 1 - k];
    spark_append(out, oldest_first, DEFECT_WEEKS, 0);
}

void defects_clear(struct defect_sku *v, int n)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < v[i].ncomments; k++)
            free(v[i].comments[k]);
}

static int64_t share_of(int64_t part, int64_t whole)
{
    return whole > 0 ? part * 10000 / whole : -1;
}

int defects_report(struct session *s, int64_t from, int64_t to, struct defect_sku *out,
                   int *n, struct sd_err *err)
{
    *n = 0;
    int rc = session_require(s, SD_PERM_REVIEW_READ, err);
    if (rc)
        return rc;
    if (from >= to)
        return sd_fail(err, SD_INPUT, "%s", _("--from must come before --to"));
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    struct defect_row rows[DEFECT_SKUS];
    int k = store_defects_by_sku(s->st, from, to, rows, DEFECT_SKUS, err);
    if (k < 0)
        rc = err ? (int)err->code : SD_STORE;
    for (int i = 0; i < k && !rc; i++) {
        struct defect_sku *d = &out[i];
        memset(d, 0, sizeof *d);
        utf8_copy(d->sku, sizeof d->sku, rows[i].sku);
        d->units = rows[i].units;
        d->refunds = rows[i].refunds;
        (*n)++;
        if ((rc = store_units_sold(s->st, d->sku, from, to, &d->sold, err)))
            break;
        d->share = share_of(d->units, d->sold);
        d->nreasons = store_defects_reasons(s->st, d->sku, from, to, d->reason, d->reason_units,
                                            DEFECT_REASONS, err);
        if (d->nreasons < 0) {
            d->nreasons = 0;
            rc = err ? (int)err->code : SD_STORE;
            break;
        }
        if ((rc = store_defects_weekly(s->st, d->sku, to, d->weeks, DEFECT_WEEKS, err)))
            break;
        d->ncomments = store_defects_comments(s->st, d->sku, from, to, d->comments,
                                              DEFECT_COMMENTS, err);
        if (d->ncomments < 0) {
            d->ncomments = 0;
            rc = err ? (int)err->code : SD_STORE;
        }
    }
    store_rollback(s->st);
    if (rc) {
        defects_clear(out, *n);
        *n = 0;
    }
    return rc;
}

#define JUMP_DAYS 7
#define JUMP_BEFORE_DAYS 28
#define JUMP_MIN_UNITS 3
#define JUMP_MIN_SHARE 500 /* 5.00% */

int defects_jumps(struct session *s, int64_t end, int64_t *count, struct detail *d,
                  struct sd_err *err)
{
    *count = 0;
    int64_t from = end - JUMP_DAYS * 86400, before = from - JUMP_BEFORE_DAYS * 86400;
    struct defect_row rows[DEFECT_SKUS];
    int k = store_defects_by_sku(s->st, from, end, rows, DEFECT_SKUS, err);
    if (k < 0)
        return err ? (int)err->code : SD_STORE;
    for (int i = 0; i < k; i++) {
        if (rows[i].units < JUMP_MIN_UNITS)
            continue;
        int64_t sold = 0, sold0 = 0, was = 0;
        /* a jump is measured against the 4 weeks before, units back and sold alike */
        int rc = store_units_sold(s->st, rows[i].sku, from, end, &sold, err);
        if (!rc)
            rc = store_units_sold(s->st, rows[i].sku, before, from, &sold0, err);
        if (!rc) {
            /* the same SKU's defective units in the weeks before */
            int64_t w[JUMP_BEFORE_DAYS / 7];
            rc = store_defects_weekly(s->st, rows[i].sku, from, w, JUMP_BEFORE_DAYS / 7, err);
            for (int j = 0; !rc && j < JUMP_BEFORE_DAYS / 7; j++)
                was += w[j];
        }
        if (rc)
            return rc;
        int64_t now_share = share_of(rows[i].units, sold);
        int64_t was_share = share_of(was, sold0);
        /* nothing sold in the week: every unit back is more than was sold */
        if (now_share < 0)
            now_share = 10000;
        if (now_share < JUMP_MIN_SHARE || (was_share > 0 && now_share < 2 * was_share))
            continue;
        (*count)++;
        if (d)
            /* L10N: a SKU whose defect share jumped: SKU; units back, units sold, the share
             * this week; the share in the four weeks before */
            detail_text(d, TONE_WARNING, _("%s: %lld defective of %lld sold (%lld.%02lld%%) in 7 "
                                        "days; %lld.%02lld%% in the 4 weeks before"),
                        rows[i].sku, (long long)rows[i].units, (long long)sold,
                        (long long)(now_share / 100), (long long)(now_share % 100),
                        (long long)(was_share < 0 ? 0 : was_share / 100),
                        (long long)(was_share < 0 ? 0 : was_share % 100));
    }
    return SD_OK;
}
