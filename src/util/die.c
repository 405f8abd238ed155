#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/die.h"

#define MAX_HOOKS 8

static die_hook_fn hooks[MAX_HOOKS];
static int nhooks;
static int dying;

void die_add_hook(die_hook_fn fn)
{
    if (nhooks < MAX_HOOKS)
        hooks[nhooks++] = fn;
}

void die_remove_hook(die_hook_fn fn)
{
    for (int i = 0; i < nhooks; i++) {
        if (hooks[i] == fn) {
            for (int j = i + 1; j < nhooks; j++)
                hooks[j - 1] = hooks[j];
            nhooks--;
            return;
        }
    }
}

void die(const char *fmt, ...)
{
    /* A hook that dies again must not recurse into the hooks. */
    if (!dying) {
        dying = 1;
        for (int i = nhooks - 1; i >= 0; i--)
            hooks[i]();
    }
    va_list ap;
    va_start(ap, fmt);
    fputs("shopdesk: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}
