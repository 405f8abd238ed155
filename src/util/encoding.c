#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/encoding.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static long line_of(const char *buf, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n')
            line++;
    return line;
}

static int convert(const char *buf, size_t len, const char *enc, char **out, size_t *outlen,
                   size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return -2;
    size_t cap = len * 2 + 16;
    char *o = xmalloc(cap + 1);
    char *in = (char *)buf;
    size_t inleft = len, used = 0;
    int rc = 0;
    while (inleft > 0) {
        char *op = o + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, &in, &inleft, &op, &oleft);
        used = (size_t)(op - o);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            cap *= 2;
            o = xrealloc(o, cap + 1);
            continue;
        }
        /* EILSEQ or EINVAL (a truncated sequence at the end) */
        *bad = (size_t)(in - buf);
        rc = -1;
        break;
    }
    iconv_close(cd);
    if (rc != 0) {
        free(o);
        return rc;
    }
    o[used] = '\0';
    *out = o;
    *outlen = used;
    return 0;
}

int enc_to_utf8(const char *buf, size_t len, const char *enc, char **out, size_t *outlen,
                const char **used, long *bad_line, size_t *bad_offset)
{
    size_t bad = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 &&
        (!enc || !strcasecmp(enc, "auto") || !strcasecmp(enc, "UTF-8") ||
         !strcasecmp(enc, "utf8"))) {
        buf += 3;
        len -= 3;
    }
    if (!enc || !strcasecmp(enc, "auto")) {
        if (utf8_valid(buf, len, &bad)) {
            enc = "UTF-8";
        } else {
            enc = "GB18030";
        }
    }
    if (!strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "utf8")) {
        if (!utf8_valid(buf, len, &bad)) {
            *bad_offset = bad;
            *bad_line = line_of(buf, bad);
            return -1;
        }
        *out = xstrndup(buf, len);
        *outlen = len;
        if (memchr(buf, '\0', len)) {
            free(*out);
            *bad_offset = (size_t)((const char *)memchr(buf, '\0', len) - buf);
            *bad_line = line_of(buf, *bad_offset);
            return -1;
        }
        if (used)
            *used = "UTF-8";
        return 0;
    }
    int rc = convert(buf, len, enc, out, outlen, &bad);
    if (rc == -1) {
        *bad_offset = bad;
        *bad_line = line_of(buf, bad);
    }
    if (rc == 0 && memchr(*out, '\0', *outlen)) {
        *bad_offset = (size_t)((const char *)memchr(*out, '\0', *outlen) - *out);
        *bad_line = line_of(*out, *bad_offset);
        free(*out);
        *out = NULL;
        return -1;
    }
    if (rc == 0 && used)
        *used = enc;
    return rc;
}
