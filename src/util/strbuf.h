#ifndef SHOPDESK_UTIL_STRBUF_H
#define SHOPDESK_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* A growable, always NUL-terminated byte string. The buffer owns buf; sb_detach hands it to
 * the caller. A zero-initialised struct strbuf is a valid empty buffer. */
struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addch(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
void sb_truncate(struct strbuf *sb, size_t len);
/* Returns a string even for an empty buffer (""); the buffer stays usable. */
const char *sb_str(const struct strbuf *sb);
/* Caller owns the returned string; the buffer becomes empty. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
