#ifndef SHOPDESK_APP_AUDIT_ANCHOR_H
#define SHOPDESK_APP_AUDIT_ANCHOR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct session;

/* The audit log's head anchored where the shop's staff cannot write: every commit that adds
 * audit rows sends its head to the system log (syslog, facility authpriv: the journal, or
 * /var/log/auth.log) as "audit head ID HASH PATH", PATH being the shop's database. A group
 * member who rewrites the whole chain, its head and its triggers cannot rewrite those lines,
 * and `shopdesk check` compares the chain with the last of them. */

/* Log each head this session's commits leave. */
void audit_anchor_install(struct session *s);

struct anchor_result {
    bool read;          /* the system log was read */
    char source[256];   /* what was read: "journalctl", "/var/log/auth.log", the file */
    char why[256];      /* why it could not be read (translated) */
    int64_t heads;      /* heads of this shop found there */
    struct {            /* the last of them */
        int64_t id;
        char hash[65];
    } last;
    bool mismatch;      /* the chain no longer holds that head */
    bool past_end;      /* ... because the log now ends before it (rows removed) */
    char now_hash[65];  /* what the row holds now, when it exists */
};

/* Compare the chain with the system log: file names a copy of it to read instead (with the
 * person's own rights), or NULL to read the journal or /var/log/auth.log when this login may.
 * Not being able to read it is not an error: r->read is false and r->why says why. */
int audit_anchor_compare(struct session *s, const char *file, struct anchor_result *r,
                         struct sd_err *err);

/* Whether row id still has hash (a head kept from a mailed review: check --head ID:HASH).
 * *ok false with now_hash "" when the row is gone. */
int audit_head_compare(struct session *s, int64_t id, const char *hash, bool *ok,
                       char now_hash[65], struct sd_err *err);

#endif
