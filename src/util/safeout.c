#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/safeout.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct safe {
    int fd;
    bool raw;
    char carry[4]; /* the start of a character the next write completes */
    size_t ncarry;
};

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Bytes a UTF-8 sequence with this lead byte takes (0: not a lead byte). */
static size_t seq_len(unsigned char c)
{
    return c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
}

/* The shown form of s[0..n): controls other than newline and tab, DEL, C1 and invalid bytes
 * as escapes. A character cut at the end is kept for the next call. */
static void filter(struct safe *c, struct strbuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f)
                sb_addf(out, "\\x%02x", b);
            else
                sb_addch(out, (char)b);
            i++;
            continue;
        }
        size_t want = seq_len(b);
        if (want && i + want > n) {
            bool prefix = true;
            for (size_t k = i + 1; k < n; k++)
                prefix = prefix && ((unsigned char)s[k] & 0xc0) == 0x80;
            if (prefix) { /* completed by the next write */
                c->ncarry = n - i;
                memcpy(c->carry, s + i, c->ncarry);
                return;
            }
        }
        uint32_t cp;
        int len = utf8_decode(s + i, n - i, &cp);
        if (len < 0) {
            sb_addf(out, "\\x%02x", b);
            i++;
        } else if (cp >= 0x80 && cp < 0xa0) {
            sb_addf(out, "\\u%04x", (unsigned)cp);
            i += (size_t)len;
        } else {
            sb_add(out, s + i, (size_t)len);
            i += (size_t)len;
        }
    }
}

static ssize_t safe_write(void *cookie, const char *buf, size_t size)
{
    struct safe *c = cookie;
    if (c->raw)
        return write_all(c->fd, buf, size) ? -1 : (ssize_t)size;
    struct strbuf out = STRBUF_INIT;
    if (c->ncarry) { /* the start of a character held from the last write comes first */
        char *joined = xmalloc(c->ncarry + size);
        memcpy(joined, c->carry, c->ncarry);
        memcpy(joined + c->ncarry, buf, size);
        size_t n = c->ncarry + size;
        c->ncarry = 0;
        filter(c, &out, joined, n);
        free(joined);
    } else {
        filter(c, &out, buf, size);
    }
    int rc = write_all(c->fd, sb_str(&out), out.len);
    sb_free(&out);
    return rc ? -1 : (ssize_t)size;
}

static int safe_close(void *cookie)
{
    struct safe *c = cookie;
    if (c->ncarry) { /* a cut character at the very end: show its bytes */
        struct strbuf out = STRBUF_INIT;
        for (size_t i = 0; i < c->ncarry; i++)
            sb_addf(&out, "\\x%02x", (unsigned char)c->carry[i]);
        write_all(c->fd, sb_str(&out), out.len);
        sb_free(&out);
    }
    free(c);
    return 0;
}

static struct safe *out_cookie;
/* stderr stays open to the end (messages at exit): its filter is kept here */
static struct safe *err_cookie;

static FILE *open_safe(int fd, bool line_buffered, struct safe **cookie)
{
    struct safe *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    cookie_io_functions_t io = {NULL, safe_write, NULL, safe_close};
    FILE *f = fopencookie(c, "w", io);
    if (!f) {
        free(c);
        return NULL;
    }
    setvbuf(f, NULL, line_buffered ? _IOLBF : _IOFBF, 16384);
    if (cookie)
        *cookie = c;
    return f;
}

void safe_out_install(void)
{
    fflush(stdout);
    FILE *f = open_safe(STDOUT_FILENO, isatty(STDOUT_FILENO), &out_cookie);
    if (f)
        stdout = f;
}

void safe_err_install(void)
{
    fflush(stderr);
    FILE *f = open_safe(STDERR_FILENO, true, &err_cookie);
    if (f)
        stderr = f;
}

void safe_out_raw(bool raw)
{
    fflush(stdout);
    if (out_cookie)
        out_cookie->raw = raw;
}
