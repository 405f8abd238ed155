#ifndef SHOPDESK_CONF_YDOC_H
#define SHOPDESK_CONF_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/money.h"
#include "core/status.h"

/* A YAML file parsed into plain nodes that remember where they were (line and column,
 * 1-based), so every later check can say FILE:LINE:COL. Hostile files are bounded: at most
 * YDOC_MAX_DEPTH levels, YDOC_MAX_NODES nodes and YDOC_MAX_SCALAR bytes per scalar; aliases
 * are refused (no alias bombs) and duplicate keys are errors. */

#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_NODES 200000
#define YDOC_MAX_SCALAR (64 * 1024)
#define YDOC_MAX_FILE (4 * 1024 * 1024)
#define YDOC_MAX_KEYS 2000

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
    enum ynode_kind kind;
    int line, col;
    char *value;      /* scalar text */
    bool plain;       /* unquoted scalar (so `~` and `null` mean nothing) */
    size_t n;         /* items or pairs */
    struct ynode **items; /* seq items; for maps the values */
    struct ynode **keys;  /* for maps: key scalars */
};

struct ydoc {
    char *file;
    struct ynode *root; /* NULL for an empty file */
};

/* Load and parse a file. *out is the caller's (ydoc_free). Errors: SD_IO when unreadable,
 * SD_INPUT with "FILE:LINE:COL: reason". */
int ydoc_load(const char *path, struct ydoc **out, struct sd_err *err);
/* Parse text; label names it in messages. */
int ydoc_parse(const char *label, const char *text, size_t len, struct ydoc **out,
               struct sd_err *err);
void ydoc_free(struct ydoc **doc);

/* Fail with "FILE:LINE:COL: message" at node n (or the file start when n is NULL). */
int yfail(const struct ydoc *d, const struct ynode *n, struct sd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Typed access. Each fails with the node's location and the expected form. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
int yexpect(const struct ydoc *d, const struct ynode *n, enum ynode_kind kind, const char *what,
            struct sd_err *err);
/* Every key of map must be in allowed (NULL-terminated). */
int ycheck_keys(const struct ydoc *d, const struct ynode *map, const char *const *allowed,
                struct sd_err *err);
/* Optional when *out keeps its value if the key is absent (required = false). */
int yget_str(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
             char **out, struct sd_err *err);
int yget_int(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
             int64_t min, int64_t max, int64_t *out, struct sd_err *err);
int yget_bool(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
              bool *out, struct sd_err *err);
int yget_money(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
               const struct currency *cur, int64_t *out, struct sd_err *err);
/* Scalar node as integer/bool. */
int ynode_int(const struct ydoc *d, const struct ynode *n, int64_t min, int64_t max,
              int64_t *out, struct sd_err *err);
int ynode_bool(const struct ydoc *d, const struct ynode *n, bool *out, struct sd_err *err);

#endif
