#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/mask.h"
#include "util/strbuf.h"
#include "util/utf8.h"

void mask_phone(const char *phone, char *buf, size_t n)
{
    size_t len = strlen(phone);
    if (len == 0) {
        snprintf(buf, n, "%s", "");
        return;
    }
    if (len >= 7)
        snprintf(buf, n, "%.3s****%s", phone, phone + len - 4);
    else if (len > 2)
        snprintf(buf, n, "****%s", phone + len - 2);
    else
        snprintf(buf, n, "****");
}

/* Keep the first keep characters of s, then "****". */
static void keep_prefix(const char *s, size_t keep, const char *fill, char *buf, size_t n)
{
    size_t len = strlen(s), i = 0, chars = 0;
    while (i < len && chars < keep) {
        uint32_t cp;
        int k = utf8_decode(s + i, len - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        chars++;
    }
    struct strbuf sb = STRBUF_INIT;
    sb_add(&sb, s, i);
    if (i < len)
        sb_adds(&sb, fill);
    utf8_copy(buf, n, sb_str(&sb));
    sb_free(&sb);
}

void mask_address(const char *address, char *buf, size_t n)
{
    keep_prefix(address, 6, "****", buf, n);
}

void mask_name(const char *name, char *buf, size_t n)
{
    keep_prefix(name, 1, "*", buf, n);
}
