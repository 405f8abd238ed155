#ifndef SHOPDESK_UTIL_ENCODING_H
#define SHOPDESK_UTIL_ENCODING_H

#include <stddef.h>

/* Convert buf (len bytes) from the named encoding to UTF-8 with iconv. enc NULL or "auto":
 * UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK, which Taobao and
 * Tmall exports use). A UTF-8 BOM is dropped. On success returns 0 and a NUL-terminated buffer
 * the caller frees, and *used names the encoding read. On an invalid byte returns -1 with
 * *bad_line (1-based) and *bad_offset set; on an unknown encoding returns -2. */
int enc_to_utf8(const char *buf, size_t len, const char *enc, char **out, size_t *outlen,
                const char **used, long *bad_line, size_t *bad_offset);

#endif
