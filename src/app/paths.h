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
/* getenv, but NULL when running secure. */
const char *paths_getenv(const char *name);

/* The invoking Unix login (getpwuid(getuid())). Static storage; NULL if unknown. */
const char *paths_login(void);
/* The login's home directory. */
const char *paths_home(void);

#endif
