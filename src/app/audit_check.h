#ifndef SHOPDESK_APP_AUDIT_CHECK_H
#define SHOPDESK_APP_AUDIT_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct session;

/* The audit log's hash chain, checked for `shopdesk check` (every row) and the daily review.
 * A walk of every row costs about 1.7 s a million rows, so the review walks only the rows
 * after the last one accepted (the seal, kept in the shop and moved every 1,000 rows), after
 * checking that this row still has its hash; once a day, the first review walks every row
 * again, and so does the first review after any change to the schema (editing a row by hand
 * means dropping the log's append-only triggers). A rewritten chain changes the sealed row's
 * hash; a row changed in place before the seal, by someone who also put the schema cookie
 * back, is found by the next full walk, within a day. */
struct audit_state {
    bool broken;
    int64_t bad_id; /* the first broken row */
    int64_t rows;   /* rows walked */
    bool full;      /* every row was walked */
    /* the head the database keeps against the log's last row: they differ when rows were
     * removed from the end (or added around the trigger that moves the head) */
    bool head_moved;
    int64_t head_id, tail_id;
    char head_hash[65]; /* the head, for the owner to keep (the review prints it) */
    /* the triggers that keep the books, against the schema: missing, changed or added */
    int trigger_problems;
    char triggers[2048]; /* one line each, the first few */
};

/* full: walk every row; otherwise as described above. A broken chain is not an error: it is
 * reported in *a (SD_OK); errors are the database's. The seal moves on when the shop can be
 * written (a failure to write it is ignored). */
int audit_check(struct session *s, bool full, struct audit_state *a, struct sd_err *err);

/* Whether anything above is wrong: a broken chain, a head that moved, triggers. */
bool audit_state_bad(const struct audit_state *a);

/* "the audit log is broken at row 12: ...": one translated line (static storage), for the
 * chain or, when the chain holds, the head. */
const char *audit_broken_text(const struct audit_state *a);

#endif
