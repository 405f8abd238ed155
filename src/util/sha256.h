#ifndef SHOPDESK_UTIL_SHA256_H
#define SHOPDESK_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), used for the audit hash chain and evidence files. */
struct sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* Digest of data as 64 lower-case hex digits plus NUL in hex[65]. */
void sha256_hex(const void *data, size_t n, char hex[65]);
void sha256_to_hex(const unsigned char digest[32], char hex[65]);
/* Digest of a file's bytes; 0, or the errno of opening or reading it. */
int sha256_file(const char *path, char hex[65]);

#endif
