#ifndef SHOPDESK_APP_EXPORT_FILE_H
#define SHOPDESK_APP_EXPORT_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/colmap.h"
#include "core/status.h"
#include "util/csvfile.h"

/* A platform's export that is not orders (disputes, chat statistics, a courier's tracking),
 * read row by row by its fields. Each field's column is the first of the mapping's headers
 * for it the file has (--mapping: one of them must be there), else the first of the
 * importer's own header names for it, else none. The mapping and the file are opened as the
 * person who runs shopdesk (paths.h). */

#define EXPORT_MAX_FIELDS 16

struct export_file {
    const char *path;
    const char *const *keys; /* the fields, as a mapping names them */
    struct colmap map;
    bool mapped;
    struct csv_file f;
    struct csv_row row; /* the header after export_open, then each row */
    int col[EXPORT_MAX_FIELDS];
    int got; /* csvf_next's last answer */
};

/* Open path (with the mapping file when not NULL, and the encoding it or the caller names),
 * read and clean its header and find the columns of keys (NULL-terminated) by names[f] (a
 * NULL-terminated list for each field). On an error err names the file (and line). Call
 * export_close whatever this returns. */
int export_open(struct export_file *x, const char *path, const char *mapping, const char *encoding,
                const char *const *keys, const char *const *const *names, struct sd_err *err);
/* Fail when one of the fields (n of them) has no column, naming the first missing. */
int export_need(struct export_file *x, const int *fields, size_t n, struct sd_err *err);
/* The next row that is not blank, cleaned into x->row: 1, or 0 at the end or on an error
 * (export_end says which). */
int export_next(struct export_file *x);
/* After the rows: SD_OK, or the error that stopped them (an invalid byte, a quote left
 * open) at its line. */
int export_end(struct export_file *x, struct sd_err *err);
/* The current row's cell of a field ("" when it has no column or the row is short). */
const char *export_cell(const struct export_file *x, int field);
/* The mapping, or NULL when there is none. */
const struct colmap *export_map(const struct export_file *x);
/* SD_INPUT with "path:line: why", line the current row's. */
int export_bad(const struct export_file *x, struct sd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void export_close(struct export_file *x);

#endif
