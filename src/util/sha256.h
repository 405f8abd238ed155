#ifndef SHOPDESK_UTIL_SHA256_H
#define SHOPDESK_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

/* SHA-256 for the audit hash chain, settings and evidence files: Nettle's (a maintained
 * library), behind these few names. */
struct digest {
    struct sha256_ctx ctx;
};

void digest_begin(struct digest *c);
void digest_add(struct digest *c, const void *data, size_t n);
void digest_end(struct digest *c, unsigned char out[32]);
/* Digest of data as 64 lower-case hex digits plus NUL in hex[65]. */
void sha256_hex(const void *data, size_t n, char hex[65]);
void sha256_to_hex(const unsigned char digest[32], char hex[65]);
/* Digest of a file's bytes; 0, or the errno of opening or reading it. */
int sha256_file(const char *path, char hex[65]);

#endif
