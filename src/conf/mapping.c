#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/mapping.h"
#include "conf/ydoc.h"
#include "core/money.h"
#include "core/order.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define MF_KEY(name, key, required) key,
static const char *const keys[] = {MAP_FIELD_LIST(MF_KEY) NULL};
#undef MF_KEY
#define MF_REQ(name, key, required) required,
static const int required[] = {MAP_FIELD_LIST(MF_REQ)};
#undef MF_REQ

const char *map_field_key(enum map_field f)
{
    return f < MF_COUNT ? keys[f] : "?";
}

bool map_field_required(enum map_field f)
{
    return f < MF_COUNT && required[f];
}

bool map_field_is_time(enum map_field f)
{
    return f == MF_CREATED_AT || f == MF_PAID_AT || f == MF_SHIPPED_AT || f == MF_DELIVERED_AT ||
           f == MF_CANCELLED_AT;
}

bool map_field_is_amount(enum map_field f)
{
    return f == MF_GOODS || f == MF_SHIPPING || f == MF_TOTAL || f == MF_REFUNDED ||
           f == MF_PRICE;
}

void mapping_clear(struct mapping *m)
{
    free(m->path);
    free(m->name);
    free(m->platform);
    free(m->encoding);
    for (int i = 0; i < MF_COUNT; i++) {
        for (int k = 0; k < m->columns[i].n; k++)
            free(m->columns[i].names[k]);
        for (int k = 0; k < m->columns[i].nminus; k++)
            free(m->columns[i].minus[k]);
    }
    for (size_t i = 0; i < m->nstatuses; i++)
        free(m->statuses[i].word);
    free(m->statuses);
    memset(m, 0, sizeof *m);
}

static int parse_status(const struct ydoc *d, const struct ynode *n, int *out,
                        struct sd_err *err)
{
    int st = n->kind == YNODE_SCALAR ? order_status_parse(n->value) : -1;
    if (st < 0)
        return yfail(d, n, err,
                     _("unknown status '%s' (pending, paid, picked, packed, shipped, delivered, "
                       "cancelled)"),
                     n->kind == YNODE_SCALAR ? n->value : "");
    *out = st;
    return SD_OK;
}

/* A list of header names (a scalar is a list of one) into names[]. */
static int names_of(const struct ydoc *d, const struct ynode *n, char **names, int *count,
                    struct sd_err *err)
{
    if (n->kind == YNODE_SCALAR) {
        if (!n->value[0])
            return yfail(d, n, err, "%s", _("a column name cannot be empty"));
        names[(*count)++] = xstrdup(n->value);
        return SD_OK;
    }
    if (n->kind != YNODE_SEQ || n->n == 0)
        return yfail(d, n, err, "%s", _("expected a column name or a list of them"));
    if (n->n > MAP_MAX_NAMES)
        return yfail(d, n, err, _("at most %d columns here"), MAP_MAX_NAMES);
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *x = n->items[i];
        if (x->kind != YNODE_SCALAR || !x->value[0])
            return yfail(d, x, err, "%s", _("expected a column name"));
        names[(*count)++] = xstrdup(x->value);
    }
    return SD_OK;
}

static int parse_column(const struct ydoc *d, const struct ynode *n, enum map_field f,
                        struct map_column *c, struct sd_err *err)
{
    c->line = n->line;
    if (n->kind != YNODE_MAP)
        return names_of(d, n, c->names, &c->n, err);
    static const char *const how[] = {"join", "sum", "minus", NULL};
    int rc = ycheck_keys(d, n, how, err);
    if (rc)
        return rc;
    const struct ynode *join = ymap_get(n, "join"), *sum = ymap_get(n, "sum"),
                       *minus = ymap_get(n, "minus");
    if (join && (sum || minus))
        return yfail(d, n, err, "%s", _("a column is joined or summed, not both"));
    if (join) {
        c->how = MAP_JOIN;
        return names_of(d, join, c->names, &c->n, err);
    }
    if (!sum)
        return yfail(d, n, err, "%s", _("expected join: or sum: with a list of columns"));
    if (!map_field_is_amount(f))
        return yfail(d, n, err, _("'%s' is not an amount: it cannot be a sum"), keys[f]);
    c->how = MAP_SUM;
    if ((rc = names_of(d, sum, c->names, &c->n, err)))
        return rc;
    return minus ? names_of(d, minus, c->minus, &c->nminus, err) : SD_OK;
}

/* delimiter: ",", ";", "|", tab (or "\t"), auto */
static int parse_delimiter(const struct ydoc *d, const struct ynode *n, char *sep,
                           struct sd_err *err)
{
    if (n->kind != YNODE_SCALAR)
        return yfail(d, n, err, "%s", _("expected a delimiter"));
    const char *v = n->value;
    if (!strcmp(v, "tab") || !strcmp(v, "\t") || !strcmp(v, "\\t"))
        *sep = '\t';
    else if (!strcmp(v, "auto"))
        *sep = 0;
    else if (strlen(v) == 1 && strchr(",;|", v[0]))
        *sep = v[0];
    else
        return yfail(d, n, err, _("unknown delimiter '%s' (\",\", \";\", \"|\", tab or auto)"), v);
    return SD_OK;
}

/* decimal: "." or ","; thousands: "," "." " " "'" (the other mark is then the decimal) */
static int parse_marks(const struct ydoc *d, const struct ynode *root, char *decimal,
                       struct sd_err *err)
{
    const struct ynode *dn = ymap_get(root, "decimal"), *tn = ymap_get(root, "thousands");
    char dec = 0, th = 0;
    if (dn) {
        if (dn->kind != YNODE_SCALAR || strlen(dn->value) != 1 || !strchr(".,", dn->value[0]))
            return yfail(d, dn, err, "%s", _("decimal is \".\" or \",\""));
        dec = dn->value[0];
    }
    if (tn) {
        if (tn->kind != YNODE_SCALAR || strlen(tn->value) > 1 ||
            (tn->value[0] && !strchr(".,' ", tn->value[0])))
            return yfail(d, tn, err, "%s", _("thousands is \",\", \".\", \" \", \"'\" or \"\""));
        th = tn->value[0];
        if (dec && th == dec)
            return yfail(d, tn, err, "%s", _("the thousands separator cannot be the decimal mark"));
        if (!dec && th == ',')
            dec = '.';
        else if (!dec && th == '.')
            dec = ',';
    }
    *decimal = dec;
    return SD_OK;
}

int mapping_parse(const char *label, const char *text, size_t len, struct mapping *m,
                  struct sd_err *err)
{
    memset(m, 0, sizeof *m);
    m->path = xstrdup(label);
    m->default_status = ORDER_PAID;
    struct ydoc *d = NULL;
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const top[] = {
        "name",          "platform",    "encoding",    "delimiter", "columns",
        "statuses",      "default_status", "description", "rows",      "currency",
        "date_format",   "date_language",  "date_order",  "decimal",   "thousands",
        "optional",      NULL};
    const struct ynode *root = d->root, *n;
    if ((rc = yexpect(d, root, YNODE_MAP, _("a mapping"), err)) ||
        (rc = ycheck_keys(d, root, top, err)) ||
        (rc = yget_str(d, root, "name", true, &m->name, err)) ||
        (rc = yget_str(d, root, "platform", true, &m->platform, err)) ||
        (rc = yget_str(d, root, "encoding", false, &m->encoding, err)))
        goto out;
    if (!m->platform[0] || strlen(m->platform) > 15) {
        rc = yfail(d, ymap_get(root, "platform"), err,
                   _("the platform must be a short name (1-15 characters)"));
        goto out;
    }
    if ((n = ymap_get(root, "delimiter")) && (rc = parse_delimiter(d, n, &m->sep, err)))
        goto out;
    if ((n = ymap_get(root, "rows"))) {
        if (n->kind == YNODE_SCALAR && !strcmp(n->value, "items")) {
            m->items = true;
        } else if (!(n->kind == YNODE_SCALAR && !strcmp(n->value, "orders"))) {
            rc = yfail(d, n, err, "%s",
                       _("rows is 'orders' (an order's fields on its first row, a line on "
                         "each) or 'items' (each row an item with its own amounts)"));
            goto out;
        }
    }
    if ((n = ymap_get(root, "currency"))) {
        const struct currency *cur = n->kind == YNODE_SCALAR ? currency_find(n->value) : NULL;
        if (!cur) {
            rc = yfail(d, n, err, _("unknown currency '%s' (an ISO 4217 code: CNY, USD, EUR...)"),
                       n->kind == YNODE_SCALAR ? n->value : "");
            goto out;
        }
        snprintf(m->currency, sizeof m->currency, "%s", cur->code);
    }
    if ((n = ymap_get(root, "date_order")) &&
        (n->kind != YNODE_SCALAR || !date_order_parse(n->value, &m->date_order))) {
        rc = yfail(d, n, err, "%s", _("date_order is dmy (day first) or mdy (month first)"));
        goto out;
    }
    char *fmt = NULL, *lang = NULL;
    if ((rc = yget_str(d, root, "date_format", false, &fmt, err)) ||
        (rc = yget_str(d, root, "date_language", false, &lang, err))) {
        free(fmt);
        free(lang);
        goto out;
    }
    if (lang && !fmt) {
        rc = yfail(d, ymap_get(root, "date_language"), err, "%s",
                   _("date_language goes with a date_format"));
    } else if (fmt && (strlen(fmt) >= sizeof m->date_format.pattern ||
                       (lang && strlen(lang) >= sizeof m->date_format.lang))) {
        rc = yfail(d, ymap_get(root, "date_format"), err, "%s", _("the date format is too long"));
    } else if (fmt) {
        snprintf(m->date_format.pattern, sizeof m->date_format.pattern, "%s", fmt);
        snprintf(m->date_format.lang, sizeof m->date_format.lang, "%s", lang ? lang : "en");
        struct sd_err e = {0};
        if (date_format_check(&m->date_format, &e))
            rc = yfail(d, ymap_get(root, "date_format"), err, "%s", e.msg);
    }
    free(fmt);
    free(lang);
    if (rc || (rc = parse_marks(d, root, &m->decimal, err)))
        goto out;
    if ((n = ymap_get(root, "default_status")) && (rc = parse_status(d, n, &m->default_status, err)))
        goto out;
    n = ymap_get(root, "columns");
    if (!n) {
        rc = yfail(d, root, err, _("missing key '%s'"), "columns");
        goto out;
    }
    if ((rc = yexpect(d, n, YNODE_MAP, "columns", err)) || (rc = ycheck_keys(d, n, keys, err)))
        goto out;
    for (size_t i = 0; i < n->n; i++) {
        int f = 0;
        while (f < MF_COUNT && strcmp(keys[f], n->keys[i]->value))
            f++;
        if ((rc = parse_column(d, n->items[i], (enum map_field)f, &m->columns[f], err)))
            goto out;
    }
    for (int f = 0; f < MF_COUNT; f++)
        if (required[f] && !m->columns[f].n) {
            rc = yfail(d, n, err, _("columns: '%s' is required"), keys[f]);
            goto out;
        }
    if ((n = ymap_get(root, "optional"))) {
        if (n->kind != YNODE_SEQ) {
            rc = yfail(d, n, err, "%s", _("optional is a list of fields ([paid_at, note])"));
            goto out;
        }
        for (size_t i = 0; i < n->n; i++) {
            const struct ynode *x = n->items[i];
            int f = 0;
            while (x->kind == YNODE_SCALAR && f < MF_COUNT && strcmp(keys[f], x->value))
                f++;
            if (x->kind != YNODE_SCALAR || f == MF_COUNT) {
                rc = yfail(d, x, err, _("'%s' is not a field of columns:"),
                           x->kind == YNODE_SCALAR ? x->value : "");
                goto out;
            }
            m->columns[f].optional = true;
        }
    }
    if ((n = ymap_get(root, "statuses"))) {
        if ((rc = yexpect(d, n, YNODE_MAP, "statuses", err)))
            goto out;
        m->statuses = xcalloc(n->n ? n->n : 1, sizeof *m->statuses);
        for (size_t i = 0; i < n->n; i++) {
            int st;
            if ((rc = parse_status(d, n->items[i], &st, err)))
                goto out;
            m->statuses[m->nstatuses].word = xstrdup(n->keys[i]->value);
            m->statuses[m->nstatuses].status = st;
            m->nstatuses++;
        }
    }
out:
    ydoc_free(&d);
    if (rc)
        mapping_clear(m); /* a failed parse leaves nothing to free */
    return rc;
}

int mapping_load(const char *path, struct mapping *m, struct sd_err *err)
{
    char *buf;
    size_t len;
    int e = file_read(path, YDOC_MAX_FILE, &buf, &len);
    if (e) {
        memset(m, 0, sizeof *m);
        return sd_fail(err, SD_IO, _("cannot read %s: %s"), path, strerror(e));
    }
    int rc = mapping_parse(path, buf, len, m, err);
    free(buf);
    return rc;
}
