#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_ops.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "app/stock.h"
#include "app/timeline.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/audit.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

bool refund_id_parse(const char *text, int64_t *id)
{
    const char *p = text[0] == '#' ? text + 1 : text;
    char *end;
    long long v = strtoll(p, &end, 10);
    if (!*p || *end || v <= 0)
        return false;
    *id = v;
    return true;
}

int64_t refund_deadline(const struct session *s, int64_t ready_at)
{
    return ready_at ? ready_at + (int64_t)s->set.refunds.sla_minutes * 60 : 0;
}

static const struct currency *cur_of(struct session *s, const char *code)
{
    const struct currency *c = currency_find(code);
    return c ? c : s->set.currency;
}

const struct currency *order_currency(struct session *s, int64_t order_id)
{
    struct order o;
    if (store_order_get(s->st, order_id, &o, NULL) != SD_OK)
        return s->set.currency;
    const struct currency *c = cur_of(s, o.currency);
    order_clear(&o);
    return c;
}

const struct currency *refund_currency(struct session *s, int64_t refund_id)
{
    struct refund r;
    if (store_refund_get(s->st, refund_id, &r, NULL) != SD_OK)
        return s->set.currency;
    int64_t order = r.order_id;
    refund_clear(&r);
    return order_currency(s, order);
}

static char *fmt_money(struct session *s, const char *code, int64_t v, char *buf, size_t n)
{
    return money_format(v, cur_of(s, code), MONEY_SYMBOL | MONEY_GROUP, buf, n);
}

static json_object *refund_json(struct session *s, const struct refund *r, const char *currency)
{
    char m[48];
    json_object *j = json_object_new_object();
    json_object_object_add(j, "status", json_object_new_string(refund_status_key(r->status)));
    json_object_object_add(j, "kind", json_object_new_string(refund_kind_key(r->kind)));
    json_object_object_add(j, "amount", json_object_new_int64(r->amount + r->shipping_amount));
    json_object_object_add(j, "amount_text",
                           json_object_new_string(fmt_money(s, currency, r->amount +
                                                                             r->shipping_amount,
                                                            m, sizeof m)));
    return j;
}

static int audit_refund(struct session *s, const char *action, const struct refund *before,
                        const struct refund *after, const char *currency, json_object *extra,
                        struct sd_err *err)
{
    json_object *b = before ? refund_json(s, before, currency) : NULL;
    json_object *a = refund_json(s, after, currency);
    if (extra) {
        json_object_object_foreach(extra, k, v) json_object_object_add(a, k, json_object_get(v));
    }
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)after->id);
    int rc = session_audit(s, action, "refund", id, after->order_id, b, a, err);
    json_object_put(b);
    json_object_put(a);
    return rc;
}

int refund_risk(struct session *s, int64_t order_id, enum refund_reason reason,
                enum refund_kind kind, struct strbuf *out, int *refund_rate, struct sd_err *err)
{
    struct order o;
    int rc = store_order_get(s->st, order_id, &o, err);
    if (rc)
        return rc;
    struct risk_facts f = {0};
    if (o.member_id && (rc = store_risk_facts(s->st, o.member_id, o.phone, o.address, &f, err))) {
        order_clear(&o);
        return rc;
    }
    int rate = f.orders ? (int)(f.refunded_orders * 100 / f.orders) : 0;
    if (refund_rate)
        *refund_rate = rate;
    if (f.orders >= 3 && rate >= 30)
        sb_addf(out, _("the buyer asked for refunds on %lld of %lld orders (%d%%)\n"),
                (long long)f.refunded_orders, (long long)f.orders, rate);
    int64_t now = clock_now();
    if (kind == KIND_REFUND && (o.status == ORDER_PAID || o.status == ORDER_PICKED ||
                                o.status == ORDER_PACKED))
        sb_adds(out, _("asked before the order shipped\n"));
    /* the return window: the shop's, or the member's tier's own; from delivery, or, for
     * goods coming back, from shipping when no delivery is recorded (a money-only request is
     * weighed against a recorded delivery only) */
    int window = s->set.refunds.return_window_days;
    struct member m;
    if (o.member_id && store_member_get(s->st, o.member_id, &m, NULL) == SD_OK) {
        if (m.tier >= 0 && m.tier < s->set.tiers.n &&
            s->set.tiers.tiers[m.tier].benefits.return_window_days > 0)
            window = s->set.tiers.tiers[m.tier].benefits.return_window_days;
        member_clear(&m);
    }
    bool delivered = o.delivered_at != 0;
    int64_t from = delivered ? o.delivered_at : kind != KIND_REFUND ? o.shipped_at : 0;
    bool gone = o.status == ORDER_DELIVERED || o.status == ORDER_SHIPPED;
    if (gone && from && now - from > (int64_t)window * 86400) {
        long long days = (long long)((now - from) / 86400);
        if (delivered)
            /* L10N: %lld days since delivery; %d the return window in days */
            sb_addf(out, P_("asked %lld day after delivery, past the %d-day return window\n",
                            "asked %lld days after delivery, past the %d-day return window\n",
                            (unsigned long)days),
                    days, window);
        else
            /* L10N: %lld days since shipping (no delivery recorded); %d the window in days */
            sb_addf(out, P_("asked %lld day after shipping, past the %d-day return window\n",
                            "asked %lld days after shipping, past the %d-day return window\n",
                            (unsigned long)days),
                    days, window);
    }
    if (f.empty_claims >= 1 && (reason == REASON_EMPTY_PARCEL || f.empty_claims >= 2))
        sb_addf(out, P_("%lld earlier empty-parcel claim by this buyer\n",
                        "%lld earlier empty-parcel claims by this buyer\n", f.empty_claims),
                (long long)f.empty_claims);
    if (f.shared_phone)
        sb_addf(out, P_("%lld other account has the same phone\n",
                        "%lld other accounts have the same phone\n", f.shared_phone),
                (long long)f.shared_phone);
    if (f.shared_address)
        sb_addf(out, P_("%lld other account ships to the same address\n",
                        "%lld other accounts ship to the same address\n", f.shared_address),
                (long long)f.shared_address);
    order_clear(&o);
    return SD_OK;
}

int refund_request(struct session *s, const struct refund_request *q, struct refund_outcome *out,
                   struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_REFUND_REQUEST, err);
    if (rc)
        return rc;
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct order o = {0};
    struct order_line *ol = NULL;
    size_t nol = 0;
    struct refund_line *rl = NULL;
    size_t nrl = 0;
    char m1[48], m2[48];
    if ((rc = store_order_get(s->st, q->order_id, &o, err)) ||
        (rc = store_order_lines(s->st, q->order_id, &ol, &nol, err)))
        goto fail;
    if (o.status == ORDER_PENDING) {
        rc = sd_fail(err, SD_REFUSED, _("order %s is not paid: there is nothing to refund"),
                     o.number);
        goto fail;
    }
    if (q->kind != KIND_REFUND && o.status != ORDER_SHIPPED && o.status != ORDER_DELIVERED) {
        rc = sd_fail(err, SD_REFUSED,
                     _("order %s was not shipped: nothing can come back; ask for a refund only"),
                     o.number);
        goto fail;
    }
    int64_t amount = q->amount;
    if (q->nlines) {
        amount = 0;
        rl = xcalloc(q->nlines, sizeof *rl);
        for (size_t i = 0; i < q->nlines; i++) {
            const struct order_line *hit = NULL;
            for (size_t k = 0; k < nol; k++)
                if (!strcmp(ol[k].sku, q->lines[i].sku))
                    hit = &ol[k];
            if (!hit) {
                rc = sd_fail(err, SD_INPUT, _("order %s has no line with SKU %s"), o.number,
                             q->lines[i].sku);
                goto fail;
            }
            /* the same SKU given twice is one line asked for both quantities */
            size_t k = 0;
            while (k < nrl && rl[k].line_id != hit->id)
                k++;
            int64_t qty = q->lines[i].qty + (k < nrl ? rl[k].qty : 0);
            int64_t left = hit->qty - store_line_refunded_qty(s->st, hit->id);
            if (q->lines[i].qty <= 0 || qty > left) {
                rc = sd_fail(err, SD_LIMIT,
                             _("%s: %lld asked, %lld of %lld not yet refunded or asked for"),
                             q->lines[i].sku, (long long)qty, (long long)left,
                             (long long)hit->qty);
                goto fail;
            }
            if (k < nrl)
                amount -= rl[k].amount;
            rl[k].line_id = hit->id;
            rl[k].qty = qty;
            rl[k].amount = hit->total * qty / hit->qty;
            amount += rl[k].amount;
            if (k == nrl)
                nrl++;
        }
    }
    if (amount < 0 || q->shipping < 0 || (amount == 0 && q->shipping == 0 && q->kind != KIND_EXCHANGE)) {
        rc = sd_fail(err, SD_INPUT, "%s",
                     amount == 0 && q->shipping == 0 && !q->nlines
                         ? _("a refund of 0 is no refund: give the amount to pay back, or the "
                             "lines that come back")
                         : _("the request needs an amount or lines"));
        goto fail;
    }
    struct order_refunds sums;
    if ((rc = store_order_refunds(s->st, o.id, &sums, err)))
        goto fail;
    /* what has not left the shop yet, the platform's refunds and the shop's counted once */
    int64_t left = o.total - o.refunded;
    if (amount + q->shipping > left) {
        rc = sd_fail(err, SD_LIMIT,
                     _("asks for %s, but only %s of the %s paid for order %s can still be "
                       "refunded"),
                     fmt_money(s, o.currency, amount + q->shipping, m1, sizeof m1),
                     fmt_money(s, o.currency, left < 0 ? 0 : left, m2, sizeof m2),
                     fmt_money(s, o.currency, o.total, (char[48]){0}, 48), o.number);
        goto fail;
    }
    if (q->shipping > o.shipping - sums.shipping_out) {
        rc = sd_fail(err, SD_LIMIT, _("asks for %s of shipping; the order's shipping was %s"),
                     fmt_money(s, o.currency, q->shipping, m1, sizeof m1),
                     fmt_money(s, o.currency, o.shipping, m2, sizeof m2));
        goto fail;
    }
    /* risk flags from the buyer's history, before this request joins it */
    int rate = 0;
    if ((rc = refund_risk(s, o.id, q->reason, q->kind, &out->flags, &rate, err)))
        goto fail;
    int64_t now = clock_now();
    struct refund r = {0};
    r.order_id = o.id;
    r.kind = q->kind;
    r.status = REFUND_REQUESTED;
    r.amount = amount;
    r.shipping_amount = q->shipping;
    r.reason = (char *)refund_reason_key(q->reason);
    r.note = (char *)(q->note ? q->note : "");
    r.requested_at = now;
    r.requested_by = s->who;
    r.return_tracking = (char *)(q->return_tracking ? q->return_tracking : "");
    r.duplicate_of = sums.open_requests ? sums.first_open : 0;
    /* the agents' ceiling, the automatic rules and the tiers' limits are in the shop's
     * currency: a request in another is weighed at shop.yaml's rate, and without one the
     * owner approves it */
    const struct currency *ocur = cur_of(s, o.currency);
    int64_t home_amount = 0;
    bool weighed = settings_to_home(&s->set, ocur, amount + q->shipping, now, &home_amount);
    if (!weighed)
        sb_addf(&out->flags,
                _("in %s: the agents' ceiling and the automatic approvals are in %s and shop.yaml "
                  "gives no rate for %s, so the owner approves it\n"),
                ocur->code, s->set.currency->code, ocur->code);
    r.needs_owner = !weighed || (s->set.refunds.agent_ceiling >= 0 &&
                                 home_amount > s->set.refunds.agent_ceiling);
    if ((rc = store_refund_insert(s->st, &r, rl, nrl, err)) ||
        (rc = audit_refund(s, "refund.request", NULL, &r, o.currency, NULL, err)) ||
        (q->also && (rc = q->also(s, r.id, q->also_ctx, err))))
        goto fail;
    int tier = 0;
    if (o.member_id) {
        struct member mb;
        if (store_member_get(s->st, o.member_id, &mb, NULL) == SD_OK) {
            tier = mb.tier;
            member_clear(&mb);
        }
    }
    struct refund_facts facts = {q->kind, home_amount, tier, rate, q->reason,
                                 out->flags.len > 0 || r.duplicate_of != 0};
    const struct auto_rule *rule =
        r.needs_owner ? NULL
                      : refund_auto_match(s->set.refunds.auto_rules, s->set.refunds.nauto, &facts);
    /* the member's tier approves small requests itself (its auto_approve_up_to benefit),
     * never one with risk flags */
    struct auto_rule tier_rule = {0};
    char tier_rule_name[96];
    if (!rule && !r.needs_owner && !facts.flagged && tier > 0 && tier < s->set.tiers.n &&
        s->set.tiers.tiers[tier].benefits.auto_approve_up_to > 0 &&
        facts.amount <= s->set.tiers.tiers[tier].benefits.auto_approve_up_to) {
        char up[48];
        /* L10N: why a refund was approved as it was made: "the Gold tier (up to ¥150.00)" */
        snprintf(tier_rule_name, sizeof tier_rule_name, _("the %s tier (up to %s)"),
                 s->set.tiers.tiers[tier].name,
                 money_format(s->set.tiers.tiers[tier].benefits.auto_approve_up_to,
                              s->set.currency, MONEY_SYMBOL | MONEY_GROUP, up, sizeof up));
        tier_rule.name = tier_rule_name;
        rule = &tier_rule;
    }
    if (rule) {
        struct refund before = r;
        r.status = refund_step_result(r.kind, STEP_APPROVE);
        r.reviewed_at = now;
        r.auto_rule = rule->name;
        if (r.status == REFUND_APPROVED)
            r.ready_at = now;
        json_object *x = json_object_new_object();
        json_object_object_add(x, "rule", json_object_new_string(rule->name));
        rc = store_refund_update(s->st, &r, err);
        if (!rc)
            rc = audit_refund(s, "refund.auto-approve", &before, &r, o.currency, x, err);
        json_object_put(x);
        if (rc)
            goto fail;
        snprintf(out->auto_rule, sizeof out->auto_rule, "%s", rule->name);
    }
    if ((rc = store_commit(s->st, err)))
        goto fail_nolock;
    out->id = r.id;
    out->status = r.status;
    out->duplicate_of = r.duplicate_of;
    out->needs_owner = r.needs_owner;
    free(rl);
    order_lines_free(ol, nol);
    order_clear(&o);
    return SD_OK;
fail:
    store_rollback(s->st);
fail_nolock:
    free(rl);
    order_lines_free(ol, nol);
    order_clear(&o);
    sb_free(&out->flags);
    return rc;
}

/* Inside an open transaction: load the request and its order's currency. */
static int load_locked(struct session *s, int64_t id, struct refund *r, char currency[4],
                       struct sd_err *err)
{
    int rc = store_refund_get(s->st, id, r, err);
    if (rc == SD_NOT_FOUND)
        return sd_fail(err, SD_NOT_FOUND, _("no refund request #%lld"), (long long)id);
    if (rc)
        return rc;
    struct order o;
    if ((rc = store_order_get(s->st, r->order_id, &o, err))) {
        refund_clear(r);
        return rc;
    }
    snprintf(currency, 4, "%s", o.currency);
    order_clear(&o);
    return SD_OK;
}

static int step_refused(const struct refund *r, enum refund_step step, struct sd_err *err)
{
    return sd_fail(err, SD_CONFLICT, _("refund #%lld is %s (%s): it cannot be %s"),
                   (long long)r->id, refund_status_label(r->status), refund_kind_label(r->kind),
                   step == STEP_APPROVE    ? _("approved")
                   : step == STEP_REJECT   ? _("rejected")
                   : step == STEP_RECEIVE  ? _("received")
                   : step == STEP_PAY      ? _("paid")
                   : step == STEP_EXCHANGE ? _("exchanged")
                                           : _("withdrawn"));
}

/* Begin, load the request, and check the step. */
static int load_for(struct session *s, int64_t id, enum refund_step step, struct refund *r,
                    char currency[4], struct sd_err *err)
{
    int rc = store_begin(s->st, err);
    if (rc)
        return rc;
    if ((rc = load_locked(s, id, r, currency, err))) {
        store_rollback(s->st);
        return rc;
    }
    if (!refund_step_allowed(r->kind, r->status, step)) {
        rc = step_refused(r, step, err);
        refund_clear(r);
        store_rollback(s->st);
        return rc;
    }
    return SD_OK;
}

static int finish(struct session *s, struct refund *r, int rc, struct sd_err *err)
{
    if (rc)
        store_rollback(s->st);
    else
        rc = store_commit(s->st, err);
    refund_clear(r);
    return rc;
}

static int review(struct session *s, int64_t id, const char *note, bool approve,
                  struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_REVIEW, err);
    if (rc)
        return rc;
    if (!approve && (!note || !*note))
        return sd_fail(err, SD_INPUT, "%s", _("a rejection needs a note for the buyer"));
    struct refund r;
    char currency[4];
    if ((rc = load_for(s, id, approve ? STEP_APPROVE : STEP_REJECT, &r, currency, err)))
        return rc;
    if (approve && r.needs_owner && !(s->roles & SD_ROLE_OWNER)) {
        char m[48];
        if (cur_of(s, currency) != s->set.currency)
            rc = sd_fail(err, SD_FORBIDDEN,
                         _("refund #%lld is in %s, and the agents' ceiling is in %s: the owner "
                           "must approve it"),
                         (long long)id, currency, s->set.currency->code);
        else
            rc = sd_fail(err, SD_FORBIDDEN,
                         _("refund #%lld is above the agents' ceiling of %s: the owner must "
                           "approve it"),
                         (long long)id,
                         money_format(s->set.refunds.agent_ceiling, s->set.currency,
                                      MONEY_SYMBOL | MONEY_GROUP, m, sizeof m));
        return finish(s, &r, rc, err);
    }
    struct refund before = r;
    before.reviewed_by = NULL; /* not freed twice: before shares r's strings */
    int64_t now = clock_now();
    r.status = refund_step_result(r.kind, approve ? STEP_APPROVE : STEP_REJECT);
    r.reviewed_at = now;
    char *who = xstrdup(s->who), *n = xstrdup(note ? note : "");
    free(r.reviewed_by);
    free(r.review_note);
    r.reviewed_by = who;
    r.review_note = n;
    if (r.status == REFUND_APPROVED)
        r.ready_at = now;
    json_object *x = json_object_new_object();
    if (note && *note)
        json_object_object_add(x, "note", json_object_new_string(note));
    rc = store_refund_update(s->st, &r, err);
    if (!rc)
        rc = audit_refund(s, approve ? "refund.approve" : "refund.reject", &before, &r, currency,
                          x, err);
    json_object_put(x);
    return finish(s, &r, rc, err);
}

int refund_approve(struct session *s, int64_t id, const char *note, struct sd_err *err)
{
    return review(s, id, note, true, err);
}

int refund_reject(struct session *s, int64_t id, const char *note, struct sd_err *err)
{
    return review(s, id, note, false, err);
}

int refund_withdraw(struct session *s, int64_t id, const char *note, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_REQUEST, err);
    if (rc)
        return rc;
    struct refund r;
    char currency[4];
    if ((rc = load_for(s, id, STEP_WITHDRAW, &r, currency, err)))
        return rc;
    struct refund before = r;
    r.status = REFUND_WITHDRAWN;
    r.ready_at = 0;
    json_object *x = json_object_new_object();
    if (note && *note)
        json_object_object_add(x, "note", json_object_new_string(note));
    rc = store_refund_update(s->st, &r, err);
    if (!rc)
        rc = audit_refund(s, "refund.cancel", &before, &r, currency, x, err);
    json_object_put(x);
    return finish(s, &r, rc, err);
}

/* Which request a code means, and why not when none can be received. */
static int find_receivable(struct session *s, const char *code, int64_t *id, struct sd_err *err)
{
    int64_t ids[16];
    int n = 0;
    int rc = store_refunds_for_code(s->st, code, ids, 16, &n, err);
    if (rc)
        return rc;
    int64_t best = 0;
    struct refund why = {0};
    bool have_why = false;
    /* the oldest request waiting for its parcel */
    for (int i = n - 1; i >= 0; i--) {
        struct refund r;
        if (store_refund_get(s->st, ids[i], &r, NULL))
            continue;
        if (r.status == REFUND_AWAITING_RETURN && !best) {
            best = r.id;
            refund_clear(&r);
        } else if (!have_why) {
            why = r;
            have_why = true;
        } else {
            refund_clear(&r);
        }
    }
    if (best) {
        refund_clear(&why);
        *id = best;
        return SD_OK;
    }
    if (!have_why) {
        int64_t oid[2];
        int found = 0;
        store_order_lookup(s->st, code, oid, 2, &found, NULL);
        if (found)
            return sd_fail(err, SD_NOT_FOUND, _("NO RETURN REQUEST for this order: not recorded"));
        return sd_fail(err, SD_NOT_FOUND,
                       _("UNKNOWN CODE: no order or return has this number: not recorded"));
    }
    char when[32];
    switch (why.status) {
    case REFUND_RECEIVED:
    case REFUND_PAID:
    case REFUND_EXCHANGED:
        if (why.received_at) {
            time_format_local(why.received_at, when);
            rc = sd_fail(err, SD_CONFLICT,
                         _("ALREADY RECEIVED at %s by %s (refund #%lld): not recorded again"),
                         when, why.received_by, (long long)why.id);
        } else {
            rc = sd_fail(err, SD_CONFLICT,
                         _("NO PARCEL EXPECTED: refund #%lld was a refund without goods back"),
                         (long long)why.id);
        }
        break;
    case REFUND_REQUESTED:
        rc = sd_fail(err, SD_CONFLICT,
                     _("NOT APPROVED YET: refund #%lld waits for review: not recorded"),
                     (long long)why.id);
        break;
    case REFUND_APPROVED:
        rc = sd_fail(err, SD_CONFLICT,
                     _("NO PARCEL EXPECTED: refund #%lld is a refund without goods back"),
                     (long long)why.id);
        break;
    default:
        rc = sd_fail(err, SD_CONFLICT, _("refund #%lld was %s: not recorded"), (long long)why.id,
                     refund_status_label(why.status));
    }
    refund_clear(&why);
    return rc;
}

int refund_receivable(struct session *s, const char *code, int64_t *id, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_RECEIVE, err);
    if (rc)
        return rc;
    return find_receivable(s, code, id, err);
}

int refund_parcel(struct session *s, int64_t id, struct parcel_facts *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_REFUND_RECEIVE, err);
    if (rc)
        return rc;
    struct refund r;
    if ((rc = store_refund_get(s->st, id, &r, err)))
        return rc;
    struct order o;
    if (store_order_get(s->st, r.order_id, &o, NULL) == SD_OK) {
        utf8_copy(out->order, sizeof out->order, o.number);
        order_clear(&o);
    }
    int reason = refund_reason_parse(r.reason);
    utf8_copy(out->reason, sizeof out->reason,
              reason >= 0 ? refund_reason_label((enum refund_reason)reason) : r.reason);
    utf8_copy(out->claim, sizeof out->claim, r.note ? r.note : "");
    struct refund_line *lines = NULL;
    size_t n = 0;
    if (store_refund_lines(s->st, id, &lines, &n, NULL) == SD_OK) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n; i++)
            sb_addf(&sb, "%s%s %s \xc3\x97%lld", i ? "; " : "", lines[i].sku, lines[i].title,
                    (long long)lines[i].qty);
        utf8_copy(out->lines, sizeof out->lines, sb_str(&sb));
        sb_free(&sb);
        free(lines);
    }
    refund_clear(&r);
    return SD_OK;
}

/* What came back goes where its grade says (returned goods are never sold as new again):
 * 1 resaleable → open-box, 2 defective → defective, 3 wrong item → the SKU that came back,
 * as open-box, 4 empty or short → nothing. What came back is the request's lines, or the
 * order's when the request names none; lines without a SKU are not stock. */
static int put_back(struct session *s, const struct refund *r, int condition,
                    const char *came_back, json_object *x, struct sd_err *err)
{
    bool other = false;
    enum return_goods goods = return_goods_of(condition, &other);
    if (goods == GOODS_NONE)
        return SD_OK;
    enum stock_condition c = goods == GOODS_OPEN_BOX ? STOCK_OPEN_BOX : STOCK_DEFECTIVE;
    struct refund_line *rl = NULL;
    size_t nrl = 0;
    int rc = store_refund_lines(s->st, r->id, &rl, &nrl, err);
    if (rc)
        return rc;
    struct order_line *ol = NULL;
    size_t nol = 0;
    if (!nrl && (rc = store_order_lines(s->st, r->order_id, &ol, &nol, err))) {
        free(rl);
        return rc;
    }
    size_t n = nrl ? nrl : nol;
    int64_t units = 0;
    json_object *moved = json_object_new_array();
    for (size_t i = 0; i < n && !rc; i++) {
        const char *sku = nrl ? rl[i].sku : ol[i].sku;
        int64_t qty = nrl ? rl[i].qty : ol[i].qty;
        units += qty;
        if (other || !sku || !*sku || qty <= 0)
            continue;
        rc = stock_move_in(s, sku, c, qty, STOCK_RETURNED, r->order_id, r->id, NULL, err);
        json_object *m = json_object_new_object();
        json_object_object_add(m, "sku", json_object_new_string(sku));
        json_object_object_add(m, "qty", json_object_new_int64(qty));
        json_object_object_add(m, "condition", json_object_new_string(stock_condition_key(c)));
        json_object_array_add(moved, m);
    }
    if (!rc && other && units > 0) {
        rc = stock_move_in(s, came_back, c, units, STOCK_RETURNED, r->order_id, r->id,
                           "wrong item", err);
        json_object *m = json_object_new_object();
        json_object_object_add(m, "sku", json_object_new_string(came_back));
        json_object_object_add(m, "qty", json_object_new_int64(units));
        json_object_object_add(m, "condition", json_object_new_string(stock_condition_key(c)));
        json_object_array_add(moved, m);
    }
    json_object_object_add(x, "stock", moved);
    free(rl);
    order_lines_free(ol, nol);
    return rc;
}

int refund_receive(struct session *s, const char *code, int condition, const char *came_back,
                   int64_t *id, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_RECEIVE, err);
    if (rc)
        return rc;
    if (condition < 1 || condition > 4)
        return sd_fail(err, SD_INPUT, "%s",
                       _("the condition is 1 resaleable, 2 defective, 3 wrong item, 4 empty or "
                         "short"));
    if (condition == 3 && (!came_back || !*came_back))
        return sd_fail(err, SD_INPUT, "%s",
                       _("a wrong item: say which SKU came back (scan or type it)"));
    if (condition == 3 && (rc = stock_sku_check(came_back, err)))
        return rc;
    if ((rc = store_begin(s->st, err)))
        return rc;
    /* all in one transaction: a second scan of the same parcel waits for the first and then
     * finds it received */
    struct refund r;
    char currency[4];
    if ((rc = find_receivable(s, code, id, err)) || (rc = load_locked(s, *id, &r, currency, err))) {
        store_rollback(s->st);
        return rc;
    }
    struct refund before = r;
    int64_t now = clock_now();
    r.status = REFUND_RECEIVED;
    r.received_at = now;
    char *who = xstrdup(s->who);
    r.received_by = who;
    r.condition = condition;
    r.ready_at = now;
    json_object *x = json_object_new_object();
    json_object_object_add(x, "condition_text",
                           json_object_new_string(return_condition_label(condition)));
    json_object_object_add(x, "code", json_object_new_string(code));
    if (condition == 4) /* nothing came in: the owner looks at it in the review */
        json_object_object_add(x, "flag", json_object_new_string("empty_or_short"));
    rc = store_refund_update(s->st, &r, err);
    if (!rc)
        rc = put_back(s, &r, condition, came_back, x, err);
    if (!rc)
        rc = audit_refund(s, "refund.receive", &before, &r, currency, x, err);
    json_object_put(x);
    free(before.received_by);
    return finish(s, &r, rc, err);
}

/* The database refused a payment beyond what the order took in: say what is left, and how
 * much of it the platform has already given back. */
static int pay_refused(struct session *s, const struct refund *r, int64_t amount, bool via,
                       const char *currency, struct sd_err *err)
{
    struct order o;
    char m1[48], m2[48], m3[48];
    if (err && strstr(err->msg, "for a line"))
        return sd_fail(err, SD_LIMIT,
                       _("refund #%lld: the books refuse it: it would pay back more for a line "
                         "than the line cost"),
                       (long long)r->id);
    if (store_order_get(s->st, r->order_id, &o, NULL) != SD_OK)
        return sd_fail(err, SD_LIMIT,
                       _("refund #%lld: the books refuse it: it would pay back more than the "
                         "order took in"),
                       (long long)r->id);
    int64_t left = o.total - o.refunded;
    int rc;
    if (o.platform_refunded > 0 && !via)
        rc = sd_fail(err, SD_LIMIT,
                     _("refund #%lld: paying %s would pay back more than order %s took in: %s "
                       "of %s is left, and the platform has already refunded %s (pay it by the "
                       "platform's refund method if that was this money)"),
                     (long long)r->id, fmt_money(s, currency, amount, m1, sizeof m1), o.number,
                     fmt_money(s, currency, left < 0 ? 0 : left, m2, sizeof m2),
                     fmt_money(s, currency, o.total, m3, sizeof m3),
                     fmt_money(s, currency, o.platform_refunded, (char[48]){0}, 48));
    else
        rc = sd_fail(err, SD_LIMIT,
                     _("refund #%lld: paying %s would pay back more than order %s took in: %s "
                       "of %s is left"),
                     (long long)r->id, fmt_money(s, currency, amount, m1, sizeof m1), o.number,
                     fmt_money(s, currency, left < 0 ? 0 : left, m2, sizeof m2),
                     fmt_money(s, currency, o.total, m3, sizeof m3));
    order_clear(&o);
    return rc;
}

/* Separation of duties: whoever approved cannot pay. A person is both the login that ran
 * shopdesk and whom an owner acted as (--as), on either side: an owner who approved cannot
 * pay --as a refunds clerk, nor approve --as an agent and then pay. */
static int duties_apart(struct session *s, const struct refund *r, struct sd_err *err)
{
    if (!r->reviewed_by || (r->auto_rule && r->auto_rule[0]))
        return SD_OK;
    char real[64] = "", acted[64] = "", idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)r->id);
    if (store_audit_actor(s->st, "refund.approve", "refund", idt, real, acted, NULL) != SD_OK)
        snprintf(real, sizeof real, "%s", r->reviewed_by);
    const char *approvers[] = {r->reviewed_by, real, acted};
    const char *payers[] = {s->login, s->who};
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 2; k++)
            if (approvers[i][0] && !strcmp(approvers[i], payers[k])) {
                if (!strcmp(s->who, r->reviewed_by))
                    return sd_fail(err, SD_FORBIDDEN,
                                   _("you approved refund #%lld: someone else must pay it "
                                     "(separation of duties)"),
                                   (long long)r->id);
                if (!real[0] || !strcmp(real, r->reviewed_by))
                    return sd_fail(err, SD_FORBIDDEN,
                                   _("refund #%lld was approved by %s, who cannot also pay it, "
                                     "whoever they act as (separation of duties)"),
                                   (long long)r->id, r->reviewed_by);
                return sd_fail(err, SD_FORBIDDEN,
                               _("refund #%lld was approved by %s acting as %s: neither can pay "
                                 "it (separation of duties)"),
                               (long long)r->id, real, r->reviewed_by);
            }
    return SD_OK;
}

int refund_check(struct session *s, int64_t id, enum refund_step step, struct sd_err *err)
{
    static const enum sd_perm perms[] = {
        [STEP_APPROVE] = SD_PERM_REFUND_REVIEW, [STEP_REJECT] = SD_PERM_REFUND_REVIEW,
        [STEP_RECEIVE] = SD_PERM_REFUND_RECEIVE, [STEP_PAY] = SD_PERM_REFUND_PAY,
        [STEP_EXCHANGE] = SD_PERM_REFUND_PAY,    [STEP_WITHDRAW] = SD_PERM_REFUND_REQUEST};
    int rc = session_require(s, perms[step], err);
    if (rc)
        return rc;
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    struct refund r;
    char currency[4];
    if ((rc = load_locked(s, id, &r, currency, err))) {
        store_rollback(s->st);
        return rc;
    }
    if ((step == STEP_PAY || step == STEP_EXCHANGE) && r.status == REFUND_PAID) {
        struct payment p;
        char when[32], m[48];
        if (store_payment_of_refund(s->st, id, &p, NULL, NULL) == SD_OK) {
            time_format_local(p.at, when);
            rc = sd_fail(err, SD_CONFLICT, _("refund #%lld was already paid at %s by %s (%s, %s)"),
                         (long long)id, when, p.by, fmt_money(s, currency, p.amount, m, sizeof m),
                         p.method);
        } else {
            rc = step_refused(&r, step, err);
        }
    } else if (!refund_step_allowed(r.kind, r.status, step)) {
        rc = step_refused(&r, step, err);
    } else if (step == STEP_PAY && s->set.refunds.separation_of_duties) {
        rc = duties_apart(s, &r, err);
    } else if (step == STEP_APPROVE && r.needs_owner && !(s->roles & SD_ROLE_OWNER)) {
        char m[48];
        rc = sd_fail(err, SD_FORBIDDEN,
                     _("refund #%lld is above the agents' ceiling of %s: the owner must approve "
                       "it"),
                     (long long)id,
                     money_format(s->set.refunds.agent_ceiling, s->set.currency,
                                  MONEY_SYMBOL | MONEY_GROUP, m, sizeof m));
    }
    refund_clear(&r);
    store_rollback(s->st);
    return rc;
}

int refund_pay(struct session *s, int64_t id, int64_t amount, const char *method,
               const char *reference, struct payment *out, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_PAY, err);
    if (rc)
        return rc;
    if (!method || !*method)
        return sd_fail(err, SD_INPUT, "%s", _("say how the money was paid (--method)"));
    struct refund r;
    char currency[4];
    if ((rc = store_begin(s->st, err)))
        return rc;
    if ((rc = load_locked(s, id, &r, currency, err))) {
        store_rollback(s->st);
        return rc;
    }
    /* a second press, a second person, or the same command again after a lost answer: the
     * writes are serialised, and whoever comes second finds it paid */
    if (r.status == REFUND_PAID) {
        struct payment p;
        char when[32], m[48];
        store_payment_of_refund(s->st, id, &p, NULL, NULL);
        time_format_local(p.at, when);
        rc = sd_fail(err, SD_CONFLICT, _("refund #%lld was already paid at %s by %s (%s, %s)"),
                     (long long)id, when, p.by, fmt_money(s, currency, p.amount, m, sizeof m),
                     p.method);
        return finish(s, &r, rc, err);
    }
    if (!refund_step_allowed(r.kind, r.status, STEP_PAY))
        return finish(s, &r, step_refused(&r, STEP_PAY, err), err);
    if (s->set.refunds.separation_of_duties && (rc = duties_apart(s, &r, err)))
        return finish(s, &r, rc, err);
    int64_t asked = r.amount + r.shipping_amount;
    if (amount == 0)
        amount = asked;
    char m1[48], m2[48];
    if (amount < 0 || amount > asked) {
        rc = sd_fail(err, SD_LIMIT, _("paying %s is more than the %s asked"),
                     fmt_money(s, currency, amount, m1, sizeof m1),
                     fmt_money(s, currency, asked, m2, sizeof m2));
        return finish(s, &r, rc, err);
    }
    int64_t now = clock_now();
    struct payment p = {0};
    p.order_id = r.order_id;
    p.refund_id = r.id;
    p.amount = amount;
    p.goods_amount = amount < r.amount ? amount : r.amount;
    p.shipping_amount = amount - p.goods_amount;
    snprintf(p.method, sizeof p.method, "%s", method);
    snprintf(p.reference, sizeof p.reference, "%s", reference ? reference : "");
    p.at = now;
    snprintf(p.by, sizeof p.by, "%s", s->who);
    /* late is recorded, never a reason to refuse */
    p.late = r.ready_at && now > refund_deadline(s, r.ready_at);
    p.via_platform = settings_platform_method(&s->set, method);
    if ((rc = store_payment_add(s->st, &p, err))) {
        if (rc == SD_REFUSED)
            rc = pay_refused(s, &r, amount, p.via_platform, currency, err);
        return finish(s, &r, rc, err);
    }
    struct refund before = r;
    r.status = REFUND_PAID;
    r.paid_at = now;
    char *who = xstrdup(s->who);
    r.paid_by = who;
    json_object *x = json_object_new_object();
    json_object_object_add(x, "method", json_object_new_string(method));
    json_object_object_add(x, "reference", json_object_new_string(p.reference));
    json_object_object_add(x, "paid", json_object_new_int64(amount));
    /* the timeline reads what was paid, which may be less than what was asked */
    char paid_text[48];
    json_object_object_add(x, "amount_text",
                           json_object_new_string(fmt_money(s, currency, amount, paid_text,
                                                            sizeof paid_text)));
    json_object_object_add(x, "late", json_object_new_boolean(p.late));
    rc = store_refund_update(s->st, &r, err);
    if (!rc)
        rc = audit_refund(s, "refund.pay", &before, &r, currency, x, err);
    json_object_put(x);
    free(before.paid_by);
    if (!rc && out)
        *out = p;
    return finish(s, &r, rc, err);
}

int refund_exchange(struct session *s, int64_t id, int64_t *replacement, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_PAY, err);
    if (rc)
        return rc;
    struct refund r;
    char currency[4];
    if ((rc = load_for(s, id, STEP_EXCHANGE, &r, currency, err)))
        return rc;
    struct order o;
    struct order_line *ol = NULL;
    size_t nol = 0;
    struct refund_line *rl = NULL;
    size_t nrl = 0;
    if ((rc = store_order_get(s->st, r.order_id, &o, err)))
        return finish(s, &r, rc, err);
    if ((rc = store_order_lines(s->st, o.id, &ol, &nol, err)) ||
        (rc = store_refund_lines(s->st, r.id, &rl, &nrl, err)))
        goto out;
    /* the replacement: what came back, or the whole order; no charge */
    size_t n = nrl ? nrl : nol;
    struct order_line *lines = xcalloc(n ? n : 1, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        if (nrl) {
            lines[i].sku = rl[i].sku;
            lines[i].title = rl[i].title;
            lines[i].qty = rl[i].qty;
        } else {
            lines[i] = ol[i];
        }
        lines[i].line_no = (int)i + 1;
        lines[i].price = lines[i].total = 0;
    }
    char number[96];
    snprintf(number, sizeof number, "%s-X%lld", o.number, (long long)r.id);
    int64_t now = clock_now();
    struct order x = {
        .platform = "exchange",
        .number = number,
        .status = ORDER_PAID,
        .member_id = o.member_id,
        .buyer = o.buyer,
        .receiver = o.receiver,
        .phone = o.phone,
        .address = o.address,
        .currency = o.currency,
        .created_at = now,
        .paid_at = now,
        .note = "",
    };
    x.promise_by = order_promise_by(&s->set, &x, lines, n);
    rc = store_order_insert(s->st, &x, lines, n, err);
    free(lines);
    if (rc)
        goto out;
    struct refund before = r;
    r.status = REFUND_EXCHANGED;
    r.replacement_order_id = x.id;
    json_object *j = json_object_new_object();
    json_object_object_add(j, "replacement", json_object_new_string(number));
    rc = audit_refund(s, "refund.exchange", &before, &r, currency, j, err);
    if (!rc) {
        char idt[24];
        snprintf(idt, sizeof idt, "%lld", (long long)x.id);
        rc = session_audit(s, "order.create", "order", idt, x.id, NULL, j, err);
    }
    json_object_put(j);
    if (!rc)
        rc = store_refund_update(s->st, &r, err);
    if (!rc)
        *replacement = x.id;
out:
    free(rl);
    order_lines_free(ol, nol);
    order_clear(&o);
    return finish(s, &r, rc, err);
}

int refund_reverse(struct session *s, int64_t id, const char *note, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REFUND_REVERSE, err);
    if (rc)
        return rc;
    if (!note || !*note)
        return sd_fail(err, SD_INPUT, "%s", _("a reversal needs a note saying why"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct refund r;
    if ((rc = store_refund_get(s->st, id, &r, err))) {
        store_rollback(s->st);
        return rc == SD_NOT_FOUND ? sd_fail(err, SD_NOT_FOUND, _("no refund request #%lld"),
                                            (long long)id)
                                  : rc;
    }
    struct payment p;
    bool reversed = false;
    if (r.status != REFUND_PAID ||
        store_payment_of_refund(s->st, id, &p, &reversed, NULL) != SD_OK) {
        rc = sd_fail(err, SD_CONFLICT, _("refund #%lld is not paid: there is nothing to reverse"),
                     (long long)id);
        return finish(s, &r, rc, err);
    }
    if (reversed) {
        rc = sd_fail(err, SD_CONFLICT, _("refund #%lld was already reversed"), (long long)id);
        return finish(s, &r, rc, err);
    }
    struct payment rev = {0};
    rev.order_id = p.order_id;
    rev.refund_id = id;
    rev.reversal = true;
    rev.amount = -p.amount;
    rev.goods_amount = -p.goods_amount;
    rev.shipping_amount = -p.shipping_amount;
    snprintf(rev.method, sizeof rev.method, "%s", p.method);
    snprintf(rev.reference, sizeof rev.reference, "%s", note);
    rev.at = clock_now();
    snprintf(rev.by, sizeof rev.by, "%s", s->who);
    rev.reverses = p.id;
    if ((rc = store_payment_add(s->st, &rev, err)))
        return finish(s, &r, rc, err);
    json_object *j = json_object_new_object();
    json_object_object_add(j, "note", json_object_new_string(note));
    json_object_object_add(j, "reversed", json_object_new_int64(p.amount));
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)id);
    rc = session_audit(s, "refund.reverse", "refund", idt, r.order_id, NULL, j, err);
    json_object_put(j);
    return finish(s, &r, rc, err);
}

int refund_detail(struct session *s, int64_t id, struct detail *d, struct sd_err *err)
{
    struct refund r;
    int rc = store_refund_get(s->st, id, &r, err);
    if (rc)
        return rc == SD_NOT_FOUND ? sd_fail(err, SD_NOT_FOUND, _("no refund request #%lld"),
                                            (long long)id)
                                  : rc;
    struct order o;
    if ((rc = store_order_get(s->st, r.order_id, &o, err))) {
        refund_clear(&r);
        return rc;
    }
    char m[48], when[32];
    int64_t now = clock_now();
    /* L10N: title of a refund's detail view: "Refund #12 · order 1930679858170647" */
    detail_title(d, _("Refund #%lld \xc2\xb7 order %s"), (long long)r.id, o.number);
    detail_heading(d, _("Request"));
    detail_field(d, _("Kind"), TONE_NORMAL, "%s", refund_kind_label(r.kind));
    detail_field(d, _("Status"), TONE_NORMAL, "%s", refund_status_label(r.status));
    detail_field(d, _("Amount"), TONE_MONEY_OUT, "%s",
                 fmt_money(s, o.currency, r.amount + r.shipping_amount, m, sizeof m));
    if (r.shipping_amount)
        detail_field(d, _("of which shipping"), TONE_NORMAL, "%s",
                     fmt_money(s, o.currency, r.shipping_amount, m, sizeof m));
    int code = refund_reason_parse(r.reason);
    detail_field(d, _("Reason"), TONE_NORMAL, "%s",
                 code >= 0 ? refund_reason_label((enum refund_reason)code) : r.reason);
    if (r.note[0])
        detail_field(d, _("Note"), TONE_NORMAL, "%s", r.note);
    time_format_local(r.requested_at, when);
    detail_field(d, _("Requested"), TONE_NORMAL, "%s  %s", when, r.requested_by);
    if (r.duplicate_of)
        detail_field(d, _("Duplicate?"), TONE_WARNING, _("another request #%lld is open"),
                     (long long)r.duplicate_of);
    if (r.needs_owner)
        detail_field(d, _("Approval"), TONE_WARNING, "%s", _("above the agents' ceiling: owner"));
    struct refund_line *rl = NULL;
    size_t nrl = 0;
    if (store_refund_lines(s->st, r.id, &rl, &nrl, NULL) == SD_OK && nrl) {
        detail_heading(d, _("Lines"));
        for (size_t i = 0; i < nrl; i++)
            detail_text(d, TONE_NORMAL, "  %-12s %s \xc3\x97 %lld  %s", rl[i].sku, rl[i].title,
                        (long long)rl[i].qty,
                        fmt_money(s, o.currency, rl[i].amount, m, sizeof m));
    }
    free(rl);
    struct strbuf flags = STRBUF_INIT;
    if (refund_is_open(r.status))
        refund_risk(s, o.id, code >= 0 ? (enum refund_reason)code : REASON_OTHER, r.kind, &flags,
                    NULL, NULL);
    if (flags.len) {
        detail_heading(d, _("Risk flags"));
        char *text = sb_detach(&flags), *save = NULL;
        for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            detail_text(d, TONE_WARNING, "  ! %s", l);
        free(text);
    }
    sb_free(&flags);
    detail_heading(d, _("Progress"));
    if (r.reviewed_at) {
        time_format_local(r.reviewed_at, when);
        if (r.auto_rule[0])
            detail_field(d, _("Approved"), TONE_OK, _("%s  by the rule \"%s\""), when, r.auto_rule);
        else
            detail_field(d, r.status == REFUND_REJECTED ? _("Rejected") : _("Approved"),
                         TONE_NORMAL, "%s  %s  %s", when, r.reviewed_by, r.review_note);
    }
    if (r.received_at) {
        time_format_local(r.received_at, when);
        detail_field(d, _("Parcel received"), TONE_NORMAL, "%s  %s  (%s)", when, r.received_by,
                     return_condition_label(r.condition));
    } else if (r.status == REFUND_AWAITING_RETURN) {
        detail_field(d, _("Parcel"), TONE_NORMAL, "%s %s", _("waiting for it"), r.return_tracking);
    }
    if (r.ready_at && refund_is_open(r.status)) {
        char left[32];
        int64_t secs = refund_deadline(s, r.ready_at) - now;
        countdown_format(secs, left);
        detail_field(d, _("To pay within"), secs < 0 ? TONE_ALARM : TONE_NORMAL, "%s%s", left,
                     secs < 0 ? _(" (overdue)") : "");
    }
    struct payment p;
    bool reversed = false;
    if (store_payment_of_refund(s->st, r.id, &p, &reversed, NULL) == SD_OK) {
        time_format_local(p.at, when);
        detail_field(d, _("Paid"), p.late ? TONE_WARNING : TONE_OK, "%s  %s  %s  %s %s%s", when,
                     p.by, fmt_money(s, o.currency, p.amount, m, sizeof m), p.method, p.reference,
                     p.late ? _(" (late)") : "");
        if (reversed)
            detail_field(d, _("Reversed"), TONE_WARNING, "%s", _("the payment was reversed"));
    }
    if (r.replacement_order_id) {
        struct order x;
        if (store_order_get(s->st, r.replacement_order_id, &x, NULL) == SD_OK) {
            detail_field(d, _("Replacement"), TONE_NORMAL, "%s", x.number);
            order_clear(&x);
        }
    }
    detail_heading(d, _("Timeline"));
    rc = timeline_add(s, o.id, d, err);
    order_clear(&o);
    refund_clear(&r);
    return rc;
}

void refund_queue_advance(const struct session *s, int64_t adv[TIER_MAX])
{
    for (int t = 0; t < TIER_MAX; t++)
        adv[t] = t < s->set.tiers.n ? (int64_t)s->set.tiers.tiers[t].benefits.queue_priority_minutes * 60
                                    : 0;
}
