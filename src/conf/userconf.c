#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf/userconf.h"
#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/i18n.h"

int userconf_load(const char *path, struct userconf *u, struct sd_err *err)
{
    memset(u, 0, sizeof *u);
    if (!path_exists(path))
        return SD_OK;
    struct ydoc *d = NULL;
    int rc = ydoc_load(path, &d, err);
    if (rc)
        return rc;
    static const char *const keys[] = {"theme", "language", NULL};
    if (d->root) {
        if ((rc = yexpect(d, d->root, YNODE_MAP, _("the personal settings"), err)) ||
            (rc = ycheck_keys(d, d->root, keys, err)) ||
            (rc = yget_str(d, d->root, "theme", false, &u->theme, err)) ||
            (rc = yget_str(d, d->root, "language", false, &u->language, err)))
            userconf_clear(u);
    }
    ydoc_free(&d);
    return rc;
}

void userconf_clear(struct userconf *u)
{
    free(u->theme);
    free(u->language);
    memset(u, 0, sizeof *u);
}
