#ifndef SHOPDESK_CONF_USERCONF_H
#define SHOPDESK_CONF_USERCONF_H

#include "core/status.h"

/* Personal settings of one person, in $XDG_CONFIG_HOME/shopdesk/config.yaml:
 *   theme: mono          # a theme name (themes/NAME.yaml) or a path
 *   language: zh_CN      # overrides LANG for shopdesk's messages
 * Owned strings; userconf_clear() frees them. */
struct userconf {
    char *theme;
    char *language;
};

/* A missing file is not an error (empty settings). SD_INPUT with FILE:LINE:COL otherwise. */
int userconf_load(const char *path, struct userconf *u, struct sd_err *err);
void userconf_clear(struct userconf *u);

#endif
