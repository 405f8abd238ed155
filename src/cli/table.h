#ifndef SHOPDESK_CLI_TABLE_H
#define SHOPDESK_CLI_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/money.h"

/* A listing printed as aligned text (by display width), CSV (RFC 4180, formula cells
 * neutralised) or JSON (an array of objects with stable keys, written by json-c: money as
 * integer minor units, times as ISO 8601 with offset, missing values as null). */

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON };

enum col_type {
    COL_TEXT,
    COL_INT,
    COL_MONEY, /* int64 minor units */
    COL_TIME,  /* instant; text shows shop-local "YYYY-MM-DD HH:MM" */
    COL_BOOL,
    COL_DATE,  /* "YYYY-MM-DD" text */
    COL_JSON,  /* a preformatted JSON value (text shown as is in text/CSV) */
};

struct table;

/* Parse "text", "csv" or "json". */
bool out_format_parse(const char *s, enum out_format *out);

struct table *table_new(const struct currency *cur);
/* Write rows as they are added (CSV and JSON only; text needs every row for its widths):
 * the listing then takes no memory however long it is. Call after the columns are set. */
void table_stream(struct table *t, enum out_format f, FILE *out);
/* key: the JSON key and CSV header; label: the translated text header. */
int table_col(struct table *t, const char *key, const char *label, enum col_type type);
/* Hide a column from text output (still in CSV and JSON). */
void table_col_text_hidden(struct table *t, int col);
void table_row(struct table *t);
/* The currency of the current row's money cells (an ISO code; unknown or NULL: the table's).
 * Text shows each amount in its own currency; CSV and JSON give minor units, so a listing
 * that mixes currencies carries a currency column beside them. */
void table_row_currency(struct table *t, const char *code);
void table_text(struct table *t, int col, const char *v); /* NULL: null */
void table_int(struct table *t, int col, int64_t v);
void table_money(struct table *t, int col, int64_t v);
void table_time(struct table *t, int col, int64_t v); /* 0: null */
void table_bool(struct table *t, int col, bool v);
void table_null(struct table *t, int col);
size_t table_rows(const struct table *t);
/* Print and free. */
void table_print(struct table *t, enum out_format f, FILE *out);
void table_free(struct table **t);

#endif
