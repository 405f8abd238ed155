#include "config.h"

/* term.h defines a macro for every terminfo capability (tab, lines, ...): keep it here. */
#include <curses.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "tui/ui.h"
#include "util/i18n.h"

int tui_check_terminal(void)
{
    const char *cs = nl_langinfo(CODESET);
    if (!cs || strcmp(cs, "UTF-8") != 0) {
        fprintf(stderr, "shopdesk: %s\n",
                _("the console needs a UTF-8 locale (for example LANG=C.UTF-8 or "
                  "zh_CN.UTF-8); the subcommands work in any locale"));
        return 2;
    }
    const char *term = getenv("TERM");
    if (!term || !*term) {
        fprintf(stderr, "shopdesk: %s\n", _("TERM is not set; the console needs a terminal"));
        return 2;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "shopdesk: %s\n",
                _("the console needs a terminal; use the subcommands (shopdesk --help) in "
                  "scripts"));
        return 2;
    }
    int errret = 0;
    if (setupterm(NULL, STDOUT_FILENO, &errret) != OK) {
        if (errret == 1)
            fprintf(stderr, _("shopdesk: TERM=%s is a hardcopy terminal; the console needs a "
                              "screen\n"),
                    term);
        else
            fprintf(stderr,
                    _("shopdesk: unknown terminal type TERM=%s; try TERM=xterm-256color, "
                      "screen, tmux, linux or vt100\n"),
                    term);
        return 2;
    }
    const char *cup = tigetstr("cup");
    bool ok = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!ok) {
        fprintf(stderr,
                _("shopdesk: TERM=%s cannot move the cursor; the console needs a full-screen "
                  "terminal (xterm-256color, screen, tmux, linux, vt100)\n"),
                term);
        return 2;
    }
    return 0;
}

