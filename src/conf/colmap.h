#ifndef SHOPDESK_CONF_COLMAP_H
#define SHOPDESK_CONF_COLMAP_H

#include <stddef.h>

#include "core/status.h"

/* A column mapping for the exports that are not orders (disputes, chat statistics,
 * deliveries): which header holds each field, and how the file's words for a field's
 * values read in shopdesk's terms. In YAML:
 *
 *   encoding: GBK            # auto (the default), UTF-8, GBK, GB18030
 *   columns:
 *     order: 订单编号          # one header, or a list: the first the file has
 *     kind: [维权类型, 投诉类型]
 *   values:
 *     kind: {售后维权: rights, 投诉: complaint}
 *
 * Fields and value words not given fall back to the importer's own header names. */

#define COLMAP_MAX_NAMES 8

struct colmap_field {
    char *field;
    char *names[COLMAP_MAX_NAMES];
    int n;
    int line;
};

struct colmap_word {
    char *field, *word, *value;
};

struct colmap {
    char *path;
    char *encoding; /* NULL: detect */
    struct colmap_field *fields;
    size_t nfields;
    struct colmap_word *words;
    size_t nwords;
};

/* Load path; fields lists the field names the importer knows (NULL-terminated): any other
 * is an error naming the file and line. */
int colmap_load(const char *path, const char *const *fields, struct colmap *m, struct sd_err *err);
void colmap_clear(struct colmap *m);
/* The mapping's headers for a field (NULL when it names none). */
const struct colmap_field *colmap_field(const struct colmap *m, const char *field);
/* The value a file's word stands for in a field, or NULL. */
const char *colmap_word(const struct colmap *m, const char *field, const char *word);

#endif
