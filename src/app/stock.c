#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "app/session.h"
#include "app/stock.h"
#include "core/clock.h"
#include "store/store.h"
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
