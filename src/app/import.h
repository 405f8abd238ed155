#ifndef SHOPDESK_APP_IMPORT_H
#define SHOPDESK_APP_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "util/strbuf.h"

struct session;

/* Importing platform order exports: Shopify "Export orders" CSV, Taobao/Tmall seller
 * exports (the order list, optionally with its item detail file), and any CSV described by
 * a YAML mapping. Files are streamed (any size, bounded memory) and each is imported in one
 * transaction: a bad row stops it with FILE:LINE and nothing of that file is kept. Importing
 * the same file again adds nothing: (platform, order number) is unique, and changed fields
 * (status, tracking, refunds) are updated. */

enum import_format { IMPORT_AUTO, IMPORT_SHOPIFY, IMPORT_TAOBAO, IMPORT_GENERIC };

struct import_opts {
    enum import_format format;
    const char *mapping;  /* a mapping file for generic CSV */
    const char *encoding; /* NULL: detect */
    bool dry_run;
};

struct import_result {
    int64_t imported, updated, unchanged, members;
    int64_t tier_moves; /* members whose tier changed with these orders */
    int64_t ms;
    int files;
    struct strbuf changes; /* what changed (dry run: what would), a line each, capped */
    int64_t change_lines;
    /* orders in other currencies than the shop's, by currency (the first few) */
    struct {
        char code[4];
        int64_t orders;
    } foreign[8];
    int nforeign;
};

/* Parse "shopify", "taobao", "generic"; false if unknown. */
bool import_format_parse(const char *s, enum import_format *out);

/* Import files (a Taobao order list and its detail file may be given together). Counts add
 * up in r (caller initialises and frees r->changes). Errors: SD_INPUT "FILE:LINE: reason"
 * (that file imported nothing), SD_IO, SD_FORBIDDEN. Files before the failing one stay
 * imported; *done tells how many. */
int import_orders(struct session *s, char **files, int nfiles, const struct import_opts *o,
                  struct import_result *r, int *done, struct sd_err *err);

#endif
