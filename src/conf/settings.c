#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/settings.h"
#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    s->name = xstrdup("My shop");
    s->currency = currency_find("CNY");
    s->timezone = xstrdup("Asia/Shanghai");
    s->refunds.sla_minutes = 5;
    s->refunds.separation_of_duties = true;
    s->refunds.agent_ceiling = 50000;
    static const char *const methods[] = {"支付宝", "微信支付", "银行转账", "平台退款", "现金"};
    s->refunds.nmethods = sizeof methods / sizeof methods[0];
    s->refunds.methods = xcalloc(s->refunds.nmethods, sizeof *s->refunds.methods);
    for (size_t i = 0; i < s->refunds.nmethods; i++)
        s->refunds.methods[i] = xstrdup(methods[i]);
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
}

static void free_methods(struct settings *s)
{
    for (size_t i = 0; i < s->refunds.nmethods; i++)
        free(s->refunds.methods[i]);
    free(s->refunds.methods);
    s->refunds.methods = NULL;
    s->refunds.nmethods = 0;
}

static void free_rules(struct settings *s)
{
    for (size_t i = 0; i < s->refunds.nauto; i++)
        free(s->refunds.auto_rules[i].name);
    free(s->refunds.auto_rules);
    s->refunds.auto_rules = NULL;
    s->refunds.nauto = 0;
}

static void free_couriers(struct settings *s)
{
    for (size_t i = 0; i < s->orders.ncouriers; i++)
        free(s->orders.couriers[i]);
    free(s->orders.couriers);
    s->orders.couriers = NULL;
    s->orders.ncouriers = 0;
}

void settings_clear(struct settings *s)
{
    free(s->path);
    free(s->name);
    free(s->timezone);
    free_couriers(s);
    free_methods(s);
    free_rules(s);
    memset(s, 0, sizeof *s);
}

bool tz_exists(const char *name)
{
    if (!name || !*name || name[0] == '/' || strstr(name, ".."))
        return false;
    if (!strcmp(name, "UTC"))
        return true;
    const char *dir = getenv("TZDIR");
    char *path = path_join(dir && *dir ? dir : "/usr/share/zoneinfo", name);
    bool ok = path_exists(path) && !path_is_dir(path);
    free(path);
    return ok;
}

static int parse_shop(const struct ydoc *d, const struct ynode *n, struct settings *s,
                      struct sd_err *err)
{
    static const char *const keys[] = {"name", "currency", "timezone", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "shop", err)) || (rc = ycheck_keys(d, n, keys, err)))
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
                       _("unknown currency '%s' (use an ISO 4217 code such as CNY or USD)"),
                       code);
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
    return SD_OK;
}

static int parse_rule(const struct ydoc *d, const struct ynode *n, const struct currency *cur,
                      struct auto_rule *r, struct sd_err *err)
{
    static const char *const keys[] = {"name",    "kind",            "max_amount",
                                       "min_tier", "max_refund_rate", "reasons",
                                       NULL};
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
            int code = rs->items[i]->kind == YNODE_SCALAR ? refund_reason_parse(rs->items[i]->value)
                                                          : -1;
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
    static const char *const keys[] = {"sla_minutes", "separation_of_duties", "agent_ceiling",
                                       "auto_approve", "methods", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "refunds", err)) || (rc = ycheck_keys(d, n, keys, err)))
        return rc;
    int64_t v = s->refunds.sla_minutes;
    if ((rc = yget_int(d, n, "sla_minutes", false, 1, 7 * 24 * 60, &v, err)))
        return rc;
    s->refunds.sla_minutes = (int)v;
    if ((rc = yget_bool(d, n, "separation_of_duties", false, &s->refunds.separation_of_duties,
                        err)))
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

static int parse_orders(const struct ydoc *d, const struct ynode *n, struct settings *s,
                        struct sd_err *err)
{
    static const char *const keys[] = {"wave_size", "ship_bands_minutes",
                                       "unshipped_alert_hours", "couriers", NULL};
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
        (rc = int_list(d, x, "unshipped_alert_hours", s->orders.unshipped_hours, 2, 1, 10000,
                       err)))
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

int settings_parse(const char *label, const char *text, size_t len, struct settings *s,
                   struct sd_err *err)
{
    struct ydoc *d = NULL;
    settings_defaults(s);
    s->path = xstrdup(label);
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const keys[] = {"shop", "refunds", "orders", NULL};
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
out:
    ydoc_free(&d);
    if (rc) {
        char *path = s->path;
        s->path = NULL;
        settings_clear(s);
        settings_defaults(s);
        s->path = path;
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
