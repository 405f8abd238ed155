#ifndef SHOPDESK_UTIL_XALLOC_H
#define SHOPDESK_UTIL_XALLOC_H

#include <stddef.h>

/* Allocation that never returns NULL: running out of memory goes through the one fatal path
 * (die), which restores the terminal and rolls back any open transaction. The caller owns
 * every returned pointer and releases it with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *p and set it to NULL. */
#define xfree(p)                                                                                   \
    do {                                                                                           \
        free(*(p));                                                                                \
        *(p) = NULL;                                                                               \
    } while (0)

#endif
