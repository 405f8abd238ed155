#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/colmap.h"
#include "conf/ydoc.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void colmap_clear(struct colmap *m)
{
    free(m->path);
    free(m->encoding);
    for (size_t i = 0; i < m->nfields; i++) {
        free(m->fields[i].field);
        for (int k = 0; k < m->fields[i].n; k++)
            free(m->fields[i].names[k]);
    }
    free(m->fields);
    for (size_t i = 0; i < m->nwords; i++) {
        free(m->words[i].field);
        free(m->words[i].word);
        free(m->words[i].value);
    }
    free(m->words);
    memset(m, 0, sizeof *m);
}

static bool known(const char *const *fields, const char *f)
{
    for (; *fields; fields++)
        if (!strcmp(*fields, f))
            return true;
    return false;
}

static int bad_field(const struct ydoc *d, const struct ynode *k, const char *const *fields,
                     struct sd_err *err)
{
    char list[400] = "";
    size_t at = 0;
    for (const char *const *f = fields; *f && at < sizeof list; f++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", f == fields ? "" : ", ", *f);
    return yfail(d, k, err, _("unknown field %s (known: %s)"), k->value, list);
}

static int parse_columns(const struct ydoc *d, const struct ynode *c, const char *const *fields,
                         struct colmap *m, struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, c, YNODE_MAP, "columns", err)))
        return rc;
    m->fields = xcalloc(c->n ? c->n : 1, sizeof *m->fields);
    for (size_t i = 0; i < c->n; i++) {
        const struct ynode *k = c->keys[i], *v = c->items[i];
        if (!known(fields, k->value))
            return bad_field(d, k, fields, err);
        struct colmap_field *f = &m->fields[m->nfields++];
        f->field = xstrdup(k->value);
        f->line = k->line;
        if (v->kind == YNODE_SCALAR) {
            f->names[f->n++] = xstrdup(v->value);
            continue;
        }
        if (v->kind != YNODE_SEQ || !v->n || v->n > COLMAP_MAX_NAMES)
            return yfail(d, v, err, _("a header, or a list of up to %d headers"), COLMAP_MAX_NAMES);
        for (size_t j = 0; j < v->n; j++) {
            if ((rc = yexpect(d, v->items[j], YNODE_SCALAR, _("a header"), err)))
                return rc;
            f->names[f->n++] = xstrdup(v->items[j]->value);
        }
    }
    return SD_OK;
}

static int parse_values(const struct ydoc *d, const struct ynode *c, const char *const *fields,
                        struct colmap *m, struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, c, YNODE_MAP, "values", err)))
        return rc;
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!known(fields, c->keys[i]->value))
            return bad_field(d, c->keys[i], fields, err);
        if ((rc = yexpect(d, c->items[i], YNODE_MAP, c->keys[i]->value, err)))
            return rc;
        total += c->items[i]->n;
    }
    m->words = xcalloc(total ? total : 1, sizeof *m->words);
    for (size_t i = 0; i < c->n; i++) {
        const struct ynode *w = c->items[i];
        for (size_t j = 0; j < w->n; j++) {
            if ((rc = yexpect(d, w->items[j], YNODE_SCALAR, _("a value"), err)))
                return rc;
            struct colmap_word *x = &m->words[m->nwords++];
            x->field = xstrdup(c->keys[i]->value);
            x->word = xstrdup(w->keys[j]->value);
            x->value = xstrdup(w->items[j]->value);
        }
    }
    return SD_OK;
}

int colmap_load(const char *path, const char *const *fields, struct colmap *m, struct sd_err *err)
{
    memset(m, 0, sizeof *m);
    struct ydoc *d = NULL;
    int rc = ydoc_load(path, &d, err);
    if (rc)
        return rc;
    static const char *const keys[] = {"name",    "description", "encoding",
                                       "columns", "values",      NULL};
    const struct ynode *root = d->root, *n;
    m->path = xstrdup(path);
    if (!root)
        rc = yfail(d, NULL, err, _("the file is empty"));
    else if (!(rc = yexpect(d, root, YNODE_MAP, _("a mapping"), err)) &&
             !(rc = ycheck_keys(d, root, keys, err)) &&
             !(rc = yget_str(d, root, "encoding", false, &m->encoding, err))) {
        if (m->encoding && !strcmp(m->encoding, "auto")) {
            free(m->encoding);
            m->encoding = NULL;
        }
        if ((n = ymap_get(root, "columns")))
            rc = parse_columns(d, n, fields, m, err);
        if (!rc && (n = ymap_get(root, "values")))
            rc = parse_values(d, n, fields, m, err);
    }
    ydoc_free(&d);
    if (rc)
        colmap_clear(m);
    return rc;
}

const struct colmap_field *colmap_field(const struct colmap *m, const char *field)
{
    for (size_t i = 0; m && i < m->nfields; i++)
        if (!strcmp(m->fields[i].field, field))
            return &m->fields[i];
    return NULL;
}

const char *colmap_word(const struct colmap *m, const char *field, const char *word)
{
    for (size_t i = 0; m && i < m->nwords; i++)
        if (!strcmp(m->words[i].field, field) && !strcmp(m->words[i].word, word))
            return m->words[i].value;
    return NULL;
}
