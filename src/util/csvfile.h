#ifndef SHOPDESK_UTIL_CSVFILE_H
#define SHOPDESK_UTIL_CSVFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/csv.h"
#include "util/strbuf.h"

/* A CSV file read as a stream: chunks of bytes are converted to UTF-8 as they come (iconv
 * for GBK/GB18030, validation for UTF-8), so a file of any size is read in bounded memory.
 * Line numbers are those of the file. */
struct csv_file {
    FILE *f;
    char *path;
    char encoding[32];
    void *cd; /* iconv_t, or NULL for UTF-8 */
    char raw[65536];
    size_t rawlen;
    bool eof;
    bool started;
    struct strbuf text; /* converted, not yet parsed */
    struct csv_reader r;
    long newlines;      /* newlines converted so far */
    int64_t bytes_read, size;
    char error[256];
    long error_line;
    bool bad_encoding; /* csvf_open failed on the encoding asked for */
};

/* Open path; encoding NULL or "auto" detects UTF-8 (with or without BOM) or else GB18030 by
 * reading the file once. Returns 0, or -1 with f->error set (unreadable, unknown encoding). */
int csvf_open(struct csv_file *f, const char *path, const char *encoding, char sep);
/* 1 record, 0 end, -1 error: f->error and f->error_line say what and where (an invalid
 * byte, an unterminated quote). */
int csvf_next(struct csv_file *f, struct csv_row *row);
void csvf_close(struct csv_file *f);

#endif
