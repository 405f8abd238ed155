#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

void digest_begin(struct digest *c)
{
    nettle_sha256_init(&c->ctx);
}

void digest_add(struct digest *c, const void *data, size_t n)
{
    nettle_sha256_update(&c->ctx, n, data);
}

void digest_end(struct digest *c, unsigned char out[32])
{
    nettle_sha256_digest(&c->ctx, SHA256_DIGEST_SIZE, out);
}

void sha256_to_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void sha256_hex(const void *data, size_t n, char hex[65])
{
    struct digest c;
    unsigned char d[32];
    digest_begin(&c);
    digest_add(&c, data, n);
    digest_end(&c, d);
    sha256_to_hex(d, hex);
}

int sha256_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    struct digest c;
    unsigned char buf[65536], digest[32];
    size_t n;
    digest_begin(&c);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        digest_add(&c, buf, n);
    int e = ferror(f) ? EIO : 0;
    fclose(f);
    if (e)
        return e;
    digest_end(&c, digest);
    sha256_to_hex(digest, hex);
    return 0;
}
