#ifndef SHOPDESK_APP_IMPORT_H
#define SHOPDESK_APP_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/datefmt.h"
#include "core/status.h"
#include "util/strbuf.h"

struct session;

/* Importing platform order exports: Shopify "Export orders" CSV (any vintage, pruned copies
 * too), Taobao/Tmall seller exports (the order list, optionally with its item detail file),
 * the platforms with a shipped mapping (data/mappings: Pinduoduo, Douyin, JD, Kuaishou,
 * WooCommerce, Etsy, Amazon) and any CSV described by a YAML mapping.
 *
 * A file is read whole before anything is written, into a private scratch file (no lock is
 * held, memory stays bounded): its separator, encoding, date order and decimal mark are
 * decided from the whole file, every order is checked, and a bad row stops the import with
 * FILE:LINE and nothing kept. Then the orders are written in short transactions, so that no
 * one waits for an import: a file of up to 20,000 orders in one, a larger one in steps that
 * carry the import's id; an import that fails, is stopped or dies between steps is undone
 * (at once, or by the next shopdesk that opens the shop). Importing the same file again adds
 * nothing: (platform, order number) is unique, and changed fields (status, tracking, refunds)
 * are updated. */

enum import_format { IMPORT_AUTO, IMPORT_SHOPIFY, IMPORT_TAOBAO, IMPORT_GENERIC };

/* What an import is doing, for a progress line. */
enum import_phase { IMPORT_READING, IMPORT_CHECKING, IMPORT_WRITING, IMPORT_UNDOING };

struct import_opts {
    enum import_format format;
    const char *mapping;  /* a mapping file for generic CSV */
    const char *encoding; /* NULL: detect */
    enum date_order date_order; /* DATE_ORDER_AUTO: from the mapping or the file */
    bool dry_run;
    bool explain; /* say how the file reads and show its first orders; write nothing */
    /* called now and then: done of total (bytes while reading, orders after; total 0 when
     * unknown) */
    void (*progress)(void *arg, enum import_phase phase, int64_t done, int64_t total);
    void *progress_arg;
    /* set (by a signal handler) to stop: the import is undone, SD_CANCELLED */
    volatile sig_atomic_t *stop;
};

struct import_result {
    int64_t imported, updated, unchanged, members;
    int64_t tier_moves; /* members whose tier changed with these orders */
    bool tiers_unknown; /* a dry run in steps: tier changes not counted */
    int64_t ms;
    int files;
    int64_t steps; /* transactions written */
    struct strbuf changes; /* what changed (dry run: what would), a line each, capped */
    int64_t change_lines;
    struct strbuf notes;   /* what the reader did with the file (a line each) */
    struct strbuf explain; /* --explain: how the file reads */
    /* orders in other currencies than the shop's, by currency (the first few) */
    struct {
        char code[4];
        int64_t orders;
    } foreign[8];
    int nforeign;
};

/* Parse "shopify", "taobao", "generic", "auto"; false if unknown. */
bool import_format_parse(const char *s, enum import_format *out);

/* Import files (a Taobao order list and its detail file may be given together). Counts add
 * up in r (caller zeroes r and frees its strbufs). Errors: SD_INPUT "FILE:LINE: reason"
 * (that file imported nothing), SD_USAGE, SD_IO, SD_FORBIDDEN, SD_CANCELLED. Files before
 * the failing one stay imported; *done tells how many. */
int import_orders(struct session *s, char **files, int nfiles, const struct import_opts *o,
                  struct import_result *r, int *done, struct sd_err *err);

/* Undo imports whose process is gone (killed between steps): on this host, when the process
 * that ran one no longer exists. *undone counts them. Inside no transaction. */
int import_recover(struct session *s, int *undone, struct sd_err *err);

#endif
