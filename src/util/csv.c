#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/csv.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char sep)
{
    r->p = data;
    r->end = data + len;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        r->p += 3;
    r->line = 1;
    r->sep = sep ? sep : ',';
    r->more = false;
    r->error[0] = '\0';
}

static void row_push(struct csv_row *row)
{
    if (row->n == row->offcap) {
        row->offcap = row->offcap ? row->offcap * 2 : 32;
        row->offs = xrealloc(row->offs, row->offcap * sizeof *row->offs);
    }
    row->offs[row->n++] = row->buf.len;
}

static void row_finish(struct csv_row *row)
{
    if (row->cap < row->n) {
        row->cap = row->n;
        row->fields = xrealloc(row->fields, row->cap * sizeof *row->fields);
    }
    for (size_t i = 0; i < row->n; i++)
        row->fields[i] = row->buf.buf + row->offs[i];
}

int csv_next(struct csv_reader *r, struct csv_row *row)
{
    row->n = 0;
    sb_reset(&row->buf);
    row->line = r->line;
    if (r->p >= r->end)
        return r->more ? -2 : 0;
    const char *start = r->p;
    long start_line = r->line;
    row_push(row);
    const char *p = r->p;
    bool quoted = false, was_quoted = false;
    for (;;) {
        if (p >= r->end) {
            if (r->more) {
                /* the record may go on in data not read yet */
                r->p = start;
                r->line = start_line;
                return -2;
            }
            if (quoted) {
                snprintf(r->error, sizeof r->error, "%s", _("unterminated quoted field"));
                r->p = p;
                return -1;
            }
            break;
        }
        /* bounded: a field or a record past its size is an error at once, so no input
         * makes the reading slow (a record cut by a chunk is read again from its start) */
        if (row->buf.len - row->offs[row->n - 1] > CSV_MAX_FIELD) {
            snprintf(r->error, sizeof r->error, _("a field of more than %d KiB"),
                     CSV_MAX_FIELD / 1024);
            r->p = p;
            return -1;
        }
        if (row->buf.len > CSV_MAX_RECORD) {
            snprintf(r->error, sizeof r->error, _("a record of more than %d KiB"),
                     CSV_MAX_RECORD / 1024);
            r->p = p;
            return -1;
        }
        char c = *p;
        if (quoted) {
            if (c == '"') {
                if (p + 1 < r->end && p[1] == '"') {
                    sb_addch(&row->buf, '"');
                    p += 2;
                    continue;
                }
                quoted = false;
                p++;
                continue;
            }
            if (c == '\n')
                r->line++;
            sb_addch(&row->buf, c);
            p++;
            continue;
        }
        if (c == '"' && row->buf.len == row->offs[row->n - 1] && !was_quoted) {
            quoted = was_quoted = true;
            p++;
            continue;
        }
        if (c == r->sep) {
            sb_addch(&row->buf, '\0');
            row_push(row);
            was_quoted = false;
            p++;
            continue;
        }
        if (c == '\r' && p + 1 >= r->end && r->more) {
            r->p = start; /* is the \n of a CRLF in the next chunk? */
            r->line = start_line;
            return -2;
        }
        if (c == '\r' && p + 1 < r->end && p[1] == '\n') {
            p += 2;
            r->line++;
            break;
        }
        if (c == '\n') {
            p++;
            r->line++;
            break;
        }
        sb_addch(&row->buf, c);
        p++;
    }
    sb_addch(&row->buf, '\0');
    r->p = p;
    row_finish(row);
    return 1;
}

bool csv_row_blank(const struct csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (row->fields[i][0])
            return false;
    return true;
}

void csv_row_free(struct csv_row *row)
{
    free(row->fields);
    free(row->offs);
    sb_free(&row->buf);
    memset(row, 0, sizeof *row);
}

static bool plain_number(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = false, dot = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits = true;
        else if (*p == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits;
}

void csv_put(struct strbuf *out, const char *field, bool neutralize)
{
    if (!field)
        field = "";
    bool guard = neutralize && strchr("=+-@\t\r", field[0]) && field[0] && !plain_number(field);
    bool quote = guard || strpbrk(field, ",\"\r\n") != NULL ||
                 (field[0] == ' ' || (field[0] && field[strlen(field) - 1] == ' '));
    if (!quote) {
        sb_adds(out, field);
        return;
    }
    sb_addch(out, '"');
    if (guard)
        sb_addch(out, '\'');
    for (const char *p = field; *p; p++) {
        if (*p == '"')
            sb_addch(out, '"');
        sb_addch(out, *p);
    }
    sb_addch(out, '"');
}

void csv_sep(struct strbuf *out)
{
    sb_addch(out, ',');
}

void csv_eol(struct strbuf *out)
{
    sb_adds(out, "\r\n");
}

/* The length of a blank at s: space, tab, CR, no-break space, ideographic space, a byte order
 * mark or a zero-width space; 0 when none. */
static size_t blank_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r')
        return 1;
    if (!strncmp(s, "\xc2\xa0", 2))
        return 2;
    if (!strncmp(s, "\xe3\x80\x80", 3) || !strncmp(s, "\xef\xbb\xbf", 3) ||
        !strncmp(s, "\xe2\x80\x8b", 3))
        return 3;
    return 0;
}

/* s[0..n) without blanks at either end: the new start, *n shortened. */
static const char *trim_blanks(const char *s, size_t *n)
{
    size_t b;
    while (*n && (b = blank_at(s)) && b <= *n) {
        s += b;
        *n -= b;
    }
    for (bool more = true; more && *n;) {
        more = false;
        for (size_t k = 1; k <= 3 && k <= *n; k++) {
            if (blank_at(s + *n - k) == k) {
                *n -= k;
                more = true;
                break;
            }
        }
    }
    return s;
}

/* Clean every field of a row of what spreadsheets add: surrounding blanks, ="..." around
 * numbers, a leading apostrophe. In place, once per row. */
void csv_clean_row(struct csv_row *row)
{
    for (size_t i = 0; i < row->n; i++) {
        size_t n = strlen(row->fields[i]);
        char *s = (char *)trim_blanks(row->fields[i], &n);
        s[n] = '\0';
        if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
            s[n - 1] = '\0';
            s += 2;
        } else if (s[0] == '\'') {
            s++;
        }
        row->fields[i] = s;
    }
}

/* Header names in the file, compared without surrounding blanks and ASCII case. */
int csv_find_col(const struct csv_row *hdr, const char *name)
{
    if (!name)
        return -1;
    size_t want = strlen(name);
    name = trim_blanks(name, &want);
    for (size_t i = 0; i < hdr->n; i++) {
        size_t n = strlen(hdr->fields[i]);
        const char *h = trim_blanks(hdr->fields[i], &n);
        if (n == want && !strncasecmp(h, name, n))
            return (int)i;
    }
    return -1;
}

size_t csv_count_fields(const char *text, char sep)
{
    struct csv_reader r;
    struct csv_row row = {0};
    csv_reader_init(&r, text, strlen(text), sep);
    size_t n = csv_next(&r, &row) == 1 ? row.n : 1;
    csv_row_free(&row);
    return n;
}

bool csv_unwrap(struct csv_row *row, size_t want, char sep, struct csv_row *out,
                struct strbuf *keep)
{
    if (row->n != 1 || want < 2 || !strchr(row->fields[0], sep))
        return false;
    sb_reset(keep);
    sb_adds(keep, row->fields[0]);
    struct csv_reader r;
    csv_reader_init(&r, sb_str(keep), keep->len, sep);
    if (csv_next(&r, out) != 1 || out->n < 2)
        return false;
    out->line = row->line;
    return true;
}

int csv_find_any(const struct csv_row *hdr, const char *const *names)
{
    for (; *names; names++) {
        int c = csv_find_col(hdr, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

const char *csv_cell(const struct csv_row *row, int i)
{
    return i >= 0 && (size_t)i < row->n ? row->fields[i] : "";
}
