#ifndef SHOPDESK_STORE_MYSTERY_H
#define SHOPDESK_STORE_MYSTERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* Who is looking decides what they see: the owner everything; a shopper their own reports;
 * anyone else only released feedback about themselves, never the shopper. */
struct mystery_viewer {
    const char *login;
    bool owner;
    bool shopper;
};

struct mystery_row {
    int64_t id, visited_at;
    int score; /* hundredths of a percent; -1 when not scored */
    bool critical_failed;
    bool shopper_hidden; /* the viewer may not see who the shopper was */
    char shopper[48];
    char target_kind[16];
    char target[64];
    char scorecard[48];
    char status[16];
};

/* Newest visit first, keyset paged, filtered by what the viewer may see. */
int store_mystery_page(struct store *st, const struct mystery_viewer *v,
                       const struct mystery_row *from, bool forward, bool inclusive, int n,
                       struct mystery_row *out, struct sd_err *err);

#endif
