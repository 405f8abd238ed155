#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/mapping.h"
#include "conf/ydoc.h"
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

void mapping_clear(struct mapping *m)
{
    free(m->path);
    free(m->name);
    free(m->platform);
    free(m->encoding);
    for (int i = 0; i < MF_COUNT; i++)
        free(m->columns[i]);
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

int mapping_parse(const char *label, const char *text, size_t len, struct mapping *m,
                  struct sd_err *err)
{
    memset(m, 0, sizeof *m);
    m->path = xstrdup(label);
    m->sep = ',';
    m->default_status = ORDER_PAID;
    struct ydoc *d = NULL;
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const top[] = {"name",    "platform", "encoding",       "delimiter",
                                      "columns", "statuses", "default_status", "description",
                                      NULL};
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
    char *delim = NULL;
    if ((rc = yget_str(d, root, "delimiter", false, &delim, err)))
        goto out;
    if (delim) {
        if (strlen(delim) != 1) {
            rc = yfail(d, ymap_get(root, "delimiter"), err,
                       _("the delimiter must be one character"));
            free(delim);
            goto out;
        }
        m->sep = delim[0];
        free(delim);
    }
    if ((n = ymap_get(root, "default_status")) && (rc = parse_status(d, n, &m->default_status, err)))
        goto out;
    n = ymap_get(root, "columns");
    if ((rc = yexpect(d, n ? n : root, YNODE_MAP, "columns", err)))
        goto out;
    if (!n) {
        rc = yfail(d, root, err, _("missing key '%s'"), "columns");
        goto out;
    }
    if ((rc = ycheck_keys(d, n, keys, err)))
        goto out;
    for (int f = 0; f < MF_COUNT; f++)
        if ((rc = yget_str(d, n, keys[f], false, &m->columns[f], err)))
            goto out;
    for (int f = 0; f < MF_COUNT; f++)
        if (required[f] && !m->columns[f]) {
            rc = yfail(d, n, err, _("columns: '%s' is required"), keys[f]);
            goto out;
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
