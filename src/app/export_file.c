#include "config.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/export_file.h"
#include "app/paths.h"
#include "util/i18n.h"

int export_bad(const struct export_file *x, struct sd_err *err, const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return sd_fail(err, SD_INPUT, "%s:%ld: %s", x->path, x->row.line, why);
}

static int find_columns(struct export_file *x, const char *const *const *names, struct sd_err *err)
{
    const struct colmap *map = export_map(x);
    /* a field past the keys an importer lists has no column, never column 0 */
    for (int f = 0; f < EXPORT_MAX_FIELDS; f++)
        x->col[f] = -1;
    for (int f = 0; f < EXPORT_MAX_FIELDS && x->keys[f]; f++) {
        const struct colmap_field *m = colmap_field(map, x->keys[f]);
        if (!m) {
            if (names[f])
                x->col[f] = csv_find_any(&x->row, names[f]);
            continue;
        }
        for (int k = 0; k < m->n && x->col[f] < 0; k++)
            x->col[f] = csv_find_col(&x->row, m->names[k]);
        if (x->col[f] < 0)
            return sd_fail(err, SD_INPUT,
                           _("%s:%ld: no column %s (the mapping %s:%d names it for %s)"), x->path,
                           x->row.line, m->names[0], map->path, m->line, x->keys[f]);
    }
    return SD_OK;
}

int export_open(struct export_file *x, const char *path, const char *mapping, const char *encoding,
                const char *const *keys, const char *const *const *names, struct sd_err *err)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    x->keys = keys;
    size_t nkeys = 0;
    while (keys[nkeys])
        nkeys++;
    assert(nkeys <= EXPORT_MAX_FIELDS);
    int rc;
    if (mapping) {
        paths_user_begin();
        rc = colmap_load(mapping, keys, &x->map, err);
        paths_user_end();
        if (rc)
            return rc;
        x->mapped = true;
    }
    paths_user_begin();
    int opened = csvf_open(&x->f, path, encoding ? encoding : x->map.encoding, 0);
    paths_user_end();
    if (opened < 0)
        return sd_fail(err, SD_INPUT, "%s: %s", path, x->f.error);
    x->got = csvf_next(&x->f, &x->row);
    if (x->got < 0)
        return sd_fail(err, SD_INPUT, "%s:%ld: %s", path, x->f.error_line, x->f.error);
    if (x->got == 0)
        return sd_fail(err, SD_INPUT, _("%s: the file is empty"), path);
    csv_clean_row(&x->row);
    return find_columns(x, names, err);
}

int export_need(struct export_file *x, const int *fields, size_t n, struct sd_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (x->col[fields[i]] < 0)
            return export_bad(x, err,
                              _("no %s column in the header (a mapping can name it: --mapping)"),
                              x->keys[fields[i]]);
    return SD_OK;
}

int export_next(struct export_file *x)
{
    while ((x->got = csvf_next(&x->f, &x->row)) > 0) {
        csv_clean_row(&x->row);
        if (!csv_row_blank(&x->row))
            return 1;
    }
    return 0;
}

int export_end(struct export_file *x, struct sd_err *err)
{
    if (x->got < 0)
        return sd_fail(err, SD_INPUT, "%s:%ld: %s", x->path, x->f.error_line, x->f.error);
    return SD_OK;
}

const char *export_cell(const struct export_file *x, int field)
{
    return field >= 0 && field < EXPORT_MAX_FIELDS ? csv_cell(&x->row, x->col[field]) : "";
}

const struct colmap *export_map(const struct export_file *x)
{
    return x->mapped ? &x->map : NULL;
}

void export_close(struct export_file *x)
{
    csv_row_free(&x->row);
    csvf_close(&x->f);
    colmap_clear(&x->map);
}
