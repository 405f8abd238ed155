#ifndef SHOPDESK_UTIL_CSV_H
#define SHOPDESK_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* An RFC 4180 reader over a UTF-8 buffer the caller keeps alive: quoted fields with embedded
 * separators, quotes ("") and newlines; CRLF or LF; a UTF-8 BOM is skipped. Quotes inside an
 * unquoted field are kept as text, because spreadsheet exports write ="0123" that way. */
struct csv_reader {
    const char *p;
    const char *end;
    long line;      /* physical line where the next record starts (1-based) */
    char sep;
    bool more;      /* more data may follow end (streaming): an unfinished record waits */
    char error[128];
};

/* The largest field and record read: larger is malformed input (a field of notes or
 * attributes runs to a few KiB in real exports). */
#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_RECORD (1024 * 1024)

/* One record. fields[i] point into buf and stay valid until the next csv_next(). */
struct csv_row {
    char **fields;
    size_t n;
    size_t cap;
    long line;      /* physical line where this record starts */
    struct strbuf buf;
    size_t *offs;
    size_t offcap;
};

void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char sep);
/* Returns 1 for a record, 0 at the end, -1 on malformed input (r->error says why; r->line is
 * the line of the record), -2 when the record runs past the data and r->more is set (the
 * reader is left at the record's start: add data and call again). */
int csv_next(struct csv_reader *r, struct csv_row *row);
void csv_row_free(struct csv_row *row);

/* True if every field of the row is empty (a blank line). */
bool csv_row_blank(const struct csv_row *row);

/* Append one field to out, quoted when needed. With neutralize, a text cell a spreadsheet
 * would run as a formula (leading =, +, -, @, tab or CR, unless it is a plain number) gets a
 * leading apostrophe. */
void csv_put(struct strbuf *out, const char *field, bool neutralize);
/* Separator between fields and the record end (CRLF, as RFC 4180 says). */
void csv_sep(struct strbuf *out);
void csv_eol(struct strbuf *out);

/* Clean every field of a row of what spreadsheets add: surrounding blanks, ="..." around
 * numbers, a leading apostrophe. In place, once per row. */
void csv_clean_row(struct csv_row *row);
/* The index of a header name in hdr, compared without surrounding blanks and ASCII case;
 * -1 when absent (or name is NULL). */
int csv_find_col(const struct csv_row *hdr, const char *name);
/* Field i of row, or "" when i is negative (a column the file lacks) or past the row's end. */
const char *csv_cell(const struct csv_row *row, int i);
/* How many fields text holds as one record with separator sep. */
size_t csv_count_fields(const char *text, char sep);
/* A record that a spreadsheet wrapped whole in one pair of quotes ("a,b,""c""") reads as one
 * field holding the real record: when row is one field holding sep and the header has want
 * (two or more) fields, parse that field into out (its text copied into keep, which must
 * outlive out's use) and return true. */
bool csv_unwrap(struct csv_row *row, size_t want, char sep, struct csv_row *out,
                struct strbuf *keep);
/* The first of several header names that hdr has: csv_find_any(h, CSV_NAMES("Email", "Name")). */
int csv_find_any(const struct csv_row *hdr, const char *const *names);
#define CSV_NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

#endif
