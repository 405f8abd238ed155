#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "app/compensate.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/order.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/strbuf.h"

static void batch_key(const struct comp_request *q, const struct currency *cur, char key[96])
{
    if (q->key && *q->key) {
        snprintf(key, 96, "%s", q->key);
        return;
    }
    /* the same filter, amount and reason make the same batch */
    struct strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s|%lld|%s", q->filter_text ? q->filter_text : "", (long long)q->amount,
            q->reason ? q->reason : "");
    if (cur != money_home_currency()) /* keys made before batches had a currency stay */
        sb_addf(&sb, "|%s", cur->code);
    char hex[65];
    sha256_hex(sb.buf, sb.len, hex);
    sb_free(&sb);
    snprintf(key, 96, "auto-%.16s", hex);
}

static int check(struct session *s, const struct comp_request *q, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_COMPENSATE, err);
    if (rc)
        return rc;
    if (q->amount <= 0)
        return sd_fail(err, SD_INPUT, "%s", _("a compensation needs an amount above zero"));
    if (!q->reason || !*q->reason)
        return sd_fail(err, SD_INPUT, "%s", _("a compensation needs a reason"));
    if (q->filter.status == ORDER_CANCELLED)
        return sd_fail(err, SD_INPUT, "%s",
                       _("cancelled orders are not compensated: their money went back to the "
                         "buyer; choose another status"));
    return SD_OK;
}

int compensation_preview(struct session *s, const struct comp_request *q, int64_t *orders,
                         int64_t *total, bool *already, struct comp_batch *done,
                         struct sd_err *err)
{
    int rc = check(s, q, err);
    if (rc)
        return rc;
    char key[96];
    const struct currency *cur = q->currency ? q->currency : s->set.currency;
    batch_key(q, cur, key);
    *already = store_comp_batch_find(s->st, key, done, NULL) == SD_OK;
    struct order_filter f = q->filter;
    f.currency = cur->code;
    if ((rc = store_comp_count(s->st, &f, orders, err)))
        return rc;
    *total = *orders * q->amount;
    return SD_OK;
}

struct audit_ctx {
    struct session *s;
    json_object *after;
    struct sd_err *err;
};

static int audit_order(int64_t order_id, void *arg)
{
    struct audit_ctx *a = arg;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)order_id);
    return session_audit(a->s, "compensation.pay", "order", id, order_id, NULL, a->after, a->err);
}

int compensation_run(struct session *s, const struct comp_request *q, struct comp_batch *out,
                     bool *already, struct sd_err *err)
{
    int rc = check(s, q, err);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    const struct currency *cur = q->currency ? q->currency : s->set.currency;
    batch_key(q, cur, out->key);
    if ((rc = store_begin(s->st, err)))
        return rc;
    if (store_comp_batch_find(s->st, out->key, out, NULL) == SD_OK) {
        *already = true;
        store_rollback(s->st);
        return SD_OK;
    }
    *already = false;
    snprintf(out->filter, sizeof out->filter, "%s", q->filter_text ? q->filter_text : "");
    out->amount = q->amount;
    snprintf(out->reason, sizeof out->reason, "%s", q->reason);
    out->created_at = clock_now();
    snprintf(out->created_by, sizeof out->created_by, "%s", s->who);
    snprintf(out->currency, sizeof out->currency, "%s", cur->code);
    struct order_filter f = q->filter;
    f.currency = cur->code;
    if ((rc = store_comp_create(s->st, out, &f, err)))
        goto fail;
    if (out->orders == 0) {
        rc = sd_fail(err, SD_REFUSED, "%s",
                     _("no order matches the filter: nothing was created"));
        goto fail;
    }
    json_object *after = json_object_new_object();
    json_object_object_add(after, "batch", json_object_new_string(out->key));
    json_object_object_add(after, "amount", json_object_new_int64(q->amount));
    json_object_object_add(after, "currency", json_object_new_string(cur->code));
    json_object_object_add(after, "reason", json_object_new_string(q->reason));
    struct audit_ctx a = {s, after, err};
    rc = store_comp_orders(s->st, out->id, audit_order, &a, err);
    if (!rc) {
        json_object_object_add(after, "filter", json_object_new_string(out->filter));
        json_object_object_add(after, "orders", json_object_new_int64(out->orders));
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)out->id);
        rc = session_audit(s, "compensation.batch", "compensation", id, 0, NULL, after, err);
    }
    json_object_put(after);
    if (rc)
        goto fail;
    return store_commit(s->st, err);
fail:
    store_rollback(s->st);
    return rc;
}
