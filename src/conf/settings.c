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
}

void settings_clear(struct settings *s)
{
    free(s->path);
    free(s->name);
    free(s->timezone);
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

static int parse_refunds(const struct ydoc *d, const struct ynode *n, struct settings *s,
                         struct sd_err *err)
{
    static const char *const keys[] = {"sla_minutes", "separation_of_duties", "agent_ceiling",
                                       NULL};
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
    static const char *const keys[] = {"shop", "refunds", NULL};
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
