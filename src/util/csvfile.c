#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/csvfile.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Is the whole file valid UTF-8? One pass over the bytes, which also tells whether it was
 * double-encoded. */
static bool file_is_utf8(FILE *fp, struct mojibake *mj)
{
    unsigned char buf[65536 + 4];
    size_t keep = 0;
    for (;;) {
        size_t n = fread(buf + keep, 1, sizeof buf - 4 - keep, fp);
        size_t len = keep + n;
        if (len == 0)
            break;
        size_t i = 0;
        while (i < len) {
            if (buf[i] < 0x80) {
                i++;
                continue;
            }
            uint32_t cp;
            int k = utf8_decode((const char *)buf + i, len - i, &cp);
            if (k < 0) {
                /* a sequence cut by the chunk's end is judged with the next chunk */
                if (n > 0 && len - i < 4)
                    break;
                return false;
            }
            i += (size_t)k;
        }
        mojibake_scan(mj, (const char *)buf, i);
        keep = len - i;
        memmove(buf, buf + i, keep);
        if (n == 0)
            return keep == 0;
    }
    return true;
}

static int refill(struct csv_file *f);
static char sniff(const char *text, size_t len);

int csvf_open(struct csv_file *f, const char *path, const char *encoding, char sep)
{
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->f = fopen(path, "rb");
    if (!f->f) {
        snprintf(f->error, sizeof f->error, "%s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f->f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(f->error, sizeof f->error, "%s", strerror(EISDIR));
            return -1;
        }
        f->size = st.st_size;
    }
    if (!encoding || !strcasecmp(encoding, "auto")) {
        /* a byte order mark says UTF-16 (spreadsheets save "Unicode text" so); else UTF-8
         * if every byte of the file is, else GB18030 */
        unsigned char bom[2] = {0, 0};
        size_t got = fread(bom, 1, 2, f->f);
        rewind(f->f);
        if (got == 2 && ((bom[0] == 0xff && bom[1] == 0xfe) || (bom[0] == 0xfe && bom[1] == 0xff))) {
            encoding = bom[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
        } else {
            struct mojibake mj = {0};
            bool utf8 = file_is_utf8(f->f, &mj);
            rewind(f->f);
            encoding = utf8 ? "UTF-8" : "GB18030";
            f->double_encoded = utf8 && mojibake_found(&mj);
        }
    }
    if (!strcasecmp(encoding, "UTF-8") || !strcasecmp(encoding, "utf8")) {
        snprintf(f->encoding, sizeof f->encoding, "UTF-8");
    } else {
        /* GBK files are read as GB18030, its superset */
        const char *from = !strcasecmp(encoding, "gbk") || !strcasecmp(encoding, "gb2312")
                               ? "GB18030"
                               : encoding;
        iconv_t cd = iconv_open("UTF-8", from);
        if (cd == (iconv_t)-1) {
            snprintf(f->error, sizeof f->error, _("unknown encoding '%s'"), encoding);
            f->bad_encoding = true;
            return -1;
        }
        f->cd = cd;
        snprintf(f->encoding, sizeof f->encoding, "%s", from);
    }
    csv_reader_init(&f->r, "", 0, sep ? sep : ',');
    f->r.more = true;
    if (!sep) {
        f->sniffed = true;
        /* read the first chunk and see which separator makes the records alike */
        do {
            if (refill(f))
                return -1;
        } while (!f->eof && f->text.len < 16384);
        csv_reader_init(&f->r, sb_str(&f->text), f->text.len, sniff(sb_str(&f->text),
                                                                     f->text.len));
        f->r.more = !(f->eof && f->rawlen == 0);
        f->started = true;
    }
    return 0;
}

static void count_newlines(struct csv_file *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            f->newlines++;
}

/* Read a chunk and append its UTF-8 to text. Returns 0, or -1 on a bad byte. */
static int refill(struct csv_file *f)
{
    if (!f->eof) {
        size_t n = fread(f->raw + f->rawlen, 1, sizeof f->raw - f->rawlen, f->f);
        if (n == 0) {
            if (ferror(f->f)) {
                snprintf(f->error, sizeof f->error, "%s", strerror(errno));
                f->error_line = f->newlines + 1;
                return -1;
            }
            f->eof = true;
        }
        f->rawlen += n;
        f->bytes_read += (int64_t)n;
    }
    size_t used = 0;
    if (!f->cd) {
        size_t i = 0;
        /* used: what is already in text */
        while (i < f->rawlen) {
            unsigned char c = (unsigned char)f->raw[i];
            if (c == 0) {
                /* kept as a marker: the reader of the fields decides (dropped from free
                 * text with a warning, an error in an id, an amount or a time) */
                sb_add(&f->text, f->raw + used, i - used);
                count_newlines(f, f->raw + used, i - used);
                sb_adds(&f->text, CSV_NUL);
                if (!f->nuls++)
                    f->nul_line = f->newlines + 1;
                used = ++i;
                continue;
            }
            if (c < 0x80) {
                i++;
                continue;
            }
            uint32_t cp;
            int k = utf8_decode(f->raw + i, f->rawlen - i, &cp);
            if (k < 0) {
                if (!f->eof && f->rawlen - i < 4)
                    break;
                count_newlines(f, f->raw + used, i - used);
                f->error_line = f->newlines + 1;
                snprintf(f->error, sizeof f->error,
                         _("invalid byte 0x%02x (not UTF-8; is it GBK? try --encoding gbk)"), c);
                return -1;
            }
            i += (size_t)k;
        }
        sb_add(&f->text, f->raw + used, i - used);
        count_newlines(f, f->raw + used, i - used);
        used = i;
    } else {
        char out[65536 * 2];
        char *in = f->raw;
        size_t inleft = f->rawlen;
        while (inleft > 0) {
            char *op = out;
            size_t oleft = sizeof out;
            size_t r = iconv((iconv_t)f->cd, &in, &inleft, &op, &oleft);
            size_t produced = (size_t)(op - out);
            for (size_t k = 0; k < produced; k++) {
                if (out[k] == '\0') { /* kept as a marker, as above */
                    if (!f->nuls++)
                        f->nul_line = f->newlines + 1;
                    sb_adds(&f->text, CSV_NUL);
                    continue;
                }
                if (out[k] == '\n')
                    f->newlines++;
                sb_addch(&f->text, out[k]);
            }
            if (r != (size_t)-1)
                continue;
            if (errno == E2BIG)
                continue;
            if (errno == EINVAL && !f->eof)
                break; /* a character cut by the chunk: finish it with the next one */
            f->error_line = f->newlines + 1;
            snprintf(f->error, sizeof f->error, _("invalid byte 0x%02x for %s"), (unsigned char)*in,
                     f->encoding);
            return -1;
        }
        used = f->rawlen - inleft;
    }
    memmove(f->raw, f->raw + used, f->rawlen - used);
    f->rawlen -= used;
    if (f->eof && f->rawlen > 0 && !f->cd) {
        f->error_line = f->newlines + 1;
        snprintf(f->error, sizeof f->error, "%s", _("the file ends inside a character"));
        return -1;
    }
    return 0;
}

/* The separator that splits the first records into the same number of fields, the most of
 * them: comma, semicolon or tab (a spreadsheet's re-save in a European locale writes
 * semicolons; Amazon's reports are tab-separated). */
static char sniff(const char *text, size_t len)
{
    static const char cands[] = {',', ';', '\t'};
    char best = ',';
    long best_score = -1;
    for (size_t c = 0; c < sizeof cands; c++) {
        struct csv_reader r;
        struct csv_row row = {0};
        csv_reader_init(&r, text, len, cands[c]);
        r.more = false;
        size_t header = 0;
        long same = 0, records = 0;
        while (records < 20 && csv_next(&r, &row) == 1) {
            if (csv_row_blank(&row))
                continue;
            size_t n = row.n;
            if (n == 1) /* a record wrapped whole in quotes: the fields inside */
                n = csv_count_fields(row.fields[0], cands[c]);
            if (records++ == 0)
                header = n;
            else if (n == header)
                same++;
        }
        csv_row_free(&row);
        if (header < 2)
            continue;
        /* fields in the header, weighed by how many records agree with it */
        long score = (long)header * (same + 1);
        if (records > 1 && same == 0)
            score = (long)header / 2; /* a header only: weak */
        if (score > best_score) {
            best_score = score;
            best = cands[c];
        }
    }
    return best;
}

int csvf_next(struct csv_file *f, struct csv_row *row)
{
    for (;;) {
        int rc = csv_next(&f->r, row);
        if (rc != -2) {
            if (rc == -1) {
                snprintf(f->error, sizeof f->error, "%s", f->r.error);
                f->error_line = row->line;
            }
            return rc;
        }
        if (f->eof && f->rawlen == 0) {
            f->r.more = false;
            continue;
        }
        /* drop what was parsed, keep the unfinished record, read more */
        /* before the first chunk the reader points at a static "" outside the buffer */
        size_t consumed = f->text.buf ? (size_t)(f->r.p - f->text.buf) : 0;
        long line = f->r.line;
        if (consumed) {
            memmove(f->text.buf, f->text.buf + consumed, f->text.len - consumed);
            sb_truncate(&f->text, f->text.len - consumed);
        }
        if (refill(f))
            return -1;
        csv_reader_init(&f->r, sb_str(&f->text), f->text.len, f->r.sep);
        if (f->started)
            f->r.p = f->text.buf; /* only the file's first bytes may be a BOM */
        f->started = true;
        f->r.line = line;
        f->r.more = !(f->eof && f->rawlen == 0);
    }
}

void csvf_close(struct csv_file *f)
{
    if (f->f)
        fclose(f->f);
    if (f->cd)
        iconv_close((iconv_t)f->cd);
    sb_free(&f->text);
    free(f->path);
    memset(f, 0, sizeof *f);
}
