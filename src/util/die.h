#ifndef SHOPDESK_UTIL_DIE_H
#define SHOPDESK_UTIL_DIE_H

/* The one fatal path. Hooks run in reverse order of registration (the console registers
 * endwin, the store registers a rollback), then the message is printed to stderr and the
 * process exits with status 1. Internal errors are not translated. */
typedef void (*die_hook_fn)(void);

void die_add_hook(die_hook_fn fn);
void die_remove_hook(die_hook_fn fn);
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
