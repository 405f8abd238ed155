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
    bool sniffed;      /* the separator was found in the file, not given */
    /* NUL bytes: each is read as CSV_NUL (a private-use character), so a field can say
     * whether it held one; the first line with one, and how many */
    long nul_line;
    int64_t nuls;
    bool double_encoded; /* UTF-8 written again as if it were Windows-1252 ("XuÃ¢n") */
};

/* A NUL byte of the file, as the fields carry it (U+E000). */
#define CSV_NUL "\xee\x80\x80"

/* Open path; encoding NULL or "auto" detects UTF-16 by its byte order mark, else UTF-8 (with
 * or without BOM, and whether it was double-encoded) or else GB18030 by reading the file
 * once. sep 0 finds the separator (comma, semicolon or tab) from the first records. Returns
 * 0, or -1 with f->error set (unreadable, unknown encoding). */
int csvf_open(struct csv_file *f, const char *path, const char *encoding, char sep);
/* 1 record, 0 end, -1 error: f->error and f->error_line say what and where (an invalid
 * byte, an unterminated quote). */
int csvf_next(struct csv_file *f, struct csv_row *row);
void csvf_close(struct csv_file *f);

#endif
