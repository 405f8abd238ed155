#ifndef SHOPDESK_APP_PATHS_H
#define SHOPDESK_APP_PATHS_H

#include <stdbool.h>

/* Where shopdesk finds its files. Run from the build tree (src/shopdesk), it uses the source
 * tree's data/ and themes/ and the build tree's locale/; installed, the configured
 * directories. Returned strings are static or owned by this module. */

/* Directory holding data/ and themes/. */
const char *paths_datadir(void);
/* Directory of compiled message catalogs (LOCALEDIR/LANG/LC_MESSAGES/shopdesk.mo). */
const char *paths_localedir(void);
/* $XDG_CONFIG_HOME/shopdesk (default ~/.config/shopdesk). */
const char *paths_configdir(void);
/* $XDG_CACHE_HOME/shopdesk (default ~/.cache/shopdesk). */
const char *paths_cachedir(void);
/* $XDG_DATA_HOME/shopdesk/shop (default ~/.local/share/shopdesk/shop). */
const char *paths_default_shop(void);

/* True when running setgid/setuid (AT_SECURE): then environment variables that could
 * redirect files (SHOPDESK_*, XDG_*) are ignored. */
bool paths_secure(void);
/* Running secure, the shop group's rights are for the shop alone: a file the person names
 * (an import, an export, a report) is opened between these two with the person's own group,
 * so they cannot read or overwrite the shop's files through shopdesk. Nest freely; no-ops
 * when not secure. */
void paths_user_begin(void);
void paths_user_end(void);
/* Running secure, give up the shop group for the rest of the process (the demo shop is the
 * person's own and is made with their rights alone). The process is then no longer secure:
 * with no rights beyond the person's, their environment (HOME, XDG_*) counts again. No-op
 * when not secure. */
void paths_drop_group(void);
/* Whether the person is themselves in the group shopdesk runs with (always, when not
 * setgid). */
bool paths_in_own_group(void);
/* access(2) with the effective ids (what opening the file will be allowed). */
int paths_access(const char *path, int mode);
/* The shop a secure shopdesk opens when none is named (configure --with-shop-dir). */
const char *paths_secure_shop(void);
/* getenv, but NULL when running secure. */
const char *paths_getenv(const char *name);

/* The invoking Unix login (getpwuid(getuid())). Static storage; NULL if unknown. */
const char *paths_login(void);
/* Test programs only (the test build, the stress tier, the benchmark): be another login, so
 * that several people can be played from one Unix account. NULL goes back to the real one.
 * The shopdesk a shop runs never calls it. */
void paths_set_login(const char *name);
/* The login's home directory. */
const char *paths_home(void);

#endif
