/* Prints the console's keys as roff for the man page, from the one action table. */
#include "config.h"

#include <stdio.h>

#include "tui/actions.h"

static void roff_escape(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", stdout);
        else if (*s == '-')
            fputs("\\-", stdout);
        else
            putchar(*s);
    }
}

int main(void)
{
    for (int scope = 0; scope < SCOPE_COUNT; scope++) {
        int shown = 0;
        for (int a = 1; a < ACT_COUNT; a++) {
            if (action_scope((enum action)a) != (enum action_scope)scope)
                continue;
            if (!shown++) {
                printf(".SS ");
                roff_escape(scope_title((enum action_scope)scope));
                putchar('\n');
            }
            printf(".TP\n.B ");
            roff_escape(action_default_keys((enum action)a));
            printf("\n");
            roff_escape(action_help((enum action)a));
            printf(" (\\fB:");
            roff_escape(action_name((enum action)a));
            printf("\\fR)\n");
        }
    }
    return 0;
}
