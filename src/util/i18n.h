#ifndef SHOPDESK_UTIL_I18N_H
#define SHOPDESK_UTIL_I18N_H

#include <libintl.h>

/* Every string a person reads goes through _() (or N_() where it is stored and translated
 * later). Internal errors (die) are not translated. */
#define _(s)  gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext((s), (p), (n))

#endif
