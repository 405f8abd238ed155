#ifndef SHOPDESK_APP_IMPORT_INT_H
#define SHOPDESK_APP_IMPORT_INT_H

/* Internal to the importer (src/app/import*.c): a file being read, what it was taken for and
 * which of its columns feed which field. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/import.h"
#include "conf/mapping.h"
#include "util/csv.h"
#include "util/csvfile.h"
#include "util/strbuf.h"

struct session;

enum import_kind { KIND_SHOPIFY, KIND_TAOBAO, KIND_TAOBAO_DETAIL, KIND_MAPPING };

/* Fields read from a row: the mapping's, and Shopify's two status columns. */
enum { F_FINANCIAL = MF_COUNT, F_FULFILLMENT, NFIELDS };

/* Columns of the file a reader keeps (the others are never looked at). */
#define MAX_SLOTS 128

/* Where a field comes from: slots of the kept columns, read as the mapping says. */
struct fref {
    int slot[MAP_MAX_NAMES];
    int n;
    int minus[MAP_MAX_NAMES];
    int nminus;
    enum map_how how;
};

struct src {
    const char *path;
    enum import_kind kind;
    struct mapping map; /* KIND_MAPPING */
    bool map_owned;     /* map is this source's to clear */
    const char *format; /* "shopify", "taobao", or the mapping's name */
    const char *platform;
    struct csv_file cf;
    bool opened;
    struct csv_row hdr, row, sub;
    struct strbuf wrapbuf;
    char sep;
    int slot_col[MAX_SLOTS]; /* the file's column of each slot */
    bool slot_strict[MAX_SLOTS]; /* an id, amount, time or status: a NUL there is an error */
    int nslots;
    struct fref f[NFIELDS];
    bool items;       /* each row an item with its own amounts */
    bool time_status; /* no status words: the status follows the times */
    struct strbuf lacks; /* what the file lacks, said once ("no line items") */
    /* a row as kept: every slot's value, NUL-terminated, one after another */
    struct strbuf pack;
    const char *vals[MAX_SLOTS];
    /* what the reader did */
    int64_t wrapped, nul_rows;
    long wrapped_line, nul_lines[4];
    int nnul_lines;
};

/* Parse src->hdr (read and cleaned) into columns: decide the kind (fmt, the mapping given,
 * or by the header: Shopify, Taobao, then the shop's mappings/ and the shipped ones), and
 * fill the slots and field refs. SD_INPUT "FILE:1: ..." with what to change when the header
 * does not fit. */
int spec_detect(struct session *s, struct src *src, enum import_format fmt,
                const struct mapping *given, struct sd_err *err);
/* Add "  field <- Header" lines and the ignored columns to out (--explain). */
void spec_explain(const struct src *src, struct strbuf *out);
void src_clear(struct src *src);

#endif
