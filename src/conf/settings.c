#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/settings.h"
#include "conf/ydoc.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The shipped tiers suit a small new shop: a repeat buyer is already a Regular, so the rules
 * do something on the first day. Kept in step with data/shop.yaml (test_shipped checks). */
static void tier_defaults(struct tier_config *c)
{
    static const struct {
        const char *name;
        struct tier_rule enter, keep;
        struct tier_benefits b;
    } d[] = {
        {"Newcomer", {-1, -1, -1}, {-1, -1, -1}, {0, 0, 0, 0, 0}},
        {"Regular", {2, -1, -1}, {1, -1, -1}, {0, 0, 0, 0, 0}},
        {"Silver", {4, 80000, -1}, {2, -1, -1}, {1, 5000, 500, 0, 0}},
        {"Gold", {8, 200000, 90}, {4, 100000, -1}, {3, 15000, 1000, 30, 15}},
    };
    memset(c, 0, sizeof *c);
    c->window_days = 365;
    c->grace_days = 30;
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        struct tier_def *t = &c->tiers[c->n++];
        t->name = xstrdup(d[i].name);
        t->enter = d[i].enter;
        t->keep = d[i].keep;
        t->benefits = d[i].b;
    }
}

static void gift_defaults(struct gift_config *c)
{
    static const struct {
        const char *name;
        enum gift_when when;
        int tier, within, day;
        const char *sku, *title;
        int64_t cost;
    } d[] = {
        {"welcome to Silver", GIFT_TIER, 2, 0, 0, "GIFT-SILVER", "银卡礼盒", 1500},
        {"welcome to Gold", GIFT_TIER, 3, 0, 0, "GIFT-GOLD", "金卡礼盒", 3000},
        {"birthday", GIFT_BIRTHDAY, 1, 7, 0, "GIFT-BDAY", "生日礼物", 2500},
        {"VIP day", GIFT_MONTHLY, 3, 0, 18, "GIFT-VIP", "会员日小样", 1000},
    };
    memset(c, 0, sizeof *c);
    c->budget_per_month = 200000;
    c->n = sizeof d / sizeof d[0];
    c->rules = xcalloc(c->n, sizeof *c->rules);
    for (size_t i = 0; i < c->n; i++) {
        struct gift_rule *r = &c->rules[i];
        r->name = xstrdup(d[i].name);
        r->when = d[i].when;
        r->tier = d[i].tier;
        r->within_days = d[i].within;
        r->day = d[i].day;
        r->sku = xstrdup(d[i].sku);
        r->title = xstrdup(d[i].title);
        r->cost = d[i].cost;
        r->order_status = -1;
    }
}

void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    s->name = xstrdup("My shop");
    s->currency = currency_find("CNY");
    s->timezone = xstrdup("Asia/Shanghai");
    s->refunds.sla_minutes = 5;
    s->refunds.return_window_days = 7;
    s->refunds.separation_of_duties = true;
    s->refunds.agent_ceiling = 50000;
    static const char *const methods[] = {"支付宝", "微信支付", "银行转账", "平台退款", "现金"};
    s->refunds.nmethods = sizeof methods / sizeof methods[0];
    s->refunds.methods = xcalloc(s->refunds.nmethods, sizeof *s->refunds.methods);
    for (size_t i = 0; i < s->refunds.nmethods; i++)
        s->refunds.methods[i] = xstrdup(methods[i]);
    s->refunds.nplatform = 1;
    s->refunds.platform_methods = xcalloc(1, sizeof *s->refunds.platform_methods);
    s->refunds.platform_methods[0] = xstrdup("平台退款");
    s->orders.wave_size = 5;
    s->orders.ship_bands[0] = 30;
    s->orders.ship_bands[1] = 180;
    s->orders.ship_bands[2] = 360;
    s->orders.unshipped_hours[0] = 24;
    s->orders.unshipped_hours[1] = 48;
    static const char *const couriers[] = {"顺丰速运", "中通快递", "圆通速递", "韵达快递",
                                           "申通快递", "京东物流", "EMS"};
    s->orders.ncouriers = sizeof couriers / sizeof couriers[0];
    s->orders.couriers = xcalloc(s->orders.ncouriers, sizeof *s->orders.couriers);
    for (size_t i = 0; i < s->orders.ncouriers; i++)
        s->orders.couriers[i] = xstrdup(couriers[i]);
    /* the numbers the big couriers print on their waybills, for a typo or a number of the
     * wrong courier to be caught when shipping (shop.yaml may change or add them) */
    static const char *const patterns[][2] = {
        {"顺丰速运", "^SF[0-9]{12,15}$"},
        {"中通快递", "^[0-9]{12,15}$"},
        {"圆通速递", "^YT[0-9]{13,16}$"},
        {"韵达快递", "^[0-9]{13,15}$"},
        {"申通快递", "^[0-9]{12,15}$"},
        {"京东物流", "^JD[0-9A-Z]{10,18}$"},
        {"EMS", "^([A-Z]{2}[0-9]{9}[A-Z]{2}|[0-9]{13})$"},
    };
    s->orders.ntrack = sizeof patterns / sizeof patterns[0];
    s->orders.track_couriers = xcalloc(s->orders.ntrack, sizeof *s->orders.track_couriers);
    s->orders.track_patterns = xcalloc(s->orders.ntrack, sizeof *s->orders.track_patterns);
    for (size_t i = 0; i < s->orders.ntrack; i++) {
        s->orders.track_couriers[i] = xstrdup(patterns[i][0]);
        s->orders.track_patterns[i] = xstrdup(patterns[i][1]);
    }
    /* 维权 (the platform steps into an after-sales case) and 投诉 (a complaint) */
    static const char *const kinds[] = {"rights", "complaint"};
    static const int hours[] = {48, 24};
    s->disputes.n = 2;
    s->disputes.kinds = xcalloc(2, sizeof *s->disputes.kinds);
    s->disputes.hours = xcalloc(2, sizeof *s->disputes.hours);
    for (size_t i = 0; i < 2; i++) {
        s->disputes.kinds[i] = xstrdup(kinds[i]);
        s->disputes.hours[i] = hours[i];
    }
    s->delivery.delivery_days = 3;
    s->chat.first_response_s = 15;
    s->chat.conversion_pct = 50;
    tier_defaults(&s->tiers);
    gift_defaults(&s->gifts);
}

static void free_names(char ***names, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free((*names)[i]);
    free(*names);
    *names = NULL;
    *n = 0;
}

static void free_methods(struct settings *s)
{
    free_names(&s->refunds.methods, &s->refunds.nmethods);
}

bool settings_platform_method(const struct settings *s, const char *method)
{
    for (size_t i = 0; method && i < s->refunds.nplatform; i++)
        if (!strcmp(s->refunds.platform_methods[i], method))
            return true;
    return false;
}

static void free_rules(struct settings *s)
{
    for (size_t i = 0; i < s->refunds.nauto; i++)
        free(s->refunds.auto_rules[i].name);
    free(s->refunds.auto_rules);
    s->refunds.auto_rules = NULL;
    s->refunds.nauto = 0;
}

static void free_patterns(struct settings *s)
{
    for (size_t i = 0; i < s->orders.ntrack; i++) {
        free(s->orders.track_couriers[i]);
        free(s->orders.track_patterns[i]);
    }
    free(s->orders.track_couriers);
    free(s->orders.track_patterns);
    s->orders.track_couriers = s->orders.track_patterns = NULL;
    s->orders.ntrack = 0;
}

const char *settings_tracking_pattern(const struct settings *s, const char *courier)
{
    for (size_t i = 0; courier && i < s->orders.ntrack; i++)
        if (!strcmp(s->orders.track_couriers[i], courier))
            return s->orders.track_patterns[i][0] ? s->orders.track_patterns[i] : NULL;
    return NULL;
}

static void free_couriers(struct settings *s)
{
    for (size_t i = 0; i < s->orders.ncouriers; i++)
        free(s->orders.couriers[i]);
    free(s->orders.couriers);
    s->orders.couriers = NULL;
    s->orders.ncouriers = 0;
}

static void free_promises(struct settings *s)
{
    for (size_t i = 0; i < s->orders.npromises; i++) {
        free(s->orders.promises[i].region);
        free(s->orders.promises[i].courier);
        free(s->orders.promises[i].sku_prefix);
    }
    free(s->orders.promises);
    s->orders.promises = NULL;
    s->orders.npromises = 0;
}

/* promises: a list of {cutoff: "HH:MM", days, region, courier, sku_prefix} */
static int parse_promises(const struct ydoc *d, const struct ynode *x, struct settings *s,
                          struct sd_err *err)
{
    static const char *const keys[] = {"cutoff", "days", "region", "courier", "sku_prefix",
                                       NULL};
    int rc;
    if ((rc = yexpect(d, x, YNODE_SEQ, "promises", err)))
        return rc;
    free_promises(s);
    s->orders.promises = xcalloc(x->n ? x->n : 1, sizeof *s->orders.promises);
    for (size_t i = 0; i < x->n; i++) {
        const struct ynode *p = x->items[i];
        struct promise_rule *r = &s->orders.promises[s->orders.npromises++];
        char *cut = NULL;
        if ((rc = yexpect(d, p, YNODE_MAP, _("a promise"), err)) ||
            (rc = ycheck_keys(d, p, keys, err)) ||
            (rc = yget_str(d, p, "cutoff", true, &cut, err)))
            return rc;
        int h, m, used = 0;
        bool ok = sscanf(cut, "%2d:%2d%n", &h, &m, &used) == 2 && cut[used] == '\0' &&
                  h >= 0 && h < 24 && m >= 0 && m < 60;
        free(cut);
        if (!ok)
            return yfail(d, ymap_get(p, "cutoff"), err, "%s",
                         _("a cut-off is a time of day, HH:MM (\"11:00\")"));
        r->cutoff = h * 60 + m;
        int64_t v = 0;
        if ((rc = yget_int(d, p, "days", false, 0, 30, &v, err)))
            return rc;
        r->days = (int)v;
        static const char *const texts[] = {"region", "courier", "sku_prefix"};
        char **dst[] = {&r->region, &r->courier, &r->sku_prefix};
        for (int k = 0; k < 3; k++) {
            if (!ymap_get(p, texts[k]))
                continue;
            if ((rc = yget_str(d, p, texts[k], true, dst[k], err)))
                return rc;
            if (!(*dst[k])[0])
                return yfail(d, ymap_get(p, texts[k]), err, _("%s is empty"), texts[k]);
        }
    }
    return SD_OK;
}

void settings_clear(struct settings *s)
{
    free(s->path);
    free(s->rates);
    free(s->name);
    free(s->timezone);
    free(s->database);
    free_couriers(s);
    free_patterns(s);
    free_promises(s);
    free_methods(s);
    free_names(&s->refunds.platform_methods, &s->refunds.nplatform);
    free_rules(s);
    free_names(&s->disputes.kinds, &s->disputes.n);
    free(s->disputes.hours);
    free_names(&s->delivery.couriers, &s->delivery.n);
    free(s->delivery.days);
    tier_config_clear(&s->tiers);
    gift_config_clear(&s->gifts);
    memset(s, 0, sizeof *s);
}

bool tz_exists(const char *name)
{
    if (!name || !*name || name[0] == '/' || strstr(name, ".."))
        return false;
    if (!strcmp(name, "UTC"))
        return true;
    const char *dir = secure_getenv("TZDIR"); /* ignored when setgid */
    char *path = path_join(dir && *dir ? dir : "/usr/share/zoneinfo", name);
    bool ok = path_exists(path) && !path_is_dir(path);
    free(path);
    return ok;
}

/* shop.rates: [{currency: USD, rate: 7.1, from: 2026-01-01}, ...]; read after the shop's
 * currency and time zone are known. */
static int parse_rates(const struct ydoc *d, const struct ynode *n, struct settings *s,
                       struct sd_err *err)
{
    static const char *const keys[] = {"currency", "rate", "from", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_SEQ, "rates", err)))
        return rc;
    free(s->rates);
    s->rates = xcalloc(n->n ? n->n : 1, sizeof *s->rates);
    s->nrates = 0;
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *r = n->items[i];
        if ((rc = yexpect(d, r, YNODE_MAP, _("a rate"), err)) ||
            (rc = ycheck_keys(d, r, keys, err)))
            return rc;
        char *code = NULL, *rate = NULL, *from = NULL;
        struct currency_rate *x = &s->rates[s->nrates];
        if ((rc = yget_str(d, r, "currency", true, &code, err)) ||
            (rc = yget_str(d, r, "rate", true, &rate, err)) ||
            (rc = yget_str(d, r, "from", true, &from, err)))
            goto next;
        struct sd_err e = {0};
        struct sd_date day;
        if (!(x->cur = currency_find(code)))
            rc = yfail(d, ymap_get(r, "currency"), err,
                       _("unknown currency '%s' (use an ISO 4217 code such as CNY or USD)"),
                       code);
        else if (x->cur == s->currency)
            rc = yfail(d, ymap_get(r, "currency"), err,
                       _("%s is the shop's own currency: it needs no rate"), code);
        else if (money_rate_parse(rate, &x->micro, &e))
            rc = yfail(d, ymap_get(r, "rate"), err, "%s", e.msg);
        else if (date_parse(from, &day, &e))
            rc = yfail(d, ymap_get(r, "from"), err, "%s", e.msg);
        else {
            x->from = date_start(day);
            s->nrates++;
        }
    next:
        free(code);
        free(rate);
        free(from);
        if (rc)
            return rc;
    }
    return SD_OK;
}

bool settings_rate(const struct settings *s, const struct currency *cur, int64_t t,
                   int64_t *micro)
{
    if (cur == s->currency) {
        *micro = 1000000;
        return true;
    }
    const struct currency_rate *best = NULL;
    for (size_t i = 0; i < s->nrates; i++)
        if (s->rates[i].cur == cur && s->rates[i].from <= t &&
            (!best || s->rates[i].from >= best->from))
            best = &s->rates[i];
    if (best)
        *micro = best->micro;
    return best != NULL;
}

bool settings_to_home(const struct settings *s, const struct currency *cur, int64_t v, int64_t t,
                      int64_t *out)
{
    int64_t micro;
    if (cur == s->currency) {
        *out = v;
        return true;
    }
    return settings_rate(s, cur, t, &micro) && money_convert(v, cur, s->currency, micro, out);
}

static int parse_shop(const struct ydoc *d, const struct ynode *n, struct settings *s,
                      struct sd_err *err)
{
    static const char *const keys[] = {"name", "currency", "timezone", "rates", "database", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "shop", err)))
        return rc;
    /* first: where the shop is, known even when what follows is wrong */
    /* a PostgreSQL database instead of shop.db beside this file */
    if ((rc = yget_str(d, n, "database", false, &s->database, err)))
        return rc;
    if (s->database && !store_target_is_server(s->database))
        return yfail(d, ymap_get(n, "database"), err,
                     _("database names a PostgreSQL database (postgresql://HOST/NAME or "
                       "\"dbname=NAME\"); leave it out for the shop's own shop.db"));
    if ((rc = ycheck_keys(d, n, keys, err)))
        return rc;
    if ((rc = yget_str(d, n, "name", false, &s->name, err)))
        return rc;
    if (!s->name[0])
        return yfail(d, ymap_get(n, "name"), err, _("the shop needs a name"));
    char *code = NULL;
    if ((rc = yget_str(d, n, "currency", false, &code, err)))
        return rc;
    if (code) {
        const struct currency *c = currency_find(code);
        if (!c) {
            rc = yfail(d, ymap_get(n, "currency"), err,
                       _("unknown currency '%s' (use an ISO 4217 code such as CNY or USD)"), code);
            free(code);
            return rc;
        }
        s->currency = c;
        free(code);
    }
    if ((rc = yget_str(d, n, "timezone", false, &s->timezone, err)))
        return rc;
    if (!tz_exists(s->timezone))
        return yfail(d, ymap_get(n, "timezone"), err,
                     _("unknown time zone '%s' (for example Asia/Shanghai)"), s->timezone);
    const struct ynode *rates = ymap_get(n, "rates");
    if (rates) {
        /* "from" is a shop day: read in the shop's zone */
        tz_use(s->timezone);
        if ((rc = parse_rates(d, rates, s, err)))
            return rc;
    }
    return SD_OK;
}

static int parse_rule(const struct ydoc *d, const struct ynode *n, const struct currency *cur,
                      struct auto_rule *r, struct sd_err *err)
{
    static const char *const keys[] = {
        "name", "kind", "max_amount", "min_tier", "max_refund_rate", "reasons", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, _("an auto-approve rule"), err)) ||
        (rc = ycheck_keys(d, n, keys, err)) || (rc = yget_str(d, n, "name", true, &r->name, err)))
        return rc;
    r->kind = -1;
    const struct ynode *k = ymap_get(n, "kind");
    if (k) {
        if (k->kind != YNODE_SCALAR || (strcmp(k->value, "any") && refund_kind_parse(k->value) < 0))
            return yfail(d, k, err, _("kind must be refund, return, exchange or any"));
        r->kind = strcmp(k->value, "any") ? refund_kind_parse(k->value) : -1;
    }
    if ((rc = yget_money(d, n, "max_amount", true, cur, &r->max_amount, err)))
        return rc;
    int64_t v = 0;
    if ((rc = yget_int(d, n, "min_tier", false, 0, 9, &v, err)))
        return rc;
    r->min_tier = (int)v;
    v = -1;
    if ((rc = yget_int(d, n, "max_refund_rate", false, 0, 100, &v, err)))
        return rc;
    r->max_refund_rate = (int)v;
    const struct ynode *rs = ymap_get(n, "reasons");
    if (rs) {
        if ((rc = yexpect(d, rs, YNODE_SEQ, "reasons", err)))
            return rc;
        for (size_t i = 0; i < rs->n; i++) {
            int code =
                rs->items[i]->kind == YNODE_SCALAR ? refund_reason_parse(rs->items[i]->value) : -1;
            if (code < 0)
                return yfail(d, rs->items[i], err, _("unknown reason (%s)"), refund_reason_keys());
            r->reasons |= 1u << code;
        }
    }
    return SD_OK;
}

static int parse_refunds(const struct ydoc *d, const struct ynode *n, struct settings *s,
                         struct sd_err *err)
{
    static const char *const keys[] = {
        "sla_minutes", "separation_of_duties", "agent_ceiling", "auto_approve", "methods",
        "platform_methods", "return_window_days", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "refunds", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    int64_t v = s->refunds.sla_minutes;
    if ((rc = yget_int(d, n, "sla_minutes", false, 1, 7 * 24 * 60, &v, err)))
        return rc;
    s->refunds.sla_minutes = (int)v;
    v = s->refunds.return_window_days;
    if ((rc = yget_int(d, n, "return_window_days", false, 1, 3660, &v, err)))
        return rc;
    s->refunds.return_window_days = (int)v;
    if ((rc =
             yget_bool(d, n, "separation_of_duties", false, &s->refunds.separation_of_duties, err)))
        return rc;
    const struct ynode *c = ymap_get(n, "agent_ceiling");
    if (c && c->kind == YNODE_SCALAR && c->plain &&
        (!strcmp(c->value, "none") || !strcmp(c->value, "~") || !strcmp(c->value, "null"))) {
        s->refunds.agent_ceiling = -1;
    } else if ((rc = yget_money(d, n, "agent_ceiling", false, s->currency,
                                &s->refunds.agent_ceiling, err))) {
        return rc;
    }
    const struct ynode *a = ymap_get(n, "auto_approve");
    if (a) {
        if ((rc = yexpect(d, a, YNODE_SEQ, "auto_approve", err)))
            return rc;
        free_rules(s);
        s->refunds.auto_rules = xcalloc(a->n ? a->n : 1, sizeof *s->refunds.auto_rules);
        for (size_t i = 0; i < a->n; i++) {
            struct auto_rule *r = &s->refunds.auto_rules[s->refunds.nauto++];
            if ((rc = parse_rule(d, a->items[i], s->currency, r, err)))
                return rc;
        }
    }
    const struct ynode *m = ymap_get(n, "methods");
    if (m) {
        if ((rc = yexpect(d, m, YNODE_SEQ, "methods", err)))
            return rc;
        free_methods(s);
        s->refunds.methods = xcalloc(m->n ? m->n : 1, sizeof *s->refunds.methods);
        for (size_t i = 0; i < m->n; i++) {
            if (m->items[i]->kind != YNODE_SCALAR || !m->items[i]->value[0])
                return yfail(d, m->items[i], err, _("a payment method must be a name"));
            s->refunds.methods[s->refunds.nmethods++] = xstrdup(m->items[i]->value);
        }
    }
    const struct ynode *pm = ymap_get(n, "platform_methods");
    if (pm) {
        if ((rc = yexpect(d, pm, YNODE_SEQ, "platform_methods", err)))
            return rc;
        free_names(&s->refunds.platform_methods, &s->refunds.nplatform);
        s->refunds.platform_methods = xcalloc(pm->n ? pm->n : 1, sizeof *s->refunds.platform_methods);
        for (size_t i = 0; i < pm->n; i++) {
            if (pm->items[i]->kind != YNODE_SCALAR || !pm->items[i]->value[0])
                return yfail(d, pm->items[i], err, _("a payment method must be a name"));
            s->refunds.platform_methods[s->refunds.nplatform++] = xstrdup(pm->items[i]->value);
        }
    }
    return SD_OK;
}

/* A list of whole numbers, strictly increasing, each in [min, max]. */
static int int_list(const struct ydoc *d, const struct ynode *n, const char *what, int *out,
                    size_t count, int64_t min, int64_t max, struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, n, YNODE_SEQ, what, err)))
        return rc;
    if (n->n != count)
        return yfail(d, n, err, _("%s needs %zu numbers"), what, count);
    for (size_t i = 0; i < count; i++) {
        int64_t v;
        if ((rc = ynode_int(d, n->items[i], min, max, &v, err)))
            return rc;
        if (i > 0 && v <= out[i - 1])
            return yfail(d, n->items[i], err, _("%s must increase"), what);
        out[i] = (int)v;
    }
    return SD_OK;
}

/* disputes: {answer_within_hours: {KIND: HOURS, ...}}: the kinds a shop records, each with
 * the hours its platform gives to answer */
static int parse_disputes(const struct ydoc *d, const struct ynode *n, struct settings *s,
                          struct sd_err *err)
{
    static const char *const keys[] = {"answer_within_hours", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "disputes", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    const struct ynode *h = ymap_get(n, "answer_within_hours");
    if (!h)
        return SD_OK;
    if ((rc = yexpect(d, h, YNODE_MAP, "answer_within_hours", err)))
        return rc;
    if (!h->n)
        return yfail(d, h, err, _("answer_within_hours names no kind of dispute"));
    char **kinds = xcalloc(h->n, sizeof *kinds);
    int *hours = xcalloc(h->n, sizeof *hours);
    size_t k = 0;
    for (; k < h->n; k++) {
        const char *key = h->keys[k]->value;
        int64_t v;
        if (!*key || strlen(key) > 32 || strchr(key, ',')) {
            rc = yfail(d, h->keys[k], err, _("a kind of dispute is a word of up to 32 bytes"));
            break;
        }
        if ((rc = ynode_int(d, h->items[k], 1, 24 * 60, &v, err)))
            break;
        kinds[k] = xstrdup(key);
        hours[k] = (int)v;
    }
    if (rc) {
        free_names(&kinds, &k);
        free(hours);
        return rc;
    }
    free_names(&s->disputes.kinds, &s->disputes.n);
    free(s->disputes.hours);
    s->disputes.kinds = kinds;
    s->disputes.hours = hours;
    s->disputes.n = k;
    return SD_OK;
}

/* couriers: {delivery_days: N, by_courier: {NAME: N}}: how soon after shipping a parcel is
 * to be delivered, for the couriers report's "on time" */
static int parse_couriers(const struct ydoc *d, const struct ynode *n, struct settings *s,
                          struct sd_err *err)
{
    static const char *const keys[] = {"delivery_days", "by_courier", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "couriers", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    int64_t v = s->delivery.delivery_days;
    if ((rc = yget_int(d, n, "delivery_days", false, 1, 60, &v, err)))
        return rc;
    s->delivery.delivery_days = (int)v;
    const struct ynode *b = ymap_get(n, "by_courier");
    if (!b)
        return SD_OK;
    if ((rc = yexpect(d, b, YNODE_MAP, "by_courier", err)))
        return rc;
    free_names(&s->delivery.couriers, &s->delivery.n);
    free(s->delivery.days);
    s->delivery.couriers = xcalloc(b->n ? b->n : 1, sizeof *s->delivery.couriers);
    s->delivery.days = xcalloc(b->n ? b->n : 1, sizeof *s->delivery.days);
    for (size_t i = 0; i < b->n; i++) {
        if ((rc = ynode_int(d, b->items[i], 1, 60, &v, err)))
            return rc;
        s->delivery.couriers[s->delivery.n] = xstrdup(b->keys[i]->value);
        s->delivery.days[s->delivery.n++] = (int)v;
    }
    return SD_OK;
}

int settings_delivery_days(const struct settings *s, const char *courier)
{
    for (size_t i = 0; courier && i < s->delivery.n; i++)
        if (!strcmp(s->delivery.couriers[i], courier))
            return s->delivery.days[i];
    return s->delivery.delivery_days;
}

/* chat: {first_response_seconds, conversion_percent}: the chat service's targets */
static int parse_chat(const struct ydoc *d, const struct ynode *n, struct settings *s,
                      struct sd_err *err)
{
    static const char *const keys[] = {"first_response_seconds", "conversion_percent", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "chat", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    int64_t v = s->chat.first_response_s;
    if ((rc = yget_int(d, n, "first_response_seconds", false, 1, 3600, &v, err)))
        return rc;
    s->chat.first_response_s = (int)v;
    v = s->chat.conversion_pct;
    if ((rc = yget_int(d, n, "conversion_percent", false, 1, 100, &v, err)))
        return rc;
    s->chat.conversion_pct = (int)v;
    return SD_OK;
}

int settings_dispute_hours(const struct settings *s, const char *kind)
{
    for (size_t i = 0; i < s->disputes.n; i++)
        if (!strcmp(s->disputes.kinds[i], kind))
            return s->disputes.hours[i];
    return -1;
}

void settings_dispute_kinds(const struct settings *s, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->disputes.n && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", s->disputes.kinds[i]);
}

static int parse_orders(const struct ydoc *d, const struct ynode *n, struct settings *s,
                        struct sd_err *err)
{
    static const char *const keys[] = {"wave_size",          "ship_bands_minutes",
                                       "unshipped_alert_hours", "couriers",
                                       "tracking_formats",   "promises",
                                       "stock_from_imports", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "orders", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    int64_t v = s->orders.wave_size;
    if ((rc = yget_int(d, n, "wave_size", false, 1, 500, &v, err)))
        return rc;
    s->orders.wave_size = (int)v;
    const struct ynode *x;
    if ((x = ymap_get(n, "ship_bands_minutes")) &&
        (rc = int_list(d, x, "ship_bands_minutes", s->orders.ship_bands, 3, 1, 100000, err)))
        return rc;
    if ((x = ymap_get(n, "unshipped_alert_hours")) &&
        (rc = int_list(d, x, "unshipped_alert_hours", s->orders.unshipped_hours, 2, 1, 10000, err)))
        return rc;
    if ((x = ymap_get(n, "tracking_formats"))) {
        /* courier: pattern; these replace the built-in ones (an empty pattern: no check) */
        if ((rc = yexpect(d, x, YNODE_MAP, "tracking_formats", err)))
            return rc;
        free_patterns(s);
        s->orders.track_couriers = xcalloc(x->n ? x->n : 1, sizeof *s->orders.track_couriers);
        s->orders.track_patterns = xcalloc(x->n ? x->n : 1, sizeof *s->orders.track_patterns);
        for (size_t i = 0; i < x->n; i++) {
            const struct ynode *p = x->items[i];
            if (p->kind != YNODE_SCALAR)
                return yfail(d, p, err, "%s", _("a tracking format is a regular expression"));
            regex_t re;
            if (p->value[0] && regcomp(&re, p->value, REG_EXTENDED | REG_NOSUB) != 0)
                return yfail(d, p, err, _("'%s' is not a regular expression"), p->value);
            if (p->value[0])
                regfree(&re);
            s->orders.track_couriers[s->orders.ntrack] = xstrdup(x->keys[i]->value);
            s->orders.track_patterns[s->orders.ntrack++] = xstrdup(p->value);
        }
    }
    if ((x = ymap_get(n, "promises")) && (rc = parse_promises(d, x, s, err)))
        return rc;
    if ((rc = yget_bool(d, n, "stock_from_imports", false, &s->orders.stock_from_imports, err)))
        return rc;
    if ((x = ymap_get(n, "couriers"))) {
        if ((rc = yexpect(d, x, YNODE_SEQ, "couriers", err)))
            return rc;
        free_couriers(s);
        s->orders.couriers = xcalloc(x->n ? x->n : 1, sizeof *s->orders.couriers);
        for (size_t i = 0; i < x->n; i++) {
            const struct ynode *c = x->items[i];
            if (c->kind != YNODE_SCALAR || !c->value[0])
                return yfail(d, c, err, _("a courier must be a name"));
            s->orders.couriers[s->orders.ncouriers++] = xstrdup(c->value);
        }
    }
    return SD_OK;
}

/* A tier rule: min_orders (F), min_spent (M), max_days_since_order (R). */
static int parse_tier_rule(const struct ydoc *d, const struct ynode *n, const char *what,
                           const struct currency *cur, struct tier_rule *r, struct sd_err *err)
{
    static const char *const keys[] = {"min_orders", "min_spent", "max_days_since_order", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, what, err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    r->min_frequency = r->min_monetary = -1;
    r->max_recency_days = -1;
    int64_t v = -1;
    if ((rc = yget_int(d, n, "min_orders", false, 0, 1000000, &r->min_frequency, err)) ||
        (rc = yget_money(d, n, "min_spent", false, cur, &r->min_monetary, err)) ||
        (rc = yget_int(d, n, "max_days_since_order", false, 0, 100000, &v, err)))
        return rc;
    r->max_recency_days = (int)v;
    if (r->min_frequency < 0 && r->min_monetary < 0 && r->max_recency_days < 0)
        return yfail(d, n, err, _("%s needs min_orders, min_spent or max_days_since_order"), what);
    return SD_OK;
}

static int parse_tier(const struct ydoc *d, const struct ynode *n, int index,
                      const struct currency *cur, struct tier_def *t, struct sd_err *err)
{
    static const char *const keys[] = {"name", "enter", "keep", "benefits", NULL};
    static const char *const bkeys[] = {"refund_priority_minutes", "auto_approve_up_to",
                                        "shipping_rebate", "return_window_days",
                                        "price_protection_days", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, _("a tier"), err)) || (rc = ycheck_keys(d, n, keys, err)) ||
        (rc = yget_str(d, n, "name", true, &t->name, err)))
        return rc;
    if (!t->name[0])
        return yfail(d, ymap_get(n, "name"), err, _("a tier needs a name"));
    t->enter = t->keep = (struct tier_rule){-1, -1, -1};
    const struct ynode *e = ymap_get(n, "enter"), *k = ymap_get(n, "keep");
    if (index == 0) {
        if (e || k)
            return yfail(d, e ? e : k, err,
                         _("the first tier is everyone's: it has no enter or keep rule"));
    } else {
        if (!e)
            return yfail(d, n, err, _("tier %s needs an enter rule"), t->name);
        if ((rc = parse_tier_rule(d, e, "enter", cur, &t->enter, err)))
            return rc;
        /* without a keep rule a member keeps the tier while the enter rule holds */
        t->keep = t->enter;
        if (k && (rc = parse_tier_rule(d, k, "keep", cur, &t->keep, err)))
            return rc;
    }
    const struct ynode *b = ymap_get(n, "benefits");
    if (b) {
        if ((rc = yexpect(d, b, YNODE_MAP, "benefits", err)) ||
            (rc = ycheck_keys(d, b, bkeys, err)))
            return rc;
        int64_t v = 0;
        if ((rc = yget_int(d, b, "refund_priority_minutes", false, 0, 7 * 24 * 60, &v, err)) ||
            (rc = yget_money(d, b, "auto_approve_up_to", false, cur,
                             &t->benefits.auto_approve_up_to, err)) ||
            (rc = yget_money(d, b, "shipping_rebate", false, cur, &t->benefits.shipping_rebate,
                             err)))
            return rc;
        t->benefits.queue_priority_minutes = (int)v;
        v = 0;
        if ((rc = yget_int(d, b, "return_window_days", false, 1, 3660, &v, err)))
            return rc;
        t->benefits.return_window_days = (int)v;
        v = 0;
        if ((rc = yget_int(d, b, "price_protection_days", false, 1, 365, &v, err)))
            return rc;
        t->benefits.price_protection_days = (int)v;
    }
    return SD_OK;
}

static int parse_members(const struct ydoc *d, const struct ynode *n, struct settings *s,
                         struct sd_err *err)
{
    static const char *const keys[] = {"window_days", "grace_days", "tiers", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "members", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    struct tier_config *c = &s->tiers;
    int64_t v = c->window_days;
    if ((rc = yget_int(d, n, "window_days", false, 1, 3660, &v, err)))
        return rc;
    c->window_days = (int)v;
    v = c->grace_days;
    if ((rc = yget_int(d, n, "grace_days", false, 0, 3660, &v, err)))
        return rc;
    c->grace_days = (int)v;
    const struct ynode *t = ymap_get(n, "tiers");
    if (!t)
        return SD_OK;
    if ((rc = yexpect(d, t, YNODE_SEQ, "tiers", err)))
        return rc;
    if (t->n < 1 || t->n > TIER_MAX)
        return yfail(d, t, err, _("tiers needs between 1 and %d tiers"), TIER_MAX);
    int window = c->window_days, grace = c->grace_days;
    tier_config_clear(c);
    c->window_days = window;
    c->grace_days = grace;
    for (size_t i = 0; i < t->n; i++) {
        struct tier_def *def = &c->tiers[c->n++];
        if ((rc = parse_tier(d, t->items[i], (int)i, s->currency, def, err)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->tiers[j].name, def->name))
                return yfail(d, ymap_get(t->items[i], "name"), err,
                             _("there is already a tier called %s"), def->name);
    }
    return SD_OK;
}

/* A date of a goodwill filter (a shop day: made an instant when the rule runs, in the shop's
 * time zone). */
static int yget_day(const struct ydoc *d, const struct ynode *map, const char *key,
                    struct sd_date *out, struct sd_err *err)
{
    const struct ynode *n = ymap_get(map, key);
    if (!n)
        return SD_OK;
    struct sd_err e = {0};
    if (n->kind != YNODE_SCALAR || date_parse(n->value, out, &e))
        return yfail(d, n, err, _("%s must be a date (YYYY-MM-DD)"), key);
    return SD_OK;
}

static int parse_gift_rule(const struct ydoc *d, const struct ynode *n, const struct settings *s,
                           struct gift_rule *r, struct sd_err *err)
{
    static const char *const keys[] = {"name", "when",  "tier", "min_tier", "within_days", "day",
                                       "sku",  "title", "cost", "orders",   NULL};
    static const char *const okeys[] = {"sku", "courier", "status", "platform", "from", "to", NULL};
    int rc;
    r->order_status = -1;
    if ((rc = yexpect(d, n, YNODE_MAP, _("a gift rule"), err)) ||
        (rc = ycheck_keys(d, n, keys, err)) || (rc = yget_str(d, n, "name", true, &r->name, err)) ||
        (rc = yget_str(d, n, "sku", true, &r->sku, err)) ||
        (rc = yget_str(d, n, "title", false, &r->title, err)) ||
        (rc = yget_money(d, n, "cost", false, s->currency, &r->cost, err)))
        return rc;
    if (!r->name[0])
        return yfail(d, ymap_get(n, "name"), err, _("a gift rule needs a name"));
    if (!r->sku[0])
        return yfail(d, ymap_get(n, "sku"), err, _("a gift needs a SKU"));
    if (!r->title)
        r->title = xstrdup(r->sku);
    const struct ynode *w = ymap_get(n, "when");
    int when = w && w->kind == YNODE_SCALAR ? gift_when_parse(w->value) : -1;
    if (when < 0)
        return yfail(d, w ? w : n, err,
                     _("when must be tier_reached, birthday, monthly or goodwill"));
    r->when = (enum gift_when)when;
    /* which keys belong to which kind of rule */
    const char *own[GIFT_WHEN_COUNT][3] = {
        [GIFT_TIER] = {"tier"},
        [GIFT_BIRTHDAY] = {"within_days", "min_tier"},
        [GIFT_MONTHLY] = {"day", "min_tier"},
        [GIFT_GOODWILL] = {"orders", "min_tier"},
    };
    const char *const specific[] = {"tier", "min_tier", "within_days", "day", "orders"};
    for (size_t i = 0; i < sizeof specific / sizeof specific[0]; i++) {
        const struct ynode *x = ymap_get(n, specific[i]);
        bool mine = false;
        for (int j = 0; j < 3; j++)
            if (own[r->when][j] && !strcmp(own[r->when][j], specific[i]))
                mine = true;
        if (x && !mine)
            return yfail(d, x, err, _("%s does not apply to a %s rule"), specific[i],
                         gift_when_key(r->when));
    }
    int64_t v = 0;
    switch (r->when) {
    case GIFT_TIER:
        if ((rc = yget_int(d, n, "tier", true, 1, s->tiers.n - 1, &v, err)))
            return rc;
        break;
    case GIFT_BIRTHDAY:
        v = 7;
        if ((rc = yget_int(d, n, "within_days", false, 0, 60, &v, err)))
            return rc;
        r->within_days = (int)v;
        v = 0;
        break;
    case GIFT_MONTHLY:
        v = 18;
        if ((rc = yget_int(d, n, "day", false, 1, 31, &v, err)))
            return rc;
        r->day = (int)v;
        v = 0;
        break;
    case GIFT_GOODWILL: {
        const struct ynode *o = ymap_get(n, "orders");
        if (!o)
            return yfail(d, n, err,
                         _("a goodwill rule needs orders: the orders whose buyers get "
                           "the gift"));
        if ((rc = yexpect(d, o, YNODE_MAP, "orders", err)) ||
            (rc = ycheck_keys(d, o, okeys, err)) ||
            (rc = yget_str(d, o, "sku", false, &r->order_sku, err)) ||
            (rc = yget_str(d, o, "courier", false, &r->order_courier, err)) ||
            (rc = yget_str(d, o, "platform", false, &r->order_platform, err)) ||
            (rc = yget_day(d, o, "from", &r->ordered_from, err)) ||
            (rc = yget_day(d, o, "to", &r->ordered_to, err)))
            return rc;
        const struct ynode *st = ymap_get(o, "status");
        if (st) {
            r->order_status = st->kind == YNODE_SCALAR ? order_status_parse(st->value) : -1;
            if (r->order_status < 0)
                return yfail(d, st, err, _("unknown order status"));
        }
        if (!r->order_sku && !r->order_courier && !r->order_platform && !r->ordered_from.y &&
            !r->ordered_to.y && r->order_status < 0)
            return yfail(d, o, err,
                         _("orders needs at least one of sku, courier, status, "
                           "platform, from, to"));
        break;
    }
    default:
        break;
    }
    if (r->when != GIFT_TIER &&
        (rc = yget_int(d, n, "min_tier", false, 0, s->tiers.n - 1, &v, err)))
        return rc;
    r->tier = (int)v;
    return SD_OK;
}

static int parse_gifts(const struct ydoc *d, const struct ynode *n, struct settings *s,
                       struct sd_err *err)
{
    static const char *const keys[] = {"budget_per_month", "rules", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "gifts", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    struct gift_config *c = &s->gifts;
    const struct ynode *b = ymap_get(n, "budget_per_month");
    if (b && b->kind == YNODE_SCALAR && b->plain &&
        (!strcmp(b->value, "none") || !strcmp(b->value, "~") || !strcmp(b->value, "null")))
        c->budget_per_month = -1;
    else if ((rc = yget_money(d, n, "budget_per_month", false, s->currency, &c->budget_per_month,
                              err)))
        return rc;
    const struct ynode *r = ymap_get(n, "rules");
    if (!r)
        return SD_OK;
    if ((rc = yexpect(d, r, YNODE_SEQ, "rules", err)))
        return rc;
    int64_t budget = c->budget_per_month;
    gift_config_clear(c);
    c->budget_per_month = budget;
    c->rules = xcalloc(r->n ? r->n : 1, sizeof *c->rules);
    for (size_t i = 0; i < r->n; i++) {
        struct gift_rule *g = &c->rules[c->n++];
        if ((rc = parse_gift_rule(d, r->items[i], s, g, err)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c->rules[j].name, g->name))
                return yfail(d, ymap_get(r->items[i], "name"), err,
                             _("there is already a gift rule called %s: the name is what "
                               "keeps a gift from being given twice"),
                             g->name);
    }
    return SD_OK;
}

int settings_parse(const char *label, const char *text, size_t len, struct settings *s,
                   struct sd_err *err)
{
    struct ydoc *d = NULL;
    settings_defaults(s);
    s->path = xstrdup(label);
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const keys[] = {"shop",     "refunds", "orders",   "members", "gifts",
                                       "disputes", "chat",    "couriers", NULL};
    const struct ynode *root = d->root;
    if (!root) {
        rc = yfail(d, NULL, err, _("the file is empty"));
        goto out;
    }
    if ((rc = yexpect(d, root, YNODE_MAP, _("the settings file"), err)) ||
        (rc = ycheck_keys(d, root, keys, err)))
        goto out;
    /* shop first: the currency decides how every amount below is read */
    const struct ynode *n;
    if ((n = ymap_get(root, "shop")) && (rc = parse_shop(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "refunds")) && (rc = parse_refunds(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "orders")) && (rc = parse_orders(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "disputes")) && (rc = parse_disputes(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "chat")) && (rc = parse_chat(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "couriers")) && (rc = parse_couriers(d, n, s, err)))
        goto out;
    /* members before gifts: a gift rule names a tier */
    if ((n = ymap_get(root, "members")) && (rc = parse_members(d, n, s, err)))
        goto out;
    if ((n = ymap_get(root, "gifts")) && (rc = parse_gifts(d, n, s, err)))
        goto out;
    if (!n) { /* the shipped gift rules, for the tiers this shop has */
        for (size_t i = 0; i < s->gifts.n;) {
            if (s->gifts.rules[i].tier >= s->tiers.n) {
                gift_rule_clear(&s->gifts.rules[i]);
                memmove(&s->gifts.rules[i], &s->gifts.rules[i + 1],
                        (s->gifts.n - i - 1) * sizeof *s->gifts.rules);
                s->gifts.n--;
            } else {
                i++;
            }
        }
    }
out:
    ydoc_free(&d);
    if (rc) {
        /* the rest is the defaults; where the shop's database is stays known (check reports
         * on the shop whatever else is wrong) */
        char *path = s->path, *database = s->database;
        s->path = NULL;
        s->database = NULL;
        settings_clear(s);
        settings_defaults(s);
        s->path = path;
        s->database = database;
    }
    return rc;
}

int settings_load(const char *path, struct settings *s, struct sd_err *err)
{
    char *buf;
    size_t len;
    int e = file_read(path, YDOC_MAX_FILE, &buf, &len);
    if (e) {
        settings_defaults(s);
        s->path = xstrdup(path);
        return sd_fail(err, SD_IO, _("cannot read %s: %s"), path, strerror(e));
    }
    int rc = settings_parse(path, buf, len, s, err);
    free(buf);
    return rc;
}
