#ifndef SHOPDESK_APP_SHOP_H
#define SHOPDESK_APP_SHOP_H

#include "core/status.h"

struct shop_init_opts {
    const char *dir;
    const char *name;     /* NULL: "My shop" */
    const char *currency; /* NULL: CNY */
    const char *timezone; /* NULL: Asia/Shanghai */
    const char *database; /* NULL: shop.db; else a PostgreSQL database, named in shop.yaml */
    const char *owner;    /* the login that becomes owner */
    const char *owner_name;
};

/* Create a shop directory: shop.db, shop.yaml from data/shop.yaml, and the scorecards/ and
 * mappings/ folders from data/. The directory is 2770 and the files 0660 so staff in the
 * shop's group share it. All or nothing: on any error nothing is left behind.
 * Errors: SD_CONFLICT (already a shop), SD_INPUT (bad currency or zone), SD_IO. */
int shop_init(const struct shop_init_opts *o, struct sd_err *err);

#endif
